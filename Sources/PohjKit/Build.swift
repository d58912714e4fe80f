import Foundation

public struct BuildResult: Sendable {
    public var files: Int
    public var warnings: [Diagnostic]
    /// Only the dashboards were rebuilt: nothing but narrative changed since the last build (`BuildCache`).
    public var dashboardsOnly = false
}

/// The whole pipeline: read → parse → compute → protect → present → render → write. Frozen
/// periods are copied from `archive/` byte for byte after verifying them. Each period site is
/// presented, rendered and written as soon as it is ready, so memory holds one or two of them,
/// not the whole site. When only narrative changed since the previous build into the same
/// output, only the dashboards are rebuilt (`rebuildDashboards`); the result is the same bytes.
public func buildSite(_ options: BuildOptions, log: StepLog = .silent) throws -> BuildResult {
    if let quick = try rebuildDashboards(options, log: log) { return quick }
    let readAt = Int(Date().timeIntervalSince1970 * 1_000_000_000)
    var loaded = try loadProject(content: options.content, theme: options.theme, themeSearch: options.themeSearch,
                                 skipInvalid: options.skipInvalid, log: log)
    // Parsed: the input's bytes are not needed again (the cache fingerprints stats, not bytes).
    loaded.raw.files = []
    let periods = try selectPeriods(loaded.project, options.period)
    try checkArchivesUntouched(loaded.raw.archives)
    var protectWarnings: [Diagnostic] = []
    BuildCache.remove(for: options.output)
    let staged = try StagedSite(output: options.output)
    let generated: GeneratedSite
    let archiveWarnings: [Diagnostic]
    do {
        generated = try generateSite(&loaded, periods: periods, options: options, warnings: &protectWarnings, into: staged, log: log)
        archiveWarnings = try log.run(7, "write") { () throws -> [Diagnostic] in
            let warnings = try addArchives(loaded.raw.archives, periods: periods, to: staged)
            try staged.finish()
            return warnings
        }
    } catch {
        staged.abandon()
        throw error
    }
    let warnings = loaded.warnings + protectWarnings + archiveWarnings
    let files = staged.count
    if var cache = buildCache(loaded, figures: generated.figures, options: options, readAt: readAt, files: files, warnings: warnings,
                              differing: generated.differing), let output = OutputStamp(of: options.output) {
        cache.output = output
        cache.save(for: options.output)
    }
    return BuildResult(files: files, warnings: warnings + publishedChangeWarnings(generated.differing, loaded.raw.archives))
}

func selectPeriods(_ project: Project, _ only: String?) throws -> [Period] {
    guard let only else { return project.config.periods }
    let periods = project.config.periods.filter { $0.id == only }
    guard !periods.isEmpty else {
        throw BuildFailure(step: "parse", file: "site.yml", "no period '\(only)'; periods are \(project.config.periods.map(\.id).joined(separator: ", "))")
    }
    return periods
}

/// What `generateSite` hands back besides the files it wrote.
struct GeneratedSite {
    /// Published figures of region and municipalities (what the build cache keeps for dashboards).
    var figures: [IndicatorTable.Entry]
    /// Published period in this build → files its fresh copy would change (the frozen copy was written).
    var differing: [String: [String]]
}

/// compute → protect → present → render, each period site handed to `sink` as soon as it is
/// rendered. `archiveOnly` limits it to one period's archive copy (what `pohj publish` freezes);
/// otherwise a published period's copy is replaced by its frozen files (`archives`).
func generateSite(_ loaded: inout LoadedProject, periods: [Period], options: BuildOptions, archiveOnly: Period? = nil,
                  pending: Correction? = nil, warnings: inout [Diagnostic], into sink: FileSink, log: StepLog) throws -> GeneratedSite {
    let published: PublishedTable
    do {
        // In a scope of its own: the tallies (a national project's are hundreds of MB) go as
        // soon as they are protected, before the pages are made.
        var computation = Optional(log.run(3, "compute") { [project = loaded.project] in computeTallies(project, periods: periods) })
        // Counted: pages need the cases no more (a million of them at national scale).
        loaded.project.cases = []
        // Published periods are protected as they were published; a restated one keeps what its
        // published versions show or hide where the corrected data leave it alike (`protect`).
        let restated = pending == nil ? nil : archiveOnly
        let frozenShown = frozenCounts(loaded.raw.archives, periods: periods, except: restated)
        let previousShown = restated.map { [$0.id: previousVersionCounts(loaded.raw.archives, of: $0)] } ?? [:]
        // Handed over, not shared, so protect can let go of the true tallies as it goes.
        published = log.run(4, "protect") { protect(computation.take()!, frozen: frozenShown, previousVersions: previousShown) }
    }
    let project = loaded.project
    if !published.unprotected.isEmpty {
        let list = published.unprotected.prefix(5).joined(separator: "; ") + (published.unprotected.count > 5 ? "; …" : "")
        warnings.append(Diagnostic(.warning, file: "archive/",
                                   "\(published.unprotected.count) hidden count(s) can be narrowed to a range smaller than \(project.config.disclosure.roundingBase) from what the site publishes, and nothing more can be hidden around them because their relations hold only hidden, exact-zero or published-period counts: \(list). They follow from published periods, which stay online as they are (a restatement changes only what its corrected data change), so no build can hide more around them: have them looked into before this period is published"))
    }
    if published.auditStoppedEarly {
        warnings.append(Diagnostic(.warning, file: "data/",
                                   "the disclosure audit stopped at its work limit before it had checked every relation, so some hidden counts may be narrower for a reader than the audit found; do not publish this build, and report it to pohj's maintainers with the size of the project (municipalities, practices, cases, periods)"))
    }
    let renderer = try ThemeRenderer(loaded.raw.theme)
    let frozen = Dictionary(loaded.raw.archives.map { ($0.folder, $0.manifest) }, uniquingKeysWith: { a, _ in a })
    // Only a build replaces a copy by its frozen files; `pohj publish` makes the copy it freezes.
    let replaced = archiveOnly == nil ? Dictionary(loaded.raw.archives.map { ($0.folder, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
    let stamp = Stamp(version: options.version, date: options.buildDate)
    // Logged as "present", though each period site is also rendered and written within it.
    let (paths, differing) = try log.run(5, "present") { () throws -> ([String], [String: [String]]) in
        try presentPeriodSites(project, table: published, periods: periods, frozen: frozen, archiveOnly: archiveOnly, pending: pending, stamp: stamp,
                               renderer: renderer, assets: loaded.raw.theme.assets, replaced: replaced, options: options, into: sink)
    }
    if archiveOnly == nil {
        try log.run(6, "render") {
            try sink.add(siteWideFiles(project.config, periods: periods, frozen: frozen, pagePaths: paths, renderer: renderer, options: options))
        }
    }
    return GeneratedSite(figures: published.entries.filter { $0.scope.type != "practice" }, differing: differing)
}

/// present → render → hand over, per period site: the live site and every period's archive
/// copy. Period sites are independent, so two are made at a time; narrative errors of all of
/// them are reported together (nothing is handed over from a site with errors, and the caller
/// abandons what was). The live site is made from the pages of its twin, the latest period's
/// archive copy, while that is not published (`PeriodSite.retarget`). Returns the paths of the
/// pages and, per published period, the files its fresh copy would change.
func presentPeriodSites(_ project: Project, table: PublishedTable, periods: [Period], frozen: [String: ArchiveManifest] = [:],
                        archiveOnly: Period? = nil, pending: Correction? = nil, stamp: Stamp, renderer: ThemeRenderer,
                        assets: [(path: String, bytes: [UInt8])], replaced: [String: FrozenPeriod], options: BuildOptions,
                        into sink: FileSink) throws -> (pagePaths: [String], differing: [String: [String]]) {
    let presenter = SitePresenter(project: project, table: table, periods: periods)
    var sites = presenter.periodSites(frozen: frozen, archiveOnly: archiveOnly, pending: pending, stamp: stamp)
    @Sendable func isTwin(_ live: PeriodSite, _ site: PeriodSite) -> Bool { site.isArchive && replaced[site.period.id] == nil && live.isTwin(of: site) }
    let live = sites.first { !$0.isArchive }.flatMap { live in sites.contains { isTwin(live, $0) } ? live : nil }
    if let live {
        // The twin first: with the live pages it is the largest job, and made last it would end alone.
        sites = sites.filter { isTwin(live, $0) } + sites.filter { $0.isArchive && !isTwin(live, $0) }
    }
    struct Made: Sendable {
        var livePaths: [String] = []
        var paths: [String] = []
        var diagnostics = Diagnostics()
        var differing: (String, [String])? = nil
        var failure: BuildFailure? = nil
    }
    let made = parallelMapOnThreads(sites) { site -> Made in
        var m = Made()
        var (pages, files) = presenter.periodSite(site, diagnostics: &m.diagnostics)
        guard !m.diagnostics.hasErrors else { return m }
        let practices = presenter.practicesInPageOrder
        let alsoLive = live.flatMap { isTwin($0, site) ? $0 : nil }
        /// The pages rendered, with the live site's copies of them when this is its twin.
        func render(_ pages: ArraySlice<Page>) -> [OutputFile] {
            let all = Array(pages) + (alsoLive.map { live in pages.map { live.retarget($0, from: site) } } ?? [])
            m.livePaths += all.dropFirst(pages.count).map(\.path)
            return parallelMap(all) { renderer.render($0, site: project.config, version: options.version, buildDate: options.buildDate) }
        }
        func withLive(_ files: [OutputFile]) -> [OutputFile] { files + (alsoLive.map { live in files.map { live.retarget($0, from: site) } } ?? []) }
        func hand(_ out: [OutputFile]) -> Bool { handing { try sink.add(out) } }
        func handing(_ write: () throws -> Void) -> Bool {
            m.failure = writeFailure(output: options.output, write)
            return m.failure == nil
        }
        // Each archive copy carries its own stylesheets, so it stays whole when the theme changes.
        let assetFiles = assets.map { OutputFile(path: site.prefix + "assets/\($0.path)", bytes: $0.bytes) }
            + (alsoLive == nil ? [] : assets.map { OutputFile(path: "assets/\($0.path)", bytes: $0.bytes) })
        if site.isArchive, let archive = replaced[site.period.id] {
            // Published: the frozen copy goes out; the fresh one only tells what would change.
            let practiceSite = presenter.practicePages(site, practices[...])
            pages += practiceSite.pages
            files += practiceSite.files
            m.paths = pages.map(\.path)
            let downloads = CollectedFiles()
            try? presenter.writeDownloads(site, into: downloads)
            let out = render(pages[...]) + files + downloads.files + assetFiles
            let fresh = Dictionary(out.map { (String($0.path.dropFirst(site.prefix.count)), $0.bytes) }, uniquingKeysWith: { a, _ in a })
            let kept = Dictionary(archive.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            m.differing = (archive.folder, Set(fresh.keys).union(kept.keys).filter { fresh[$0] != kept[$0] }.sorted().map { site.prefix + $0 })
            _ = hand(archive.files.map { OutputFile(path: site.prefix + $0.path, bytes: $0.bytes) })
            return m
        }
        // Pages are rendered and handed over a batch at a time, and practice pages made a batch
        // at a time, so a period site's pages (hundreds of MB at national scale) are never held
        // whole. The downloads are written as they are made, beside the pages: they need one
        // core for a second or more, and a site made last would otherwise leave the other idle.
        guard hand(withLive(files) + assetFiles) else { return m }
        files = []
        let (pagesMade, downloadsMade) = sideBySide({ () -> Made in
            m.paths = pages.map(\.path)
            for start in stride(from: 0, to: pages.count, by: pagesPerBatch) {
                guard hand(render(pages[start..<min(start + pagesPerBatch, pages.count)])) else { return m }
            }
            pages = []
            for start in stride(from: 0, to: practices.count, by: pagesPerBatch) {
                let batch = presenter.practicePages(site, practices[start..<min(start + pagesPerBatch, practices.count)])
                m.paths += batch.pages.map(\.path)
                guard hand(render(batch.pages[...]) + withLive(batch.files)) else { return m }
            }
            return m
        }, {
            writeFailure(output: options.output) { try presenter.writeDownloads(site, into: sink) }
        })
        m = pagesMade
        if m.failure == nil { m.failure = downloadsMade }
        return m
    }
    // The live site repeats the current period's narrative errors; report each once.
    var seen: Set<String> = []
    let errors = made.flatMap(\.diagnostics.all).filter { seen.insert($0.description).inserted }
    if errors.contains(where: { $0.severity == .error }) { throw BuildFailure(step: "present", diagnostics: errors) }
    if let failure = made.compactMap(\.failure).first { throw failure }
    return (made.flatMap(\.livePaths) + made.flatMap(\.paths), Dictionary(made.compactMap(\.differing), uniquingKeysWith: { a, _ in a }))
}

/// What went wrong handing files to the sink, as a build failure; nil when nothing did.
func writeFailure(output: String, _ write: () throws -> Void) -> BuildFailure? {
    do { try write() } catch let failure as BuildFailure { return failure } catch {
        return BuildFailure(step: "write", file: output, "cannot write the site: \(error.localizedDescription)")
    }
    return nil
}

/// Pages rendered and handed to the sink at a time (`presentPeriodSites`): enough to keep both
/// cores busy, few enough that their HTML stays small.
let pagesPerBatch = 500

/// The archive index, 404, accessibility statement, robots.txt, sitemap (of every page) and feed.
func siteWideFiles(_ config: SiteConfig, periods: [Period], frozen: [String: ArchiveManifest], pagePaths: [String],
                   renderer: ThemeRenderer, options: BuildOptions) -> [OutputFile] {
    let inBuild = frozen.filter { f in periods.contains { $0.id == f.key } }
    let siteFiles = SiteFiles(config: config, periods: periods, frozen: inBuild.mapValues(\.frozenOn), previousVersions: inBuild.mapValues(\.previousVersions))
    let pages = [siteFiles.archiveIndex(), siteFiles.notFound(), siteFiles.accessibilityStatement()]
    let paths = pagePaths + pages.map(\.path) + frozen.flatMap { f in f.value.previousVersions.map { "archief/\($0)/index.html" } }
    return pages.map { renderer.render($0, site: config, version: options.version, buildDate: options.buildDate) }
        + [siteFiles.robots(), siteFiles.sitemap(paths), siteFiles.feed()]
}

/// Refuses to build when a published period's files were changed after `pohj publish`.
func checkArchivesUntouched(_ archives: [FrozenPeriod]) throws {
    let failures = archives.compactMap { archive -> Diagnostic? in
        let tampered = archive.tampered()
        guard !tampered.isEmpty else { return nil }
        return Diagnostic(.error, file: "archive/\(archive.folder)",
                          "was changed after `pohj publish` (\(tampered.prefix(5).joined(separator: ", "))\(tampered.count > 5 ? ", …" : "")); a published period is never edited by hand. Restore the files from version control, or publish a correction with `pohj publish \(archive.manifest.period) --restate \"<reason>\"`")
    }
    if !failures.isEmpty { throw BuildFailure(step: "write", diagnostics: failures) }
}

/// Adds what the period sites did not: the published copies of periods no longer built (and
/// earlier versions kept by restatements), and every period's downloads at the root, links to
/// the bytes of its archive copy (frozen or fresh).
func addArchives(_ archives: [FrozenPeriod], periods: [Period], to site: StagedSite) throws -> [Diagnostic] {
    var warnings: [Diagnostic] = []
    for archive in archives where !periods.contains(where: { $0.id == archive.folder }) {
        if !archive.folder.contains("--v") {
            warnings.append(Diagnostic(.warning, file: "archive/\(archive.folder)", "period \(archive.folder) is no longer in site.yml; its published copy is kept"))
        }
        try site.add(archive.files.map { OutputFile(path: "archief/\(archive.folder)/" + $0.path, bytes: $0.bytes) })
    }
    try site.add(periods.flatMap { p in
        ["indicators.csv", "indicators.json"].map { OutputFile(path: "data/\(p.id)/\($0)", bytes: [], sameAs: "archief/\(p.id)/data/\(p.id)/\($0)") }
    }.filter { site.contains($0.sameAs!) })
    return warnings
}

/// "Period … stays as published; the current input would change …", per published period whose
/// fresh copy differs (`differing`: period → files of its fresh copy that differ).
func publishedChangeWarnings(_ differing: [String: [String]], _ archives: [FrozenPeriod]) -> [Diagnostic] {
    archives.compactMap { archive in
        guard let differing = differing[archive.folder], !differing.isEmpty else { return nil }
        let prefix = "archief/\(archive.folder)/"
        return Diagnostic(.warning, file: "archive/\(archive.folder)",
                          "period \(archive.folder) was published on \(DutchFormat.shortDate(archive.manifest.frozenOn)) and stays as published; the current data, narrative or theme would change \(differing.count) file(s): \(differing.prefix(8).map { String($0.dropFirst(prefix.count)) }.joined(separator: ", "))\(differing.count > 8 ? ", …" : ""). To publish the change, run `pohj publish \(archive.folder) --restate \"<reason>\"`")
    }
}

/// Result of `pohj publish`.
public struct PublishResult: Sendable {
    public var period: String
    public var files: Int
    public var previousVersion: String?
    public var build: BuildResult
}

/// `pohj publish <period> [--restate reason]`: freezes a period's archive copy into
/// `<content>/archive/<period>/` with a manifest, then rebuilds the site. A published period is
/// only changed by a restatement, which keeps the previous version beside it.
public func publishPeriod(_ options: BuildOptions, period id: String, restate: String?, log: StepLog = .silent) throws -> PublishResult {
    var loaded = try loadProject(content: options.content, theme: options.theme, themeSearch: options.themeSearch, log: log)
    guard let period = loaded.project.config.periods.first(where: { $0.id == id }) else {
        throw BuildFailure(step: "publish", file: "site.yml", "no period '\(id)'; periods are \(loaded.project.config.periods.map(\.id).joined(separator: ", "))")
    }
    // Frozen before its last day is over, a period would keep the cases and costs of part of it.
    guard period.end < options.buildDate else {
        throw BuildFailure(step: "publish", diagnostics: [Diagnostic(.error, file: "site.yml", line: loaded.project.config.periodLines[id], "period \(id) runs until \(DutchFormat.shortDate(period.end)) and it is \(DutchFormat.shortDate(options.buildDate)): a period is published once it is over and its data are complete, from \(DutchFormat.shortDate(period.end.adding(days: 1))) on")])
    }
    let existing = loaded.raw.archives.first { $0.folder == id }
    if let existing, restate == nil {
        throw BuildFailure(step: "publish", file: "archive/\(id)", "period \(id) was published on \(DutchFormat.shortDate(existing.manifest.frozenOn)) and does not change; to correct it run `pohj publish \(id) --restate \"<reason>\"`")
    }
    if existing == nil, restate != nil {
        throw BuildFailure(step: "publish", file: "archive/\(id)", "period \(id) has not been published yet; run `pohj publish \(id)` without --restate")
    }
    if let reason = restate, reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw BuildFailure(step: "publish", file: "archive/\(id)", "a restatement needs a reason, e.g. --restate \"kosten Katwijk gecorrigeerd\"")
    }
    if let existing, !existing.tampered().isEmpty {
        throw BuildFailure(step: "publish", file: "archive/\(id)", "was changed after publishing (\(existing.tampered().prefix(5).joined(separator: ", "))); restore it from version control before restating")
    }
    // What the period's pages show of other periods is frozen with them: those must be published.
    let publishedFolders = Set(loaded.raw.archives.map(\.folder))
    let unpublished = unpublishedPeriodsShown(beside: period, periods: loaded.project.config.periods, narratives: loaded.project.narratives,
                                              published: publishedFolders, line: loaded.project.config.periodLines[id])
    if !unpublished.isEmpty { throw BuildFailure(step: "publish", diagnostics: unpublished) }
    let pending = restate.map { Correction(date: options.buildDate, reason: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    // The archive copy knows the periods that end before it (its menu), so present them all.
    var warnings: [Diagnostic] = []   // the build below reports them
    let collected = CollectedFiles()
    let hash = inputHash(loaded.raw)
    _ = try generateSite(&loaded, periods: loaded.project.config.periods, options: options, archiveOnly: period, pending: pending,
                         warnings: &warnings, into: collected, log: log)
    let generated = collected.files
    let prefix = "archief/\(id)/"
    let files = generated.filter { $0.path.hasPrefix(prefix) }.map { OutputFile(path: String($0.path.dropFirst(prefix.count)), bytes: $0.bytes) }
        .sorted { $0.path < $1.path }
    var previous = existing?.manifest.previousVersions ?? []
    var previousFolder: String? = nil
    if let existing {
        previousFolder = previousVersionFolder(id, existing.manifest.previousVersions.count + 1)
        previous.append(previousFolder!)
    }
    let manifest = ArchiveManifest(period: id, frozenOn: options.buildDate, toolVersion: options.version, inputHash: hash,
                                   corrections: (existing?.manifest.corrections ?? []) + (pending.map { [$0] } ?? []),
                                   previousVersions: previous, files: files.map { ($0.path, SHA256.hex($0.bytes)) })
    let archiveRoot = URL(fileURLWithPath: options.content).appendingPathComponent("archive")
    if let previousFolder {
        // The published version moves aside untouched and stays on the site under its own folder.
        try FileManager.default.moveItem(at: archiveRoot.appendingPathComponent(id), to: archiveRoot.appendingPathComponent(previousFolder))
    }
    try writeSite(files + [OutputFile(path: "manifest.json", text: manifest.json())], to: archiveRoot.appendingPathComponent(id).path)
    var build = try buildSite(options, log: log)
    if pending != nil {
        build.warnings += publishedPagesShowingRestated(period, periods: loaded.project.config.periods, narratives: loaded.project.narratives,
                                                        published: publishedFolders)
    }
    return PublishResult(period: id, files: files.count, previousVersion: previousFolder, build: build)
}

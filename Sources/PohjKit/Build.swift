import Foundation

public struct BuildResult: Sendable {
    public var files: Int
    public var warnings: [Diagnostic]
    /// Only the dashboards were rebuilt: nothing but narrative changed since the last build (`BuildCache`).
    public var dashboardsOnly = false
}

/// The whole pipeline: read → parse → compute → protect → present → render → write. Frozen
/// periods are copied from `archive/` byte for byte after verifying them. When only narrative
/// changed since the previous build into the same output, only the dashboards are rebuilt
/// (`rebuildDashboards`); the result is the same bytes.
public func buildSite(_ options: BuildOptions, log: StepLog = .silent) throws -> BuildResult {
    if let quick = try rebuildDashboards(options, log: log) { return quick }
    let readAt = Int(Date().timeIntervalSince1970 * 1_000_000_000)
    let loaded = try loadProject(content: options.content, theme: options.theme, themeSearch: options.themeSearch,
                                 skipInvalid: options.skipInvalid, log: log)
    let periods = try selectPeriods(loaded.project, options.period)
    var protectWarnings: [Diagnostic] = []
    let (generated, figures) = try generateSite(loaded, periods: periods, options: options, warnings: &protectWarnings, log: log)
    let applied = try applyArchives(generated, archives: loaded.raw.archives, periods: periods)
    let warnings = loaded.warnings + protectWarnings + applied.warnings
    let cache = buildCache(loaded, figures: figures, options: options, readAt: readAt, files: applied.files.count, warnings: warnings,
                           differing: applied.differing)
    BuildCache.remove(for: options.output)
    try log.run(7, "write") { try writeSite(applied.files, to: options.output) }
    if var cache, let output = OutputStamp(of: options.output) {
        cache.output = output
        cache.save(for: options.output)
    }
    return BuildResult(files: applied.files.count, warnings: warnings + applied.changeWarnings(loaded.raw.archives))
}

func selectPeriods(_ project: Project, _ only: String?) throws -> [Period] {
    guard let only else { return project.config.periods }
    let periods = project.config.periods.filter { $0.id == only }
    guard !periods.isEmpty else {
        throw BuildFailure(step: "parse", file: "site.yml", "no period '\(only)'; periods are \(project.config.periods.map(\.id).joined(separator: ", "))")
    }
    return periods
}

/// compute → protect → present → render: every file of the site, in memory, and the published
/// figures of region and municipalities (what the build cache keeps for dashboards). `archiveOnly`
/// limits it to one period's archive copy (what `pohj publish` freezes).
func generateSite(_ loaded: LoadedProject, periods: [Period], options: BuildOptions, archiveOnly: Period? = nil,
                  pending: Correction? = nil, warnings: inout [Diagnostic], log: StepLog) throws -> (files: [OutputFile], figures: [IndicatorTable.Entry]) {
    let project = loaded.project
    let computation = log.run(3, "compute") { computeTallies(project, periods: periods) }
    // Published periods are protected as they were published; a restated one is protected anew.
    let frozenShown = frozenCounts(loaded.raw.archives, periods: periods, except: pending == nil ? nil : archiveOnly)
    let published = log.run(4, "protect") { protect(computation, frozen: frozenShown) }
    if !published.unprotected.isEmpty {
        let list = published.unprotected.prefix(5).joined(separator: "; ") + (published.unprotected.count > 5 ? "; …" : "")
        warnings.append(Diagnostic(.warning, file: "archive/",
                                   "\(published.unprotected.count) hidden count(s) can be narrowed to a range smaller than \(project.config.disclosure.roundingBase) from what the site publishes, and nothing more can be hidden around them because their relations hold only hidden, exact-zero or published-period counts: \(list). Restate the published period they depend on (`pohj publish <period> --restate \"<reason>\"`) so it is protected anew"))
    }
    let frozen = Dictionary(loaded.raw.archives.map { ($0.folder, $0.manifest) }, uniquingKeysWith: { a, _ in a })
    let (pages, dataFiles) = try log.run(5, "present") {
        try presentSite(project, table: published, periods: periods, frozen: frozen, archiveOnly: archiveOnly, pending: pending,
                        stamp: Stamp(version: options.version, date: options.buildDate))
    }
    let files = try log.run(6, "render") { () throws -> [OutputFile] in
        let renderer = try ThemeRenderer(loaded.raw.theme)
        let html = parallelMap(pages) { renderer.render($0, site: project.config, version: options.version, buildDate: options.buildDate) }
        // Each archive copy carries its own stylesheets, so it stays whole when the theme changes.
        let prefixes = archiveOnly.map { ["archief/\($0.id)/"] } ?? ([""] + periods.map { "archief/\($0.id)/" })
        let assets = prefixes.flatMap { prefix in loaded.raw.theme.assets.map { OutputFile(path: prefix + "assets/\($0.path)", bytes: $0.bytes) } }
        return html + dataFiles + assets
    }
    return (files, published.entries.filter { $0.scope.type != "practice" })
}

/// present: the live site, every period's archive copy, and the site-wide files. Period sites are
/// independent, so they are presented in parallel; narrative errors of all of them are reported together.
func presentSite(_ project: Project, table: PublishedTable, periods: [Period], frozen: [String: ArchiveManifest] = [:],
                 archiveOnly: Period? = nil, pending: Correction? = nil, stamp: Stamp) throws -> ([Page], [OutputFile]) {
    let presenter = SitePresenter(project: project, table: table, periods: periods)
    let sites = presenter.periodSites(frozen: frozen, archiveOnly: archiveOnly, pending: pending, stamp: stamp)
    let results = parallelMap(sites) { site -> ([Page], [OutputFile], Diagnostics) in
        var d = Diagnostics()
        let (pages, files) = presenter.periodSite(site, diagnostics: &d)
        return (pages, files, d)
    }
    // The live site repeats the current period's narrative errors; report each once.
    var seen: Set<String> = []
    let errors = results.flatMap { $0.2.all }.filter { seen.insert($0.description).inserted }
    if errors.contains(where: { $0.severity == .error }) { throw BuildFailure(step: "present", diagnostics: errors) }
    var pages = results.flatMap { $0.0 }
    var files = results.flatMap { $0.1 }
    if archiveOnly == nil {
        let siteFiles = SiteFiles(config: project.config, periods: periods, frozen: frozen.filter { f in periods.contains { $0.id == f.key } }.mapValues(\.frozenOn),
                                  previousVersions: frozen.filter { f in periods.contains { $0.id == f.key } }.mapValues(\.previousVersions))
        pages.append(siteFiles.archiveIndex())
        pages.append(siteFiles.notFound())
        pages.append(siteFiles.accessibilityStatement())
        files += [siteFiles.robots(), siteFiles.sitemap(pages.map(\.path) + frozen.flatMap { f in f.value.previousVersions.map { "archief/\($0)/index.html" } }), siteFiles.feed()]
    }
    return (pages, files)
}

/// Replaces generated archive copies by the frozen ones, after checking every frozen file
/// against its manifest, and adds earlier versions kept by restatements. The root carries every
/// period's downloads, the same bytes as its archive copy.
func applyArchives(_ generated: [OutputFile], archives: [FrozenPeriod], periods: [Period]) throws -> AppliedArchives {
    var warnings: [Diagnostic] = []
    var differingOf: [String: [String]] = [:]
    var failures: [Diagnostic] = []
    var files = generated
    for archive in archives {
        let tampered = archive.tampered()
        if !tampered.isEmpty {
            failures.append(Diagnostic(.error, file: "archive/\(archive.folder)",
                                       "was changed after `pohj publish` (\(tampered.prefix(5).joined(separator: ", "))\(tampered.count > 5 ? ", …" : "")); a published period is never edited by hand. Restore the files from version control, or publish a correction with `pohj publish \(archive.manifest.period) --restate \"<reason>\"`"))
            continue
        }
        let prefix = "archief/\(archive.folder)/"
        let frozenFiles = archive.files.map { OutputFile(path: prefix + $0.path, bytes: $0.bytes) }
        if periods.contains(where: { $0.id == archive.folder }) {
            let fresh = Dictionary(files.filter { $0.path.hasPrefix(prefix) }.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            let kept = Dictionary(frozenFiles.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
            differingOf[archive.folder] = Set(fresh.keys).union(kept.keys).filter { fresh[$0] != kept[$0] }.sorted()
            files.removeAll { $0.path.hasPrefix(prefix) }
        } else if !archive.folder.contains("--v") {
            warnings.append(Diagnostic(.warning, file: "archive/\(archive.folder)", "period \(archive.folder) is no longer in site.yml; its published copy is kept"))
        }
        files += frozenFiles
    }
    if !failures.isEmpty { throw BuildFailure(step: "write", diagnostics: failures) }
    // Root downloads of every period, taken from the period's archive copy (frozen or fresh).
    for p in periods {
        for name in ["indicators.csv", "indicators.json"] {
            let rootPath = "data/\(p.id)/\(name)"
            guard let source = files.first(where: { $0.path == "archief/\(p.id)/data/\(p.id)/\(name)" }) else { continue }
            files.removeAll { $0.path == rootPath }
            files.append(OutputFile(path: rootPath, bytes: source.bytes, sameAs: source.path))
        }
    }
    return AppliedArchives(files: files, warnings: warnings, differing: differingOf)
}

/// The site with its published periods in place.
struct AppliedArchives {
    var files: [OutputFile]
    /// About archives (a period no longer in site.yml), not about changes to published periods.
    var warnings: [Diagnostic]
    /// Published period in this build → files its fresh copy would change.
    var differing: [String: [String]]

    /// "Period … stays as published; the current input would change …", per published period.
    func changeWarnings(_ archives: [FrozenPeriod]) -> [Diagnostic] {
        archives.compactMap { archive in
            guard let differing = differing[archive.folder], !differing.isEmpty else { return nil }
            let prefix = "archief/\(archive.folder)/"
            return Diagnostic(.warning, file: "archive/\(archive.folder)",
                              "period \(archive.folder) was published on \(DutchFormat.shortDate(archive.manifest.frozenOn)) and stays as published; the current data, narrative or theme would change \(differing.count) file(s): \(differing.prefix(8).map { String($0.dropFirst(prefix.count)) }.joined(separator: ", "))\(differing.count > 8 ? ", …" : ""). To publish the change, run `pohj publish \(archive.folder) --restate \"<reason>\"`")
        }
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
    let loaded = try loadProject(content: options.content, theme: options.theme, themeSearch: options.themeSearch, log: log)
    guard let period = loaded.project.config.periods.first(where: { $0.id == id }) else {
        throw BuildFailure(step: "publish", file: "site.yml", "no period '\(id)'; periods are \(loaded.project.config.periods.map(\.id).joined(separator: ", "))")
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
    let pending = restate.map { Correction(date: options.buildDate, reason: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    // The archive copy knows the periods that end before it (its menu), so present them all.
    var warnings: [Diagnostic] = []   // the build below reports them
    let generated = try generateSite(loaded, periods: loaded.project.config.periods, options: options, archiveOnly: period, pending: pending,
                                     warnings: &warnings, log: log).files
    let prefix = "archief/\(id)/"
    let files = generated.filter { $0.path.hasPrefix(prefix) }.map { OutputFile(path: String($0.path.dropFirst(prefix.count)), bytes: $0.bytes) }
        .sorted { $0.path < $1.path }
    var previous = existing?.manifest.previousVersions ?? []
    var previousFolder: String? = nil
    if let existing {
        previousFolder = previousVersionFolder(id, existing.manifest.previousVersions.count + 1)
        previous.append(previousFolder!)
    }
    let manifest = ArchiveManifest(period: id, frozenOn: options.buildDate, toolVersion: options.version, inputHash: inputHash(loaded.raw),
                                   corrections: (existing?.manifest.corrections ?? []) + (pending.map { [$0] } ?? []),
                                   previousVersions: previous, files: files.map { ($0.path, SHA256.hex($0.bytes)) })
    let archiveRoot = URL(fileURLWithPath: options.content).appendingPathComponent("archive")
    if let previousFolder {
        // The published version moves aside untouched and stays on the site under its own folder.
        try FileManager.default.moveItem(at: archiveRoot.appendingPathComponent(id), to: archiveRoot.appendingPathComponent(previousFolder))
    }
    try writeSite(files + [OutputFile(path: "manifest.json", text: manifest.json())], to: archiveRoot.appendingPathComponent(id).path)
    let build = try buildSite(options, log: log)
    return PublishResult(period: id, files: files.count, previousVersion: previousFolder, build: build)
}

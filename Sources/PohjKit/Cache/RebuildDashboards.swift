import Foundation

/// Narrative appears on the dashboards and nowhere else, so when nothing but narrative changed
/// since the last build into the same output, the dashboards are the only pages that can differ.
/// This rebuild reads everything except the case files (their stats are compared instead),
/// takes the published figures the dashboards show from the build cache, presents and renders
/// the dashboards of the live site and every period's archive copy, and replaces those whose
/// bytes changed (each through a temporary file and a rename, so a page is never half written).
/// Returns nil when the shortcut does not apply; the caller then builds everything.
func rebuildDashboards(_ options: BuildOptions, log: StepLog) throws -> BuildResult? {
    guard let outputStamp = OutputStamp(of: options.output) else { return nil }
    // Timed quietly: the step log only shows this rebuild once it is sure to happen.
    let quiet = HeldLines()
    let timer = StepLog { line in quiet.lines.append(line) }
    let raw = try timer.run(1, "read", of: 5) {
        try readProject(content: options.content, themeName: options.theme, themeSearch: options.themeSearch, caseBytes: false)
    }
    let parsing = timer.run(2, "parse", of: 5) { () -> (BuildCache, Project, [Diagnostic])? in
        // The cache's head first: when the last build differs, a full build follows at once,
        // without parsing the project's other files twice.
        let fingerprint = BuildCache.fingerprint(raw, options: options)
        guard let head = BuildCache.head(for: options.output), head.fingerprint == fingerprint, head.output == outputStamp,
              head.predates(raw) else { return nil }
        let (parsed, diagnostics) = parseProject(raw, skipInvalid: options.skipInvalid, withCases: false)
        // The cache holds region and municipality figures: narrative naming a practice needs it all.
        guard let parsed, !parsed.narratives.contains(where: namesAPractice),
              let cache = BuildCache.load(for: options.output, periods: parsed.config.periods), cache.fingerprint == fingerprint,
              raw.stats.allSatisfy({ access(options.content + "/" + $0.path, R_OK) == 0 }),
              raw.archives.allSatisfy({ $0.tampered().isEmpty }) else { return nil }
        return (cache, parsed, diagnostics.all.filter { $0.file.hasPrefix("narrative/") })
    }
    guard let (cache, parsedProject, narrative) = parsing else { return nil }
    quiet.lines.forEach(log.emit)
    // Everything but the narrative is as it was, so every message not about narrative is too.
    if narrative.contains(where: { $0.severity == .error }) {
        throw BuildFailure(step: "parse", diagnostics: cache.warnings + narrative)
    }
    let project = { var p = parsedProject; p.quality = cache.quality; return p }()
    let periods = try selectPeriods(project, options.period)

    let frozen = Dictionary(raw.archives.map { ($0.folder, $0.manifest) }, uniquingKeysWith: { a, _ in a })
    let dashboards = try log.run(3, "present", of: 5) { () throws -> [(Page, OutputFile)] in
        // The published figures of region and municipalities, as the last build protected them.
        // Of the non-count inputs a dashboard reads the region's only (the scenarios' projection).
        // (Each sums every practice's costs and hours in exact decimals: one period per core.)
        let rows = ScopeRows(project)
        let inputs = parallelMap(cache.entries.filter { $0.scope == .region }) { e in
            (e.period.id + "\u{1F}" + e.scope.type + "\u{1F}" + e.scope.id, scopeInputs(project, period: e.period, scope: e.scope, rows: rows))
        }
        let table = PublishedTable.restored(entries: cache.entries, prices: resolvePrices(project), policy: project.config.disclosure,
                                            inputs: Dictionary(inputs, uniquingKeysWith: { a, _ in a }))
        let presenter = SitePresenter(project: project, table: table, periods: periods)
        let sites = presenter.periodSites(frozen: frozen, archiveOnly: nil, pending: nil, stamp: Stamp(version: options.version, date: options.buildDate))
        var d = Diagnostics()
        let made = sites.map { $0.dashboard(diagnostics: &d) }
        // The live site repeats the current period's narrative errors; report each once.
        var seen: Set<String> = []
        if d.hasErrors { throw BuildFailure(step: "present", diagnostics: d.all.filter { seen.insert($0.description).inserted }) }
        return made
    }
    let files = try log.run(4, "render", of: 5) { () throws -> [OutputFile] in
        let renderer = try ThemeRenderer(raw.theme)
        return dashboards.flatMap { page, csv in [renderer.render(page, site: project.config, version: options.version, buildDate: options.buildDate), csv] }
    }
    // A published period's copy stays as it was; its fresh dashboard only tells whether to warn.
    var differing = cache.frozenDiffering
    var written: [OutputFile] = []
    for file in files {
        guard let archive = raw.archives.first(where: { periods.map(\.id).contains($0.folder) && file.path.hasPrefix("archief/\($0.folder)/") }) else {
            written.append(file)
            continue
        }
        let inCopy = String(file.path.dropFirst("archief/\(archive.folder)/".count))
        if inCopy == "index.html", archive.files.first(where: { $0.path == inCopy })?.bytes != file.bytes {
            differing[archive.folder, default: []].append(file.path)
            differing[archive.folder]!.sort()
        }
    }
    let changed = try log.run(5, "write", of: 5) { try replaceChangedFiles(written, in: options.output) }
    log.emit("pohj: nothing but narrative changed since the last build; \(changed) of \(written.count) dashboard files rewritten")
    return BuildResult(files: cache.files, warnings: cache.warnings + narrative.filter { $0.severity == .warning } + publishedChangeWarnings(differing, raw.archives),
                       dashboardsOnly: true)
}

/// Whether a narrative file has a placeholder naming a practice (`scope=practice:"…"`).
func namesAPractice(_ n: Narrative) -> Bool {
    var rest = n.body[...]
    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
        if case .value(_, .practice?, _)? = parsePlaceholder(String(rest[open.upperBound..<close.lowerBound])) { return true }
        rest = rest[close.upperBound...]
    }
    return false
}

/// Writes the files whose bytes differ from what the output holds, each through a temporary
/// file beside it (`.<name>.pohj-<pid>`, hidden, so never published) and a rename. Temporary
/// files a stopped rebuild left behind are removed first. Returns how many were written.
func replaceChangedFiles(_ files: [OutputFile], in output: String) throws -> Int {
    let root = URL(fileURLWithPath: output)
    let fm = FileManager.default
    for folder in Set(files.map { root.appendingPathComponent($0.path).deletingLastPathComponent().path }) {
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") && name.contains(".pohj-") {
            try? fm.removeItem(atPath: folder + "/" + name)
        }
    }
    var count = 0
    for file in files {
        guard isSafeRelativePath(file.path) else { throw BuildFailure(step: "write", file: file.path, "refusing to write outside the output folder") }
        let target = root.appendingPathComponent(file.path)
        if let existing = fm.contents(atPath: target.path), existing.count == file.bytes.count, [UInt8](existing) == file.bytes { continue }
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).pohj-\(ProcessInfo.processInfo.processIdentifier)")
        if let failure = writeBytes(file.bytes, to: temp.path) {
            try? fm.removeItem(at: temp)
            throw BuildFailure(step: "write", file: output, "cannot write \(file.path): \(failure)")
        }
        guard rename(temp.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: temp)
            throw BuildFailure(step: "write", file: output, "cannot replace \(file.path): \(reason)")
        }
        count += 1
    }
    return count
}

/// After a whole build: what the next one needs to rebuild only the dashboards (its output
/// folder is filled in once the new site is in place).
func buildCache(_ loaded: LoadedProject, figures: [IndicatorTable.Entry], options: BuildOptions, readAt: Int, files: Int,
                warnings: [Diagnostic], differing: [String: [String]]) -> BuildCache? {
    // Rows left out under --skip-invalid are listed on the dashboard from the parsed rows; not cached.
    guard loaded.project.quality.skipped.isEmpty else { return nil }
    return BuildCache(fingerprint: BuildCache.fingerprint(loaded.raw, options: options), output: .none, files: files,
                      readAt: readAt, quality: loaded.project.quality,
                      warnings: warnings.filter { !$0.file.hasPrefix("narrative/") },
                      frozenDiffering: Dictionary(uniqueKeysWithValues: differing.map { folder, paths in (folder, paths.filter { $0 != "archief/\(folder)/index.html" }) }),
                      entries: figures)
}

/// Step-log lines kept back until the rebuild is sure to happen (written from one thread only).
private final class HeldLines: @unchecked Sendable {
    var lines: [String] = []
}

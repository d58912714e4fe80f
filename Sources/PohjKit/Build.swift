import Foundation

public struct BuildResult: Sendable {
    public var files: Int
    public var warnings: [Diagnostic]
}

/// The whole pipeline: read → parse → compute → protect → present → render → write.
public func buildSite(_ options: BuildOptions, log: StepLog = .silent) throws -> BuildResult {
    let (project, theme, warnings) = try loadProject(content: options.content, theme: options.theme, themeSearch: options.themeSearch, log: log)
    var periods = project.config.periods
    if let only = options.period {
        periods = periods.filter { $0.id == only }
        guard !periods.isEmpty else {
            throw BuildFailure(step: "parse", file: "site.yml", "no period '\(only)'; periods are \(project.config.periods.map(\.id).joined(separator: ", "))")
        }
    }
    let computation = log.run(3, "compute") { computeTallies(project, periods: periods) }
    let published = log.run(4, "protect") { protect(computation) }
    let (pages, dataFiles) = try log.run(5, "present") { try presentSite(project, table: published, periods: periods) }
    let files = try log.run(6, "render") { () throws -> [OutputFile] in
        let renderer = try ThemeRenderer(theme)
        let html = parallelMap(pages) { renderer.render($0, site: project.config, version: options.version, buildDate: options.buildDate) }
        // Each archive copy carries its own stylesheets, so it stays whole when the theme changes.
        let prefixes = [""] + periods.map { "archief/\($0.id)/" }
        let assets = prefixes.flatMap { prefix in theme.assets.map { OutputFile(path: prefix + "assets/\($0.path)", bytes: $0.bytes) } }
        return html + dataFiles + assets
    }
    try log.run(7, "write") { try writeSite(files, to: options.output) }
    return BuildResult(files: files.count, warnings: warnings)
}

/// present: the live site, every period's archive copy, and the site-wide files. Period sites are
/// independent, so they are presented in parallel; narrative errors of all of them are reported together.
func presentSite(_ project: Project, table: PublishedTable, periods: [Period], frozen: [String: Day] = [:]) throws -> ([Page], [OutputFile]) {
    let presenter = SitePresenter(project: project, table: table, periods: periods)
    let jobs = [(presenter.current, false)] + periods.map { ($0, true) }
    let results = parallelMap(jobs) { job -> ([Page], [OutputFile], Diagnostics) in
        var d = Diagnostics()
        let (pages, files) = presenter.periodSite(presenter.site(job.0, archive: job.1), diagnostics: &d)
        return (pages, files, d)
    }
    // The live site repeats the current period's narrative errors; report each once.
    var seen: Set<String> = []
    let errors = results.flatMap { $0.2.all }.filter { seen.insert($0.description).inserted }
    if errors.contains(where: { $0.severity == .error }) { throw BuildFailure(step: "present", diagnostics: errors) }
    var pages = results.flatMap { $0.0 }
    var files = results.flatMap { $0.1 }
    // The root carries every period's downloads (the same bytes as in each archive copy).
    for p in periods {
        for name in ["indicators.csv", "indicators.json"] where p.id != presenter.current.id {
            if let f = files.first(where: { $0.path == "archief/\(p.id)/data/\(p.id)/\(name)" }) {
                files.append(OutputFile(path: "data/\(p.id)/\(name)", bytes: f.bytes))
            }
        }
    }
    let siteFiles = SiteFiles(config: project.config, periods: periods, frozen: frozen)
    pages.append(siteFiles.archiveIndex())
    pages.append(siteFiles.notFound())
    files += [siteFiles.robots(), siteFiles.sitemap(pages.map(\.path)), siteFiles.feed()]
    return (pages, files)
}

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
        let html = pages.map { renderer.render($0, site: project.config, version: options.version, buildDate: options.buildDate) }
        let assets = theme.assets.map { OutputFile(path: "assets/\($0.path)", bytes: $0.bytes) }
        return html + dataFiles + assets
    }
    try log.run(7, "write") { try writeSite(files, to: options.output) }
    return BuildResult(files: files.count, warnings: warnings)
}

/// present: every page and download of the site. Fails with every narrative error at once.
func presentSite(_ project: Project, table: PublishedTable, periods: [Period]) throws -> ([Page], [OutputFile]) {
    var d = Diagnostics()
    var pages: [Page] = []
    var files: [OutputFile] = []
    let current = currentPeriod(periods)
    for period in periods {
        let entries = table.entries.filter { $0.period.id == period.id }
        let presenter = DashboardPresenter(project: project, table: table, period: period,
                                           path: "perioden/\(period.id)/index.html", csvPath: "data/\(period.id)/grafieken.csv")
        let (page, csv) = presenter.present(diagnostics: &d)
        pages.append(page)
        if period.id == current.id {
            let home = DashboardPresenter(project: project, table: table, period: period, path: "index.html", csvPath: "data/\(period.id)/grafieken.csv")
            var scratch = Diagnostics()
            pages.append(home.present(diagnostics: &scratch).0)
        }
        files.append(OutputFile(path: "data/\(period.id)/grafieken.csv", text: csv))
        files.append(OutputFile(path: "data/\(period.id)/indicators.csv", text: Downloads.indicatorsCSV(entries)))
        files.append(OutputFile(path: "data/\(period.id)/indicators.json", text: Downloads.indicatorsRowsJSON(entries)))
    }
    if d.hasErrors { throw BuildFailure(step: "present", diagnostics: d.all) }
    return (pages, files)
}

/// The period the site root shows: the one that ends last (the first listed of equals).
func currentPeriod(_ periods: [Period]) -> Period {
    periods.reduce(periods[0]) { $1.end > $0.end ? $1 : $0 }
}

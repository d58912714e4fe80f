import ArgumentParser
import Foundation
import PohjKit

/// `pohj`: turns POH-Jeugd monitoring and cost data into a published static website.
@main
struct Pohj: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pohj",
        abstract: "Publish POH-Jeugd monitoring and cost data as a council dashboard website.",
        version: pohjVersion,
        subcommands: [Build.self, Check.self, Indicators.self, Publish.self, Sample.self],
        defaultSubcommand: Build.self)
}

struct ContentOption: ParsableArguments {
    @Option(help: "Project folder holding site.yml, data/ and narrative/.")
    var content: String = "Content"
}

/// Prints diagnostics to standard error and exits non-zero when an error remains.
func report(_ failure: BuildFailure) -> ExitCode {
    var err = FileHandle.standardError
    let errors = failure.diagnostics.filter { $0.severity == .error }
    let warnings = failure.diagnostics.filter { $0.severity == .warning }
    for d in errors + warnings { print(d.description, to: &err) }
    print("pohj: \(errors.count) error(s), \(warnings.count) warning(s) in step '\(failure.step)'; nothing was written.", to: &err)
    return ExitCode(1)
}

func printWarnings(_ warnings: [Diagnostic]) {
    var err = FileHandle.standardError
    for w in warnings { print(w.description, to: &err) }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site from a project folder.")
    @OptionGroup var content: ContentOption
    @Option(help: "Output folder; replaced as a whole only when the build succeeds.")
    var output: String = "Site"
    @Option(help: "Theme folder name under Themes/ (default: the one in site.yml).")
    var theme: String?
    @Option(help: "Build only this period id.")
    var period: String?
    @Flag(help: "Print no step log.")
    var quiet = false
    @Flag(help: "Build past errors in single case rows: leave those rows out and say so on the site.")
    var skipInvalid = false

    func run() throws {
        let log = quiet ? StepLog.silent : StepLog { line in
            var err = FileHandle.standardError
            print(line, to: &err)
        }
        do {
            var options = BuildOptions(content: content.content, output: output, theme: theme, period: period,
                                       themeSearch: defaultThemeSearch(content: content.content), buildDate: inputDate(content.content))
            options.skipInvalid = skipInvalid
            let result = try buildSite(options, log: log)
            printWarnings(result.warnings)
            if !quiet {
                if result.dashboardsOnly {
                    print("pohj: \(output)/ is up to date; only its dashboards were rebuilt (\(result.files) files in all, \(result.warnings.count) warning(s))")
                } else {
                    print("pohj: wrote \(result.files) files to \(output)/ (\(result.warnings.count) warning(s))")
                }
            }
        } catch let failure as BuildFailure {
            throw report(failure)
        }
    }
}

/// The build date written on pages: the newest modification date of site.yml and the data, so
/// rebuilding unchanged input gives the same bytes. POHJ_BUILD_DATE overrides it.
func inputDate(_ content: String) -> Day {
    if let override = dateOverride() { return override }
    let fm = FileManager.default
    let root = URL(fileURLWithPath: content)
    var paths = [root.appendingPathComponent("site.yml").path]
    for folder in ["data", "data/cases", "narrative"] {
        for name in (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [] {
            paths.append(root.appendingPathComponent(folder).appendingPathComponent(name).path)
        }
    }
    let newest = paths.compactMap { (try? fm.attributesOfItem(atPath: $0))?[.modificationDate] as? Date }.max()
    return day(newest ?? Date())
}

func dateOverride() -> Day? {
    ProcessInfo.processInfo.environment["POHJ_BUILD_DATE"].flatMap(DutchValues.date)
}

/// The calendar day of `date` in `zone`: UTC for the build date on pages (the same bytes on every
/// machine), the machine's own zone for today (publishing happens on the user's day).
func day(_ date: Date, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> Day {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = zone
    let parts = c.dateComponents([.year, .month, .day], from: date)
    return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
}

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Freeze a period: keep its pages in <content>/archive/<period>/ so every later build copies them byte for byte.")
    @Argument(help: "Period id from site.yml.")
    var period: String
    @OptionGroup var content: ContentOption
    @Option(help: "Output folder, rebuilt after publishing.")
    var output: String = "Site"
    @Option(help: "Publish a correction of an already published period; the reason is shown, dated, on every page.")
    var restate: String?

    func run() throws {
        do {
            // Publishing is a real event: it is dated today (POHJ_BUILD_DATE overrides, for tests).
            let options = BuildOptions(content: content.content, output: output, themeSearch: defaultThemeSearch(content: content.content),
                                       buildDate: today())
            let result = try publishPeriod(options, period: period, restate: restate)
            printWarnings(result.build.warnings)
            print("pohj: published \(period): \(result.files) files in \(content.content)/archive/\(period)/" + (result.previousVersion.map { "; the previous version is kept as archive/\($0)/" } ?? ""))
        } catch let failure as BuildFailure {
            throw report(failure)
        }
    }
}

func today() -> Day { dateOverride() ?? day(Date(), in: .current) }

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse and validate a project without writing anything.")
    @OptionGroup var content: ContentOption
    @Option(help: "text or json")
    var format: String = "text"

    func run() throws {
        do {
            let loaded = try loadProject(content: content.content, themeSearch: defaultThemeSearch(content: content.content))
            let (project, warnings) = (loaded.project, loaded.warnings)
            if format == "json" {
                print(diagnosticsJSON(warnings))
            } else {
                for n in loaded.notes { print("\(n.file): \(n.message)") }
                printWarnings(warnings)
                print("pohj: \(content.content) is valid: \(project.cases.count) cases, \(project.practices.count) practices, \(project.config.periods.count) periods; 0 errors, \(warnings.count) warning(s).")
            }
        } catch let failure as BuildFailure {
            if format == "json" { print(diagnosticsJSON(failure.diagnostics)) }
            throw report(failure)
        }
    }
}

func diagnosticsJSON(_ list: [Diagnostic]) -> String {
    func str(_ s: String?) -> String { s.map { Downloads.jsonString($0) } ?? "null" }
    let rows = list.map { d in
        "  {\"severity\": \"\(d.severity.rawValue)\", \"file\": \(str(d.file)), \"line\": \(d.line.map(String.init) ?? "null"), \"column\": \(str(d.column)), \"value\": \(str(d.value)), \"message\": \(str(d.message))}"
    }
    return "[\n" + rows.joined(separator: ",\n") + "\n]"
}

struct Indicators: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the computed (unprotected, internal) indicator table.")
    @OptionGroup var content: ContentOption
    @Option(help: "Only this period id.")
    var period: String?
    @Option(help: "json or csv")
    var format: String = "json"

    func run() throws {
        do {
            let loaded = try loadProject(content: content.content, themeSearch: defaultThemeSearch(content: content.content))
            let (project, warnings) = (loaded.project, loaded.warnings)
            printWarnings(warnings)
            var periods = project.config.periods
            if let period {
                periods = periods.filter { $0.id == period }
                if periods.isEmpty { throw ValidationError("unknown period '\(period)'; site.yml lists \(project.config.periods.map(\.id).joined(separator: ", "))") }
            }
            let table = computeIndicators(computeTallies(project, periods: periods))
            print(format == "csv" ? Downloads.indicatorsCSV(table.entries) : Downloads.indicatorsJSON(table.entries), terminator: "")
        } catch let failure as BuildFailure {
            throw report(failure)
        }
    }
}

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the example region's synthetic data files into a project folder.")
    @Option(help: "Project folder to write data/ into (site.yml and narrative/ are left alone).")
    var output: String = "Content"
    @Option(help: "Write a complete synthetic project of this size instead (region, province or national), for benchmarks.")
    var scale: String?

    func run() throws {
        let root = URL(fileURLWithPath: output)
        if let scale {
            guard let size = ScaledSample.Scale(rawValue: scale) else {
                throw ValidationError("unknown scale '\(scale)'; use \(ScaledSample.Scale.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let files = ScaledSample.project(scale: size)
            for file in files {
                let url = root.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.bytes).write(to: url)
            }
            print("pohj: wrote a synthetic \(size.rawValue) project (\(files.count) files) to \(output)/")
            return
        }
        for file in SampleProject.dataFiles() {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        print("pohj: wrote the example data to \(output)/data/")
    }
}

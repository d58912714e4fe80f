import Foundation

/// Options of one build, as the CLI passes them.
public struct BuildOptions: Sendable {
    public var content: String
    public var output: String
    public var theme: String?
    /// Only this period (default: every period in site.yml).
    public var period: String?
    /// Extra folders to look for themes in (after `<content>/themes`).
    public var themeSearch: [String]
    /// The generator version written into pages and manifests.
    public var version: String
    /// Injected so builds are reproducible; defaults to the newest input's date in callers.
    public var buildDate: Day
    /// Build past row-level errors in case files, leaving those rows out and saying so on the site.
    public var skipInvalid = false

    public init(content: String, output: String, theme: String? = nil, period: String? = nil,
                themeSearch: [String] = [], version: String = pohjVersion, buildDate: Day) {
        self.content = content
        self.output = output
        self.theme = theme
        self.period = period
        self.themeSearch = themeSearch
        self.version = version
        self.buildDate = buildDate
    }
}

public let pohjVersion = "0.1.0"

/// Logs a pipeline step the way Publish and Zola do: `[3/7] compute (12 ms)`.
public struct StepLog: Sendable {
    public var emit: @Sendable (String) -> Void
    public init(emit: @escaping @Sendable (String) -> Void) { self.emit = emit }
    public static let silent = StepLog { _ in }

    func run<T>(_ n: Int, _ name: String, of total: Int = 7, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        emit("[\(n)/\(total)] \(name) (\(String(format: "%.0f", ms)) ms)")
        return result
    }
}

/// What read + parse hand on: the project, its raw files (for archives and hashes) and warnings.
public struct LoadedProject: Sendable {
    public var project: Project
    public var raw: RawProject
    public var warnings: [Diagnostic]
    /// What was detected about each data file.
    public var notes: [Diagnostic] = []
}

/// read + parse: the project, or a failure carrying every error. Warnings are returned too.
public func loadProject(content: String, theme: String? = nil, themeSearch: [String] = [], skipInvalid: Bool = false, log: StepLog = .silent) throws -> LoadedProject {
    let raw = try log.run(1, "read") { try readProject(content: content, themeName: theme, themeSearch: themeSearch) }
    let (project, diagnostics) = log.run(2, "parse") { parseProject(raw, skipInvalid: skipInvalid) }
    guard let project, !diagnostics.hasErrors else {
        throw BuildFailure(step: "parse", diagnostics: diagnostics.all)
    }
    return LoadedProject(project: project, raw: raw, warnings: diagnostics.warnings, notes: diagnostics.notes)
}

/// Default theme search path: the project's sibling `Themes/` (the repository layout), the working
/// directory's, and the one of the checkout the executable was built in (`.build/<config>/pohj`),
/// so `pohj` finds its default theme when run from anywhere.
public func defaultThemeSearch(content: String) -> [String] {
    let parent = URL(fileURLWithPath: content).standardizedFileURL.deletingLastPathComponent()
    var search = [parent.appendingPathComponent("Themes").path, FileManager.default.currentDirectoryPath + "/Themes"]
    let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    var folder = exe.deletingLastPathComponent()
    for _ in 0..<4 {
        folder = folder.deletingLastPathComponent()
        search.append(folder.appendingPathComponent("Themes").path)
    }
    return search
}

import Foundation
@testable import PohjKit

/// Paths of the repository, found from this file so tests run from any working directory.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let content = root.appendingPathComponent("Content").path
    static let fixtures = root.appendingPathComponent("Tests/PohjKitTests/Fixtures")
    static let mini = fixtures.appendingPathComponent("mini").path
    static let themes = [root.appendingPathComponent("Themes").path]
    static let pohj = root.appendingPathComponent(".build/debug/pohj").path
}

/// One folder per test process for every test's temporary folders, removed when the process
/// exits: the sites the tests build took a gigabyte of /tmp per run when each was left behind.
let testsFolder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pohj-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testsFolder) }
    return url
}()

/// A fresh temporary folder in `testsFolder`.
func temporaryFolder(_ name: String = "pohj-test") -> URL {
    let url = testsFolder.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Copies a fixture project so a test can change it.
func copyProject(_ path: String) -> URL {
    let dest = temporaryFolder("pohj-project").appendingPathComponent("project")
    try! FileManager.default.copyItem(atPath: path, toPath: dest.path)
    return dest
}

func loadExample() throws -> Project {
    try loadProject(content: Repo.content, themeSearch: Repo.themes).project
}

/// The internal table of the example project, computed once for all tests.
let exampleTable: IndicatorTable = {
    let project = try! loadExample()
    return computeIndicators(computeTallies(project))
}()

func value(_ table: IndicatorTable, _ id: String, period: String, scope: Scope = .region) -> IndicatorValue? {
    table.entry(period, scope)?.indicators.value(id)
}

func decimal(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

extension Decimal {
    var double: Double { NSDecimalNumber(decimal: self).doubleValue }
}

/// Runs the built `pohj` executable (built by `make test` before the tests run).
func runPohj(_ args: [String], cwd: String = Repo.root.path) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Repo.pohj)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: cwd)
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// Every file under a folder: relative path → bytes.
func tree(_ root: URL) -> [String: [UInt8]] {
    var out: [String: [UInt8]] = [:]
    let fm = FileManager.default
    guard let e = fm.enumerator(atPath: root.path) else { return out }
    while let rel = e.nextObject() as? String {
        var isDir: ObjCBool = false
        let full = root.appendingPathComponent(rel).path
        if fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = [UInt8](fm.contents(atPath: full) ?? Data())
        }
    }
    return out
}

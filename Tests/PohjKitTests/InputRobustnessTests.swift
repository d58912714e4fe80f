import Foundation
import Testing
@testable import PohjKit

/// Real monitoring files in, clear errors out (issue 6): Excel quirks, --skip-invalid, huge files,
/// and a bounded fuzz run over the readers.
struct InputRobustnessTests {
    @Test func excelSerialDatesAndUTF16() throws {
        #expect(DutchValues.date("44197") == Day(year: 2021, month: 1, day: 1))
        #expect(DutchValues.date("43831") == Day(year: 2020, month: 1, day: 1))
        #expect(DutchValues.date("123") == nil)
        // Excel's "Unicode text": UTF-16 LE with BOM, tab-separated.
        let text = "Gemeente\tJaar\tJeugdigen 0-17\r\nLisse\t2020\t5100\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in text.utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        var d = Diagnostics()
        let rows = parsePopulation("data/population.csv", bytes, &d)
        #expect(d.errors.isEmpty && d.warnings.isEmpty)
        // The encoding and delimiter are detected and reported.
        #expect(d.notes.map(\.description) == ["data/population.csv: note: 1 rows, UTF-16, tab as delimiter"])
        #expect(rows.first?.youth == 5100 && rows.first?.municipality == "Lisse")
    }

    @Test func skipInvalidBuildsPastBadRowsAndSaysSo() throws {
        let project = copyProject(Repo.mini)
        let cases = project.appendingPathComponent("data/cases.csv")
        let text = try String(contentsOf: cases, encoding: .utf8)
            .replacingOccurrences(of: ";08-02-2022;", with: ";31-02-2022;")
            .replacingOccurrences(of: "2022-010;P1;13;", with: "2022-010;P9;13;")
        try text.write(to: cases, atomically: false, encoding: .utf8)
        let out = temporaryFolder().appendingPathComponent("Site")
        var options = BuildOptions(content: project.path, output: out.path, themeSearch: Repo.themes, buildDate: Day(year: 2023, month: 1, day: 1)!)
        #expect(throws: BuildFailure.self) { try buildSite(options) }
        options.skipInvalid = true
        let result = try buildSite(options)
        let left = result.warnings.filter { $0.message.hasPrefix("row left out (--skip-invalid)") }
        #expect(left.map { $0.line ?? 0 }.sorted() == [3, 11])
        let loaded = try loadProject(content: project.path, themeSearch: Repo.themes, skipInvalid: true)
        #expect(loaded.project.quality.rowsRead == 60)
        #expect(loaded.project.cases.count == 58)
        let home = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("Weggelaten omdat de registratie niet klopte"))
        #expect(home.contains("kolom first_consult: not a valid date"))
        // Errors outside case rows still stop the build.
        try "Praktijkcode;Naam\r\nP1;x\r\n".write(to: project.appendingPathComponent("data/practices.csv"), atomically: false, encoding: .utf8)
        #expect(throws: BuildFailure.self) { try buildSite(options) }
    }

    @Test func hugeFileIsRefusedWithoutReadingIt() throws {
        let project = copyProject(Repo.mini)
        let big = project.appendingPathComponent("data/cases/groot.csv")
        try FileManager.default.createDirectory(at: big.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: big)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 1 << 30)  // 1 GB, sparse: costs no disk and no memory
        try handle.close()
        do {
            _ = try loadProject(content: project.path, themeSearch: Repo.themes)
            Issue.record("a 1 GB file was read")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.first?.description == "data/cases/groot.csv: error: is 1024 MB; files over 512 MB are refused. Split it into one file per POH-J under data/cases/")
        }
    }

    @Test func tenMegabyteSingleLineIsReportedNotFatal() throws {
        let line = String(repeating: "x", count: 10_000_000)
        var d = Diagnostics()
        let cases = parseCases("data/cases/lang.csv", Array("Patiëntnummer;Praktijk;Datum eerste consult;Welke interventie is er ingezet?\n1;P1;\(line);Crisishulp\n".utf8), &d)
        #expect(cases.cases.count == 1 && cases.invalid == [0])
        #expect(d.errors.first?.description.hasPrefix("data/cases/lang.csv:2: error: column 'first_consult': 'xxxxxxxx") == true)
        #expect((d.errors.first?.description.count ?? 0) < 300, "the message clips the value")
    }

    /// Deterministic fuzzing: random and mutated inputs through the CSV, YAML and front-matter
    /// readers and the whole parse stage. A crash fails the run; every outcome must be a result or
    /// a located diagnostic.
    @Test func fuzzReadersNeverCrash() throws {
        var rng = SplitMix(seed: 0x5EED)
        let seeds: [String: [UInt8]] = [
            "data/cases.csv": [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.mini).appendingPathComponent("data/cases.csv"))),
            "data/practices.csv": [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.mini).appendingPathComponent("data/practices.csv"))),
            "site.yml": [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.mini).appendingPathComponent("site.yml"))),
            "narrative/dashboard.md": [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.mini).appendingPathComponent("narrative/dashboard.md"))),
        ]
        let theme = RawTheme(name: "t", folder: "t", templates: [:], assets: [])
        let interesting: [[UInt8]] = [[0x22], [0x3B], [0x2C], [0x0D], [0x0A], [0x00], [0xFF, 0xFE], [0xEF, 0xBB, 0xBF], Array("---\n".utf8),
                                      Array("{{ value".utf8), Array(": [".utf8), Array("&*a".utf8), Array("99-99-9999".utf8), [0xC3], [0xE2, 0x80, 0xAE]]
        var outcomes = 0
        for i in 0..<1000 {
            var files = seeds
            let target = seeds.keys.sorted()[i % seeds.count]
            var bytes = files[target]!
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                guard !bytes.isEmpty else { break }
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 5 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(contentsOf: interesting[Int(rng.next() % UInt64(interesting.count))], at: at)
                case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 200)))
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(rng.next() % 100))], at: at)
                }
            }
            if i % 50 == 0 { bytes = (0..<Int(rng.next() % 2000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
            files[target] = bytes
            let raw = RawProject(files: files.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: $0.value) }, theme: theme)
            let (project, diagnostics) = parseProject(raw)
            // Either a project, or at least one error naming a file.
            #expect(project != nil || diagnostics.hasErrors)
            #expect(diagnostics.all.allSatisfy { !$0.file.isEmpty })
            if let project, !diagnostics.hasErrors {
                _ = computeIndicators(computeTallies(project))
            }
            outcomes += 1
        }
        #expect(outcomes == 1000)
    }
}

/// The same small deterministic generator the sample uses, for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

import Foundation
import Testing
@testable import PohjKit

/// Builds the mini fixture and compares the whole output tree (file set and bytes) with the
/// checked-in expected output. After an intentional change, regenerate with
/// `POHJ_UPDATE_GOLDEN=1 swift test --filter Golden` and review the diff in the same commit.
struct GoldenTests {
    let expected = Repo.fixtures.appendingPathComponent("mini-expected")

    func build(to out: URL) throws {
        _ = try buildSite(BuildOptions(content: Repo.mini, output: out.path, themeSearch: Repo.themes, version: "test",
                                       buildDate: Day(year: 2023, month: 1, day: 31)!))
    }

    @Test func miniProjectMatchesGoldenTree() throws {
        let out = temporaryFolder().appendingPathComponent("Site")
        try build(to: out)
        let actual = tree(out)
        if ProcessInfo.processInfo.environment["POHJ_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: expected)
            try FileManager.default.copyItem(at: out, to: expected)
        }
        let golden = tree(expected)
        #expect(Set(actual.keys) == Set(golden.keys))
        // Report paths, not bytes: a byte dump of a page helps nobody.
        let differing = actual.keys.filter { actual[$0] != golden[$0] }.sorted()
        #expect(differing.isEmpty, "differ from the golden files: \(differing.prefix(10))")
        // Keep a copy for the Nu HTML checker that `make test` runs afterwards.
        let keep = Repo.root.appendingPathComponent(".build/test-sites/mini")
        try? FileManager.default.removeItem(at: keep)
        try FileManager.default.createDirectory(at: keep.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: out, to: keep)
    }

    @Test func buildsAreDeterministic() throws {
        let a = temporaryFolder().appendingPathComponent("Site"), b = temporaryFolder().appendingPathComponent("Site")
        try build(to: a)
        try build(to: b)
        let ta = tree(a), tb = tree(b)
        #expect(ta.keys.sorted() == tb.keys.sorted())
        #expect(ta.keys.filter { ta[$0] != tb[$0] }.isEmpty)
    }

    @Test func noRowLevelValueIsPublished() throws {
        let out = temporaryFolder().appendingPathComponent("Site")
        try build(to: out)
        let text = try rowLevelValuesFound(content: Repo.mini, site: out)
        #expect(!text.contains("vrije tekst"))
        #expect(!text.contains("<script>alert"))
        #expect(!text.contains("javascript:"))
    }

    @Test func noRowLevelValueOfTheExampleIsPublished() throws {
        let out = temporaryFolder().appendingPathComponent("Site")
        _ = try buildSite(BuildOptions(content: Repo.content, output: out.path, themeSearch: Repo.themes, version: "test",
                                       buildDate: Day(year: 2026, month: 11, day: 27)!))
        _ = try rowLevelValuesFound(content: Repo.content, site: out)
    }

    /// Scans every file of a built site for the case ids, consult and end dates and free-text
    /// values of the project's case files; returns the site's text. The site is split into words
    /// once (letters, digits, '-'), so the search is a set lookup, not a scan per value.
    func rowLevelValuesFound(content: String, site: URL) throws -> String {
        let project = try loadProject(content: content, themeSearch: Repo.themes).project
        let files = tree(site).values
        let text = files.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        var words: [String] = []
        for bytes in files {
            var word: [UInt8] = []
            for b in bytes + [0] {
                if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D {
                    word.append(b)
                } else if !word.isEmpty {
                    words.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
        }
        let wordSet = Set(words)
        let monthNames = Set((1...12).map { DutchFormat.monthName(Day(year: 2000, month: $0, day: 1)!).split(separator: " ")[0] }.map(String.init))
        // "7 januari 2020" in any spacing: day, month name, year as consecutive words.
        var longDates = Set<String>()
        for i in words.indices.dropFirst().dropLast() where monthNames.contains(words[i]) {
            longDates.insert("\(words[i - 1]) \(words[i]) \(words[i + 1])")
        }
        // Period boundaries, POH-J start and end dates and the accessibility check are public
        // configuration, not row-level values.
        let public_ = Set(project.config.periods.flatMap { [$0.start, $0.end] } + project.practices.flatMap { [$0.joined, $0.left].compactMap { $0 } }
                          + [project.config.accessibility.evaluatedOn].compactMap { $0 })
        var ids = 0, dates = 0
        for c in project.cases {
            // A bare number such as 213 is also a coordinate or a count; only ids a reader could
            // recognise are looked for.
            if c.caseID.count >= 6 || c.caseID.contains(where: { !$0.isNumber }) {
                let oneWord = c.caseID.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                let found = oneWord ? wordSet.contains(c.caseID) : text.contains(c.caseID)
                #expect(!found, "case id \(c.caseID) published")
                ids += 1
            }
            for day in [c.firstConsult, c.endDate].compactMap({ $0 }) where !public_.contains(day) {
                // Booleans first: a failed expectation on a set would print the whole set.
                let found = wordSet.contains(DutchFormat.shortDate(day)) || wordSet.contains(day.iso)
                    || longDates.contains("\(day.day) \(DutchFormat.monthName(day))")
                #expect(!found, "date \(day) published")
                dates += 1
            }
        }
        #expect(ids > 20 && dates > 50)
        // Free text is never read by pohj; read it here, raw, from every case file. A value is
        // searched in full only when each of its words occurs somewhere on the site.
        let freeTextHeaders = Set(Columns.cases.filter(\.ignored).flatMap(\.headers).map { $0.lowercased() })
        let data = URL(fileURLWithPath: content).appendingPathComponent("data")
        let caseFiles = ((try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("cases").path)) ?? [])
            .filter { $0.hasSuffix(".csv") }.map { "cases/\($0)" } + ["cases.csv"]
        var texts = 0
        for file in caseFiles where FileManager.default.fileExists(atPath: data.appendingPathComponent(file).path) {
            let bytes = [UInt8](try Data(contentsOf: data.appendingPathComponent(file)))
            let table = try parseCSV(text: try #require(decodeText(bytes)), file: file)
            let columns = table.header.indices.filter { freeTextHeaders.contains(table.header[$0].trimmingCharacters(in: .whitespaces).lowercased()) }
            for r in table.records {
                for i in columns where i < r.fields.count {
                    let value = r.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
                    guard value.count >= 6 else { continue }   // "Nee", "rust": words any page may hold
                    texts += 1
                    let valueWords = value.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }.map(String.init)
                    guard valueWords.allSatisfy(wordSet.contains) else { continue }
                    #expect(!text.contains(value), "free text '\(value)' of \(file):\(r.line) published")
                }
            }
        }
        #expect(texts > 5)
        return text
    }
}

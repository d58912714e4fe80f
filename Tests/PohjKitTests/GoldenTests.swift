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
        let project = try loadProject(content: Repo.mini, themeSearch: Repo.themes).project
        let text = tree(out).values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        // Period boundaries and POH-J start dates are public configuration, not row-level values.
        let public_ = Set(project.config.periods.flatMap { [$0.start, $0.end] } + project.practices.compactMap(\.joined))
        var checked = 0
        for c in project.cases {
            #expect(!text.contains(c.caseID), "case id \(c.caseID) published")
            for day in [c.firstConsult, c.endDate].compactMap({ $0 }) where !public_.contains(day) {
                #expect(!text.contains(DutchFormat.shortDate(day)), "date \(day) published")
                #expect(!text.contains(day.iso), "date \(day) published")
                #expect(!text.contains(DutchFormat.longDate(day)), "date \(day) published")
                checked += 1
            }
        }
        #expect(checked > 50)
        #expect(!text.contains("vrije tekst"))
        #expect(!text.contains("<script>alert"))
        #expect(!text.contains("javascript:"))
    }
}

import Foundation
import Testing
@testable import PohjKit

/// A build after a narrative edit rebuilds only the dashboards (`rebuildDashboards`) and must
/// leave exactly the bytes a clean build of the same project writes; anything else changing
/// means the whole build runs.
@Suite(.serialized) struct RebuildTests {
    let day = Day(year: 2025, month: 1, day: 15)!

    func options(_ project: URL, _ out: URL) -> BuildOptions {
        BuildOptions(content: project.path, output: out.path, themeSearch: Repo.themes, version: "test", buildDate: day)
    }

    /// The example project with every file dated an hour back, as data is when someone edits text.
    func agedExample() -> URL {
        let project = copyProject(Repo.content)
        let fm = FileManager.default
        let past = Date().addingTimeInterval(-3600)
        let e = fm.enumerator(atPath: project.path)
        while let rel = e?.nextObject() as? String {
            try? fm.setAttributes([.modificationDate: past], ofItemAtPath: project.appendingPathComponent(rel).path)
        }
        return project
    }

    func append(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    func inode(_ url: URL) -> UInt64? { FileStat(path: url.path)?.inode }

    @Test func narrativeEditRewritesOnlyDashboardsAndMatchesACleanBuild() throws {
        let project = agedExample()
        let site = project.deletingLastPathComponent().appendingPathComponent("site")
        let first = try buildSite(options(project, site))
        #expect(!first.dashboardsOnly)
        let practicePage = site.appendingPathComponent("praktijken/index.html")
        let before = inode(practicePage)

        try append("\nDe raad vroeg om {{ value cases.closed }} afgesloten trajecten te noemen.\n",
                   to: project.appendingPathComponent("narrative/dashboard.md"))
        let second = try buildSite(options(project, site))
        #expect(second.dashboardsOnly)
        #expect(second.files == first.files)
        #expect(inode(practicePage) == before, "a page narrative does not reach was rewritten")

        let clean = project.deletingLastPathComponent().appendingPathComponent("clean")
        let reference = try buildSite(options(project, clean))
        #expect(!reference.dashboardsOnly)
        let (rebuilt, expected) = (tree(site), tree(clean))
        #expect(rebuilt.keys.sorted() == expected.keys.sorted())
        let differing = expected.keys.filter { rebuilt[$0] != expected[$0] }.sorted()
        #expect(differing.isEmpty, "differs from a clean build: \(differing.prefix(5))")
        // The new sentence is on every dashboard (live and archive copies), with the protected count.
        let dashboard = String(decoding: rebuilt["index.html"] ?? [], as: UTF8.self)
        #expect(dashboard.contains("De raad vroeg om"))
        #expect(second.warnings.map(\.description).sorted() == reference.warnings.map(\.description).sorted())
    }

    @Test func anyOtherChangeBuildsEverything() throws {
        let project = agedExample()
        let site = project.deletingLastPathComponent().appendingPathComponent("site")
        _ = try buildSite(options(project, site))
        #expect(try buildSite(options(project, site)).dashboardsOnly)

        // A case file, which the rebuild does not read: an Excel padding row changes its size.
        let caseFile = try #require(FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("data/cases").path).sorted().first)
        try append(";;;\r\n", to: project.appendingPathComponent("data/cases/\(caseFile)"))
        #expect(try !buildSite(options(project, site)).dashboardsOnly)
        // A file that changed too recently to trust its timestamp.
        try append("\n", to: project.appendingPathComponent("data/practices.csv"))
        _ = try buildSite(options(project, site))
        #expect(try !buildSite(options(project, site)).dashboardsOnly)
        // Other options: another build date.
        var later = options(project, site)
        later.buildDate = Day(year: 2025, month: 2, day: 1)!
        #expect(try !buildSite(later).dashboardsOnly)
        // The output folder replaced by someone else.
        try FileManager.default.removeItem(at: site)
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        #expect(try !buildSite(later).dashboardsOnly)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("index.html").path))
    }

    @Test func narrativeNamingAPracticeBuildsEverything() throws {
        // The cache holds region and municipality figures only; a practice's needs the full build.
        let project = agedExample()
        let site = project.deletingLastPathComponent().appendingPathComponent("site")
        _ = try buildSite(options(project, site))
        let practice = try #require(try loadProject(content: project.path, themeSearch: Repo.themes).project.practices.first)
        try append("\nBij \(practice.name): {{ value cases.new scope=practice:\"\(practice.id)\" }}.\n",
                   to: project.appendingPathComponent("narrative/dashboard.md"))
        #expect(try !buildSite(options(project, site)).dashboardsOnly)
        let clean = project.deletingLastPathComponent().appendingPathComponent("clean")
        _ = try buildSite(options(project, clean))
        #expect(tree(site) == tree(clean))
    }

    @Test func foldersOfStoppedBuildsAreCleanedUp() throws {
        // A build that was killed leaves its staging folder (and a rebuild its temporary page);
        // the next build removes them, and never publishes a hidden file.
        let project = agedExample()
        let parent = project.deletingLastPathComponent()
        let site = parent.appendingPathComponent("site")
        _ = try buildSite(options(project, site))
        let stale = parent.appendingPathComponent(".site.staging-2147483646")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        let temp = site.appendingPathComponent(".index.html.pohj-2147483646")
        try Data("half".utf8).write(to: temp)
        try append("\nNog een zin.\n", to: project.appendingPathComponent("narrative/dashboard.md"))
        #expect(try buildSite(options(project, site)).dashboardsOnly)
        #expect(!FileManager.default.fileExists(atPath: temp.path))
        try append("\n", to: project.appendingPathComponent("data/costs.csv"))
        _ = try buildSite(options(project, site))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    @Test func damagedCacheIsIgnored() throws {
        let project = agedExample()
        let site = project.deletingLastPathComponent().appendingPathComponent("site")
        _ = try buildSite(options(project, site))
        let cacheFile = BuildCache.folder(for: site.path).appendingPathComponent("cache.tsv")
        var bytes = [UInt8](try Data(contentsOf: cacheFile))
        bytes.removeLast(bytes.count / 3)
        bytes += Array("\ncases.new\tcount\trounded\tcount\tveel\n".utf8)
        try Data(bytes).write(to: cacheFile)
        let result = try buildSite(options(project, site))
        #expect(!result.dashboardsOnly)
        #expect(try buildSite(options(project, site)).dashboardsOnly)
        // Cut short at a line end: it must not pass for a cache with fewer scopes.
        var lines = try String(contentsOf: cacheFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast(40)
        try (lines.joined(separator: "\n") + "\n").write(to: cacheFile, atomically: false, encoding: .utf8)
        #expect(try !buildSite(options(project, site)).dashboardsOnly)
    }

    @Test func narrativeErrorStopsTheRebuildAndLeavesTheSite() throws {
        let project = agedExample()
        let site = project.deletingLastPathComponent().appendingPathComponent("site")
        _ = try buildSite(options(project, site))
        let before = tree(site)
        try append("\nFout: {{ value cases.nieuw }}\n", to: project.appendingPathComponent("narrative/dashboard.md"))
        do {
            _ = try buildSite(options(project, site))
            Issue.record("a narrative with an unknown indicator built")
        } catch let failure as BuildFailure {
            #expect(failure.diagnostics.contains { $0.file == "narrative/dashboard.md" && $0.line != nil && $0.message.contains("cases.nieuw") })
        }
        #expect(tree(site) == before)
    }

    @Test func publishedPeriodStaysAndItsWarningFollowsTheNarrative() throws {
        let project = agedExample()
        let site = project.deletingLastPathComponent().appendingPathComponent("site")
        _ = try publishPeriod(options(project, site), period: "2020", restate: nil)
        // Publishing wrote archive/2020 just now; date it back like the rest.
        let past = Date().addingTimeInterval(-3600)
        let e = FileManager.default.enumerator(atPath: project.appendingPathComponent("archive").path)
        while let rel = e?.nextObject() as? String {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: project.appendingPathComponent("archive/\(rel)").path)
        }
        _ = try buildSite(options(project, site))
        try append("\nEen zin die ook 2020 zou raken.\n", to: project.appendingPathComponent("narrative/dashboard.md"))
        let rebuilt = try buildSite(options(project, site))
        #expect(rebuilt.dashboardsOnly)
        let clean = project.deletingLastPathComponent().appendingPathComponent("clean")
        let reference = try buildSite(options(project, clean))
        #expect(tree(site) == tree(clean))
        #expect(rebuilt.warnings.map(\.description).sorted() == reference.warnings.map(\.description).sorted())
        #expect(rebuilt.warnings.contains { $0.file == "archive/2020" && $0.message.contains("index.html") })
        // The published copy itself did not change.
        let frozen = String(decoding: tree(site)["archief/2020/index.html"] ?? [], as: UTF8.self)
        #expect(!frozen.contains("Een zin die ook 2020 zou raken"))
    }

    /// The cache reads its figures on all cores, in stretches of entries: every kind of value, an
    /// id and a scope that need escapes, and entries whose ids depart from the previous scope's
    /// come back exactly; a damaged or missing line anywhere among them loses the whole cache.
    @Test func cacheReadsBackWhatItWrote() throws {
        let periods = [Period(id: "2023", label: "2023", range: DayRange(Day(year: 2023, month: 1, day: 1)!, Day(year: 2023, month: 12, day: 31)!)),
                       Period(id: "2024", label: "2024", range: DayRange(Day(year: 2024, month: 1, day: 1)!, Day(year: 2024, month: 12, day: 31)!))]
        let values: [IndicatorValue] = [.count(7), .share(Decimal(string: "0.3068")!), .money(Decimal(string: "-1234.56")!),
                                        .number(Decimal(string: "2.5")!), .moneyRange(low: 10, high: Decimal(string: "99.99")!),
                                        .numberRange(low: 1, high: 3), .notApplicable, .suppressed]
        var entries: [IndicatorTable.Entry] = []
        for n in 0..<60 {
            let scope: Scope = n == 0 ? .region : n % 7 == 0 ? .practice("P\t\\\(n)") : .municipality("Gemeente \(n)")
            var set = IndicatorSet()
            for (k, v) in values.enumerated() where (n + k) % 5 != 0 {
                set.set(k == 3 && n % 11 == 0 ? "bijzonder\\id\t\(k)" : "id.\(k)", v, k == 0 ? .count : .eur, status: k % 2 == 0 ? .exact : .rounded)
            }
            entries.append(.init(period: periods[n % 2], scope: scope, indicators: set))
        }
        let written = BuildCache(fingerprint: "abc", output: .none, files: 3, readAt: 42, quality: DataQuality(rowsRead: 9, rowsUsed: 8),
                                 warnings: [Diagnostic(.warning, file: "data/a\tb.csv", line: 3, column: nil, value: "x", "let op")],
                                 frozenDiffering: ["2023": ["archief/2023/a.html"]], entries: entries)
        let bytes = written.encoded()
        let read = try #require(BuildCache.decode(bytes, periods: periods))
        #expect(read.fingerprint == "abc" && read.files == 3 && read.readAt == 42 && read.quality.rowsUsed == 8)
        #expect(read.warnings.map(\.description) == written.warnings.map(\.description))
        #expect(read.frozenDiffering == written.frozenDiffering)
        #expect(read.entries.count == entries.count)
        for (a, b) in zip(read.entries, entries) {
            #expect(a.period == b.period && a.scope == b.scope && a.indicators.list == b.indicators.list)
        }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let middle = try #require(lines.indices.filter { lines[$0].hasPrefix("entry\t") }.dropFirst(30).first)
        var damaged = lines
        damaged[middle + 1] = "id.1\tcount\trounded\tcount\tveel"
        #expect(BuildCache.decode(Array(damaged.joined(separator: "\n").utf8), periods: periods) == nil)
        lines.remove(at: middle)
        #expect(BuildCache.decode(Array(lines.joined(separator: "\n").utf8), periods: periods) == nil)
        #expect(BuildCache.decode(bytes, periods: [periods[0]]) == nil, "a period the configuration no longer has")
        // No figures at all is a cache too (its `end` line says 0); a head alone is not.
        var empty = written
        empty.entries = []
        #expect(BuildCache.decode(empty.encoded(), periods: periods)?.entries.isEmpty == true)
        let head = String(decoding: empty.encoded(), as: UTF8.self).split(separator: "\n").dropLast().joined(separator: "\n")
        #expect(BuildCache.decode(Array(head.utf8), periods: periods) == nil)
    }
}


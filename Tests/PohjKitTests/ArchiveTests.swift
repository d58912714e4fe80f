import Foundation
import Testing
@testable import PohjKit

/// `pohj publish`: a frozen period survives data and template changes byte for byte, a
/// restatement keeps both versions and shows its notice, and tampering is reported.
struct ArchiveTests {
    func options(_ project: URL, _ out: URL, date: Day) -> BuildOptions {
        BuildOptions(content: project.path, output: out.path, themeSearch: Repo.themes, version: "test", buildDate: date)
    }
    let day1 = Day(year: 2023, month: 2, day: 1)!
    let day2 = Day(year: 2023, month: 5, day: 9)!

    func archiveCopy(_ site: URL, _ folder: String) -> [String: [UInt8]] { tree(site.appendingPathComponent("archief/\(folder)")) }

    @Test func sha256KnownAnswers() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func rootDownloadsAreTheArchiveCopyWrittenOnce() throws {
        // The root's data/<period>/ holds the same bytes as the period's archive copy: one file
        // on disk, hard-linked (at national scale these are hundreds of MB per period).
        let site = temporaryFolder().appendingPathComponent("Site")
        _ = try buildSite(options(URL(fileURLWithPath: Repo.mini), site, date: day1))
        for name in ["indicators.csv", "indicators.json"] {
            let root = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent("data/2022/\(name)").path)
            let copy = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent("archief/2022/data/2022/\(name)").path)
            #expect(root[.systemFileNumber] as? Int == copy[.systemFileNumber] as? Int)
            #expect((root[.referenceCount] as? Int ?? 0) >= 2)
        }
    }

    @Test func liveChartNumbersAreTheirTwinsFilesLinked() throws {
        // The live pages are the latest period's archive pages moved: their chart CSVs are the
        // same bytes, so one file on disk (5.000 fewer files to make nationally). A build over
        // the previous site links them again (every build writes new files and swaps them in,
        // never into a file that may be a link).
        let site = temporaryFolder().appendingPathComponent("Site")
        _ = try buildSite(options(URL(fileURLWithPath: Repo.mini), site, date: day1))
        let first = tree(site)
        _ = try buildSite(options(URL(fileURLWithPath: Repo.mini), site, date: day1))
        #expect(tree(site) == first)
        let fm = FileManager.default
        let live = site.appendingPathComponent("data/2022/grafieken")
        let names = try fm.contentsOfDirectory(atPath: live.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(names.contains("regio.csv") && names.contains { $0.hasPrefix("praktijk-") } && names.contains { $0.hasPrefix("gemeente-") })
        for name in names {
            let copy = site.appendingPathComponent("archief/2022/data/2022/grafieken/\(name)")
            let (a, b) = (FileStat(path: live.appendingPathComponent(name).path), FileStat(path: copy.path))
            #expect(a != nil && a?.inode == b?.inode, "\(name) is a file of its own")
            #expect(fm.contents(atPath: live.appendingPathComponent(name).path) == fm.contents(atPath: copy.path))
        }
        // The archive's pages themselves differ from the live ones (period menu): never linked.
        let (page, twin) = (FileStat(path: site.appendingPathComponent("index.html").path), FileStat(path: site.appendingPathComponent("archief/2022/index.html").path))
        #expect(page != nil && twin != nil && page?.inode != twin?.inode)
    }

    @Test func periodsAddedAfterPublishingAreProtectedAroundTheFrozenOne() throws {
        // Publish 2020 while the site has 2020 and 2021-Q1, then add the fifteen-month
        // `monitoring`. The new relations (monitoring = 2020 + 2021-Q1) would have made a fresh
        // protection of 2020 hide other cells; 2020 stays as published, so the other periods
        // must be protected around its published counts. Before that, the LP attacker narrowed
        // four region counts below 5 on this site.
        let project = copyProject(Repo.content)
        let site = temporaryFolder().appendingPathComponent("Site")
        let siteYML = project.appendingPathComponent("site.yml")
        let full = try String(contentsOf: siteYML, encoding: .utf8)
        let monitoring = try #require(full.range(of: "  - id: monitoring"))
        let rest = try #require(full.range(of: "# The defaults of DOMAIN.md"))
        try (String(full[..<monitoring.lowerBound]) + "\n" + String(full[rest.lowerBound...])).write(to: siteYML, atomically: false, encoding: .utf8)
        let narrative = project.appendingPathComponent("narrative/monitoring.md")
        let monitoringText = try Data(contentsOf: narrative)
        try FileManager.default.removeItem(at: narrative)
        _ = try publishPeriod(options(project, site, date: day1), period: "2020", restate: nil)
        let frozen = try Data(contentsOf: project.appendingPathComponent("archive/2020/data/2020/indicators.csv"))

        try full.write(to: siteYML, atomically: false, encoding: .utf8)
        try monitoringText.write(to: narrative)
        let result = try buildSite(options(project, site, date: day2))
        // The current build protects 2020 exactly as it was published: nothing would change.
        #expect(!result.warnings.contains { $0.file == "archive/2020" }, "\(result.warnings.map(\.description))")
        // Every count of 2020 in the table the later pages are built from (comparisons, the
        // per-period tables of practices) is the published one.
        let loaded = try loadProject(content: project.path, themeSearch: Repo.themes)
        let computation = computeTallies(loaded.project)
        let table = protect(computation, frozen: frozenCounts(loaded.raw.archives, periods: loaded.project.config.periods))
        let csv = try parseCSV(text: try #require(String(data: frozen, encoding: .utf8)), file: "indicators.csv")
        var compared = 0
        for r in csv.records where r.fields[7] == "count" {
            let scope: Scope = r.fields[1] == "region" ? .region : r.fields[1] == "municipality" ? .municipality(r.fields[2]) : .practice(r.fields[2])
            guard let now = table.value(r.fields[3], period: "2020", scope: scope) else { continue }
            let expected: IndicatorValue = r.fields[8] == "suppressed" ? .suppressed : .count(Int(r.fields[4]) ?? -1)
            #expect(now.value == expected, "\(r.fields[1]) \(r.fields[2]) \(r.fields[3])")
            compared += 1
        }
        #expect(compared > 1000)
    }

    @Test func knownOutcomesOfAPublishedPeriodAreReadFromTheirShares() {
        // No download row gives the count of known outcomes; its shares do. By hand: 15 avoided
        // shown as 75% of the known outcomes → 20; 5 to second line at 25% → 20.
        #expect(knownOutcome(["outcome.avoided_second_line": 15, "outcome.to_second_line": Int?.none],
                             ["outcome.avoided_second_line.share": Decimal(string: "0.75")!]) == 20)
        #expect(knownOutcome(["outcome.avoided_second_line": 0, "outcome.to_second_line": 5],
                             ["outcome.avoided_second_line.share": 0, "outcome.to_second_line.share": Decimal(string: "0.25")!]) == 20)
        // 1/3 written with ten decimals still gives the count back.
        #expect(knownOutcome(["outcome.avoided_second_line": 10], ["outcome.avoided_second_line.share": Decimal(string: "0.3333333333")!]) == 30)
        // Both shares hidden: readers do not have it, unless no intervention is unknown (a shown 0
        // is exact): then it is the new cases, 35.
        #expect(knownOutcome(["outcome.avoided_second_line": 15, "outcome.to_second_line": 5], [:]) == nil)
        #expect(knownOutcome(["cases.new": 35, "mix.unknown": 5], [:]) == nil)
        #expect(knownOutcome(["cases.new": 35, "mix.unknown": 0, "outcome.avoided_second_line": Int?.none], [:]) == 35)
        #expect(knownOutcome(["cases.new": Int?.none, "mix.unknown": 0], [:]) == nil)
    }

    @Test func publishingChangesNothingTheNextBuildWouldMake() throws {
        // `pohj publish 2020` on the example, then a build of the same project: the period's
        // downloads and dashboards are what the build would make (the count of known outcomes,
        // shown only through its shares, used to be protected afresh and shown where the
        // published period hides it: 40 files "would change" and 20 false warnings about
        // counts that could be narrowed).
        let project = copyProject(Repo.content)
        try? FileManager.default.removeItem(at: project.appendingPathComponent("archive"))
        let site = temporaryFolder().appendingPathComponent("Site")
        let published = try publishPeriod(options(project, site, date: day1), period: "2020", restate: nil)
        #expect(!published.build.warnings.contains { $0.message.contains("stays as published") }, "\(published.build.warnings)")
        // Nor does it warn about published counts readers cannot narrow (the known outcomes of
        // a practice whose new cases are shown and no intervention unknown).
        #expect(!published.build.warnings.contains { $0.message.contains("outcome.known") }, "\(published.build.warnings)")
    }

    @Test func periodsArePublishedInReportingOrder() throws {
        // A practice page of 2021-Q1 shows 2020's caseload, and its comparisons 2020's figures.
        // Published first, it froze 2020's counts as the build of that day protected them; once
        // 2020 was published too, the next build protected 2020 around its own published counts
        // and the frozen 2021-Q1 page "would change" (readers had two versions of 2020's counts).
        let project = copyProject(Repo.content)
        try? FileManager.default.removeItem(at: project.appendingPathComponent("archive"))
        let site = temporaryFolder().appendingPathComponent("Site")
        do {
            _ = try publishPeriod(options(project, site, date: day1), period: "2021-Q1", restate: nil)
            Issue.record("2021-Q1 was published before 2020")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.map(\.file) == ["site.yml"])
            // The line of 2021-Q1's entry in the example's site.yml, counted by hand.
            #expect(f.diagnostics.first?.line == 19, "\(f)")
            #expect(f.diagnostics.first?.message.contains("earlier period(s) 2020") == true)
            #expect(f.diagnostics.first?.message.contains("`pohj publish 2020`, then `pohj publish 2021-Q1`") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("archive/2021-Q1").path))
        // In order, every period freezes only published figures of the others: the next build
        // would change none of them.
        var last: BuildResult? = nil
        for period in ["2020", "2021-Q1", "monitoring"] {
            last = try publishPeriod(options(project, site, date: day1), period: period, restate: nil).build
        }
        let warnings = try #require(last).warnings
        #expect(!warnings.contains { $0.message.contains("stays as published") }, "\(warnings)")
        // Nor is any count hidden that the published periods pin down: `monitoring` = 2020 +
        // 2021-Q1, and hiding its counts that are one period's count plus an exact 0 in the other
        // left 16 hidden counts a reader narrows below 5 (Katwijk's duration.3-6m: 38–42).
        #expect(!warnings.contains { $0.message.contains("can be narrowed") }, "\(warnings)")
        // A correction of 2020 leaves the published pages of the later periods as they were, with
        // 2020's figures of before: the restatement says so.
        let restated = try publishPeriod(options(project, site, date: day2), period: "2020", restate: "aantallen Katwijk gecorrigeerd").build.warnings
        let note = restated.first { $0.file == "archive/2020" && $0.message.contains("before this correction") }
        #expect(note?.message.contains("the published pages of 2021-Q1, monitoring show figures of 2020") == true, "\(restated)")
        // Both versions stay online, so with the data unchanged the correction changes no count:
        // one the version before shows and the correction hid, readers would still have (and
        // the audit would count on a secret that is out: 142 such here before, Hillegom's new
        // cases among them); one it hides and the correction showed, the LP attacker found
        // narrowed to its rounding (25 here).
        let (before, after) = (try publishedCounts2020(project, "2020--v1"), try publishedCounts2020(project, "2020"))
        let changed = before.filter { after[$0.key] != $0.value }.keys.sorted()
        #expect(before.count > 1000 && before.count == after.count && changed.isEmpty, "\(changed.count) changed: \(changed.prefix(5))")
        // A second correction reads both versions before it (the manifest lists 2020--v1): the same.
        _ = try publishPeriod(options(project, site, date: day2), period: "2020", restate: "nogmaals nagekeken")
        let third = try publishedCounts2020(project, "2020")
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("archive/2020--v2").path))
        #expect(third.count == before.count && before.allSatisfy { third[$0.key] == $0.value })
    }

    @Test func aPeriodIsPublishedOnceItIsOver() throws {
        // 2022 of the mini fixture ends on 31 December 2022: on that day its data are not complete.
        let project = copyProject(Repo.mini)
        let site = temporaryFolder().appendingPathComponent("Site")
        do {
            _ = try publishPeriod(options(project, site, date: Day(year: 2022, month: 12, day: 31)!), period: "2022", restate: nil)
            Issue.record("2022 was published on its last day")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.map(\.file) == ["site.yml"] && f.diagnostics.first?.line == 6, "\(f)")   // `- id: "2022"` in mini's site.yml
            #expect(f.diagnostics.first?.message.contains("runs until 31-12-2022 and it is 31-12-2022: a period is published once it is over and its data are complete, from 01-01-2023 on") == true, "\(f)")
        }
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("archive").path))
        _ = try publishPeriod(options(project, site, date: Day(year: 2023, month: 1, day: 1)!), period: "2022", restate: nil)
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("archive/2022/manifest.json").path))
    }

    @Test func aCorrectionChangesOnlyWhatItsDataChange() throws {
        // Publish 2020 on the example, then correct it: 12 of Hillegom's 2020 cases were entered
        // twice and are taken out. The version before stays online beside the correction, so
        // every count it hides stays hidden, every count it shows stays shown where the corrected
        // data round to the same (5 from 2 below to 2 above: protectCount, checked by hand in
        // ProtectTests), and counts shown in both show the correction. (The region's new cases,
        // 531 → 519, were shown as 530 → 520 until session 16; since the audit hides from the
        // relation that really sets a bound, it hides them in the correction: Hillegom's cases
        // referred by the GP, all of its 2020 cases, found room only in the region's, their twin.)
        let project = copyProject(Repo.content)
        try? FileManager.default.removeItem(at: project.appendingPathComponent("archive"))
        let site = temporaryFolder().appendingPathComponent("Site")
        _ = try publishPeriod(options(project, site, date: day1), period: "2020", restate: nil)
        let file = project.appendingPathComponent("data/cases/hillegom.csv")
        // Bytes, not String lines: the file mixes CRLF and LF, and "\r\n" is one Character.
        var lines = [UInt8](try Data(contentsOf: file)).split(separator: 0x0A, omittingEmptySubsequences: false)
        // Whole records only: a line that starts a 2020 case, has no quote (a quoted field may go
        // on over lines) and is followed by the next case.
        let taken = lines.indices.dropLast().filter { i in
            lines[i].starts(with: Array("2020-".utf8)) && !lines[i].contains(0x22) && lines[i + 1].starts(with: Array("202".utf8))
        }.prefix(12)
        #expect(taken.count == 12)
        for i in taken.reversed() { lines.remove(at: i) }
        try Data(lines.joined(separator: [0x0A])).write(to: file)
        _ = try publishPeriod(options(project, site, date: day2), period: "2020", restate: "12 dubbel ingevoerde trajecten Hillegom")

        let (before, after) = (try publishedCounts2020(project, "2020--v1"), try publishedCounts2020(project, "2020"))
        #expect(before["region region cases.new"]?.value == "530")
        let corrected = before.filter { key, was in was.status == "rounded" && after[key]?.status == "rounded" && after[key]?.value != was.value }
        #expect(corrected.count >= 3, "\(corrected.keys.sorted())")
        // The corrected true counts, unprotected.
        let loaded = try loadProject(content: project.path, themeSearch: Repo.themes)
        var truth: [String: Int] = [:]
        for cell in computeTallies(loaded.project).cells where cell.period.id == "2020" {
            for (id, n) in cell.tally.counts { if let n { truth["\(cell.scope.type) \(cell.scope.id) \(id)"] = n } }
        }
        var keptHidden = 0, keptShown = 0
        for (key, was) in before {
            let now = try #require(after[key], "\(key) is gone")
            if was.status == "suppressed" {
                #expect(now.status == "suppressed", "\(key) was hidden and is shown now")
                keptHidden += 1
            } else if was.status == "rounded", let id = key.split(separator: " ").last, let n = truth[key] ?? truth[key.replacingOccurrences(of: ".count", with: "")],
                      protectCount(n, DisclosurePolicy()).map(String.init) == was.value {
                #expect(now.value == was.value && now.status == "rounded", "\(key) (\(id)) was \(was.value), true \(n) rounds alike, now \(now)")
                keptShown += 1
            }
        }
        #expect(keptHidden > 1000 && keptShown > 500, "\(keptHidden) hidden, \(keptShown) shown")
    }

    @Test func aNarrativeNamingALaterPeriodHoldsPublishingBack() throws {
        // `{{ value … period=2021-Q1 }}` in the site-wide text puts a 2021-Q1 figure on 2020's
        // dashboard too; frozen there, it could differ from 2021-Q1's own pages later. 2021-Q1
        // can never be published first (its own pages show 2020), so the message offers only
        // taking the figure out or scoping the text. An id that is no period is the build's
        // error, not a period to publish.
        let project = copyProject(Repo.content)
        try? FileManager.default.removeItem(at: project.appendingPathComponent("archive"))
        let dashboard = project.appendingPathComponent("narrative/dashboard.md")
        let text = try String(contentsOf: dashboard, encoding: .utf8)
        let lines = text.components(separatedBy: "\n").count - (text.hasSuffix("\n") ? 1 : 0)
        try (text + "Begin 2021: {{ value cases.new period=2021-Q1 }} nieuwe jeugdigen.\n").write(to: dashboard, atomically: false, encoding: .utf8)
        let site = temporaryFolder().appendingPathComponent("Site")
        do {
            _ = try publishPeriod(options(project, site, date: day1), period: "2020", restate: nil)
            Issue.record("2020 was published with a figure of 2021-Q1 on its dashboard")
        } catch let f as BuildFailure {
            let d = try #require(f.diagnostics.first)
            #expect(f.diagnostics.count == 1)
            #expect(d.file == "narrative/dashboard.md" && d.line == lines + 1 && d.value == "period=2021-Q1", "\(d)")
            #expect(d.message.contains("comes after 2020 in reporting order") && d.message.contains("can never be frozen"), "\(d.message)")
            #expect(d.message.contains("`period: <id>`") && !d.message.contains("first"), "\(d.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("archive/2020").path))
        try (text + "{{ value cases.new period=2012 }}\n").write(to: dashboard, atomically: false, encoding: .utf8)
        do {
            _ = try publishPeriod(options(project, site, date: day1), period: "2020", restate: nil)
            Issue.record("a narrative naming no period was published")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.contains { $0.message.contains("unknown period") }, "\(f)")
            #expect(!f.diagnostics.contains { $0.message.contains("not published") || $0.message.contains("reporting order") }, "\(f)")
        }
    }

    @Test func frozenPeriodSurvivesDataAndTemplateChanges() throws {
        let project = copyProject(Repo.mini)
        let site = temporaryFolder().appendingPathComponent("Site")
        let published = try publishPeriod(options(project, site, date: day1), period: "2022", restate: nil)
        #expect(published.previousVersion == nil)
        let manifest = try #require(ArchiveManifest.parse([UInt8](Data(contentsOf: project.appendingPathComponent("archive/2022/manifest.json")))))
        #expect(manifest.frozenOn == day1)
        #expect(manifest.files.count == published.files)
        #expect(manifest.inputHash.count == 64)
        let frozen = archiveCopy(site, "2022")
        #expect(frozen["index.html"] != nil && frozen["data/2022/indicators.csv"] != nil && frozen["assets/site.css"] != nil)
        #expect(String(decoding: frozen["index.html"]!, as: UTF8.self).contains("1\u{00A0}februari 2023"), "the footer keeps the publication date")

        // Change the data (costs) and the theme (a project-local copy of the template).
        let costs = project.appendingPathComponent("data/costs.csv")
        try (String(contentsOf: costs, encoding: .utf8).replacingOccurrences(of: "36.500,00", with: "41.000,00")).write(to: costs, atomically: false, encoding: .utf8)
        let theme = project.appendingPathComponent("themes/default")
        try FileManager.default.createDirectory(at: theme.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("Themes/default"), to: theme)
        let template = theme.appendingPathComponent("templates/page.mustache")
        try (String(contentsOf: template, encoding: .utf8).replacingOccurrences(of: "<footer class=\"site-footer\">", with: "<footer class=\"site-footer nieuw\">")).write(to: template, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: site)

        let result = try buildSite(options(project, site, date: day2))
        #expect(archiveCopy(site, "2022") == frozen ? true : false, "the frozen period changed")
        #expect(result.warnings.contains { $0.file == "archive/2022" && $0.message.contains("stays as published") && $0.message.contains("index.html") })
        // The live site and the unfrozen period do follow the new data and template.
        let live = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(live.contains("site-footer nieuw"))
        #expect(try String(contentsOf: site.appendingPathComponent("archief/2022-H2/index.html"), encoding: .utf8).contains("site-footer nieuw"))
        // Root downloads of a frozen period are its frozen bytes.
        #expect([UInt8](try Data(contentsOf: site.appendingPathComponent("data/2022/indicators.csv"))) == frozen["data/2022/indicators.csv"]!)
        // Publishing again without a reason is refused.
        #expect(throws: BuildFailure.self) { try publishPeriod(options(project, site, date: day2), period: "2022", restate: nil) }
    }

    @Test func restatementKeepsBothVersionsAndShowsTheNotice() throws {
        let project = copyProject(Repo.mini)
        let site = temporaryFolder().appendingPathComponent("Site")
        _ = try publishPeriod(options(project, site, date: day1), period: "2022", restate: nil)
        let before = archiveCopy(site, "2022")
        let costs = project.appendingPathComponent("data/costs.csv")
        try (String(contentsOf: costs, encoding: .utf8).replacingOccurrences(of: "36.500,00", with: "41.000,00")).write(to: costs, atomically: false, encoding: .utf8)

        let r = try publishPeriod(options(project, site, date: day2), period: "2022", restate: "kosten Aadorp waren te laag opgegeven")
        #expect(r.previousVersion == "2022--v1")
        #expect(archiveCopy(site, "2022--v1") == before ? true : false, "the previous version is kept byte for byte")
        let after = archiveCopy(site, "2022")
        let pages = after.filter { $0.key.hasSuffix(".html") }
        #expect(!pages.isEmpty)
        for (path, bytes) in pages {
            let html = String(decoding: bytes, as: UTF8.self)
            #expect(html.contains("Gecorrigeerd op 9\u{00A0}mei 2023: kosten Aadorp waren te laag opgegeven"), "\(path) lacks the notice")
        }
        let index = String(decoding: after["index.html"]!, as: UTF8.self)
        #expect(index.contains("href=\"../2022--v1/index.html\">Versie vóór deze correctie"))
        let archive = try String(contentsOf: site.appendingPathComponent("archief/index.html"), encoding: .utf8)
        #expect(archive.contains("2022--v1/index.html"))
        let manifest = try #require(ArchiveManifest.parse([UInt8](Data(contentsOf: project.appendingPathComponent("archive/2022/manifest.json")))))
        #expect(manifest.corrections == [Correction(date: day2, reason: "kosten Aadorp waren te laag opgegeven")])
        #expect(manifest.previousVersions == ["2022--v1"])
        // A fresh build on "another machine" reproduces both versions byte for byte.
        let again = temporaryFolder().appendingPathComponent("Site")
        _ = try buildSite(options(project, again, date: day2))
        #expect(archiveCopy(again, "2022") == after ? true : false)
        #expect(archiveCopy(again, "2022--v1") == before ? true : false)
    }

    @Test func tamperedFrozenFileIsReportedAndNothingIsWritten() throws {
        let project = copyProject(Repo.mini)
        let site = temporaryFolder().appendingPathComponent("Site")
        _ = try publishPeriod(options(project, site, date: day1), period: "2022", restate: nil)
        let before = tree(site)
        let file = project.appendingPathComponent("archive/2022/data/2022/indicators.csv")
        try (String(contentsOf: file, encoding: .utf8) + "2022,region,region,cases.new,999,,,count,\r\n").write(to: file, atomically: false, encoding: .utf8)
        do {
            _ = try buildSite(options(project, site, date: day2))
            Issue.record("a tampered archive was built")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.first?.description.hasPrefix("archive/2022: error: was changed after `pohj publish` (data/2022/indicators.csv (changed))") == true)
        }
        #expect(tree(site) == before ? true : false)
    }
}

/// A count as a published version's indicators.csv gives it: value and status as written.
private struct PublishedCount: Equatable, CustomStringConvertible {
    var value: String
    var status: String
    var description: String { "\(value) \(status)" }
}

/// The 2020 counts of the published version in `archive/<folder>`, by "scope_type scope_id indicator".
private func publishedCounts2020(_ project: URL, _ folder: String) throws -> [String: PublishedCount] {
    let text = try String(contentsOf: project.appendingPathComponent("archive/\(folder)/data/2020/indicators.csv"), encoding: .utf8)
    let csv = try parseCSV(text: text, file: folder)
    return Dictionary(csv.records.filter { $0.fields[7] == "count" }.map { ($0.fields[1...3].joined(separator: " "), PublishedCount(value: $0.fields[4], status: $0.fields[8])) },
                      uniquingKeysWith: { a, _ in a })
}

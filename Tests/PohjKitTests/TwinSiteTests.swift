import Foundation
import Testing
@testable import PohjKit

/// The live site is made from the pages of the latest period's archive copy (its twin) with
/// only the links that leave the period site changed (`PeriodSite.retarget`). These tests make
/// the live pages directly too and compare the bytes.
struct TwinSiteTests {
    @Test func retargetedTwinPagesAreTheLivePagesByteForByte() throws {
        let loaded = try loadProject(content: Repo.content, themeSearch: Repo.themes)
        let project = loaded.project
        let table = protect(computeTallies(project))
        let renderer = try ThemeRenderer(loaded.raw.theme)
        let presenter = SitePresenter(project: project, table: table, periods: project.config.periods)
        let stamp = Stamp(version: "0.0.0", date: Day(year: 2025, month: 1, day: 15)!)
        let sites = presenter.periodSites(frozen: [:], archiveOnly: nil, pending: nil, stamp: stamp)
        let live = try #require(sites.first { !$0.isArchive })
        let twin = try #require(sites.first { $0.isArchive && $0.period == live.period })
        #expect(live.isTwin(of: twin))
        // Archive copies of other periods are not twins of the live site.
        #expect(sites.filter { $0.isArchive && live.isTwin(of: $0) }.count == 1)

        func render(_ page: Page) -> OutputFile {
            renderer.render(page, site: project.config, version: "9.9.9", buildDate: Day(year: 2030, month: 1, day: 1)!)
        }
        var diagnostics = Diagnostics()
        let direct = presenter.periodSite(live, diagnostics: &diagnostics)
        let fromTwin = presenter.periodSite(twin, diagnostics: &diagnostics)
        let practices = presenter.practicesInPageOrder[...]
        let directPractices = presenter.practicePages(live, practices), twinPractices = presenter.practicePages(twin, practices)
        let directPages = direct.pages + directPractices.pages, twinPages = fromTwin.pages + twinPractices.pages
        #expect(directPages.count == twinPages.count && directPages.count > 20)
        for (made, twinPage) in zip(directPages, twinPages) {
            let retargeted = render(live.retarget(twinPage, from: twin)), expected = render(made)
            #expect(retargeted.path == expected.path)
            let same = retargeted.bytes == expected.bytes, twinSame = render(twinPage).bytes == expected.bytes
            #expect(same, "\(expected.path) differs when made from its twin")
            // And the twin's page itself differs (its menu links leave the archive copy).
            #expect(!twinSame, "\(expected.path)")
        }
        let directFiles = direct.files + directPractices.files, twinFiles = fromTwin.files + twinPractices.files
        #expect(directFiles.count == twinFiles.count)
        for (made, twinFile) in zip(directFiles, twinFiles) {
            let retargeted = live.retarget(twinFile, from: twin)
            let same = retargeted.path == made.path && retargeted.bytes == made.bytes
            #expect(same, "\(made.path)")
        }
    }

    @Test func aCopyWithCorrectionsOrAnotherStampIsNoTwin() throws {
        let project = try loadExample()
        let presenter = SitePresenter(project: project, table: protect(computeTallies(project)), periods: project.config.periods)
        let stamp = Stamp(version: "0.0.0", date: Day(year: 2025, month: 1, day: 15)!)
        let sites = presenter.periodSites(frozen: [:], archiveOnly: nil, pending: nil, stamp: stamp)
        let live = try #require(sites.first { !$0.isArchive })
        var twin = try #require(sites.first { $0.isArchive && $0.period == live.period })
        twin.corrections = [Correction(date: Day(year: 2025, month: 2, day: 1)!, reason: "kosten gecorrigeerd")]
        #expect(!live.isTwin(of: twin))
        twin.corrections = []
        twin.stamp = Stamp(version: "0.0.0", date: Day(year: 2024, month: 12, day: 1)!)
        #expect(!live.isTwin(of: twin))
    }
}

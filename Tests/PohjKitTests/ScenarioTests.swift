import Foundation
import Testing
@testable import PohjKit

/// Scenarios as data (DOMAIN.md §4), the cost model and the worked examples of §5 that are not
/// in the Holland Rijnland example: Leidschendam-Voorburg's 30% and the VPG overhead.
struct ScenarioTests {
    /// Writes a small project: one municipality, given practices, referrals and site.yml extras.
    func project(name: String, practices: String, referrals: String, siteExtra: String, periods: String) throws -> Project {
        let root = temporaryFolder("pohj-scenario")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "title: \(name)\nregion: \(name)\n\(siteExtra)\nperiods:\n\(periods)".write(to: root.appendingPathComponent("site.yml"), atomically: false, encoding: .utf8)
        try ("Praktijkcode;Naam;Gemeente;Start POH-J;Einde POH-J;Uren POH-J per week;Model\r\n" + practices).write(to: root.appendingPathComponent("data/practices.csv"), atomically: false, encoding: .utf8)
        try ("Patiëntnummer;Praktijk;Datum eerste consult;Welke interventie is er ingezet?\r\n1;P1;01-03-2019;Overbruggingshulp\r\n").write(to: root.appendingPathComponent("data/cases.csv"), atomically: false, encoding: .utf8)
        try ("Jaar;Gemeente;Verwijzer;Zorgsoort;Trajecten;Kosten (EUR)\r\n" + referrals).write(to: root.appendingPathComponent("data/referrals.csv"), atomically: false, encoding: .utf8)
        try "Jaar;Gemeente/praktijk;Kosten (EUR)\r\n2019;\(name);231.000\r\n2021;\(name);231.000\r\n".write(to: root.appendingPathComponent("data/costs.csv"), atomically: false, encoding: .utf8)
        return try loadProject(content: root.path, themeSearch: Repo.themes).project
    }

    @Test func leidschendamVoorburgThirtyPercentIsComputedNotCopied() throws {
        // Baseline 2017: basis + specialist youth GGZ of all referrers € 4.120.035 (GP € 2.595.181).
        // 30% of it is € 1.236.010,50; the letter's € 1.263.977 is 30,68%.
        let p = try project(name: "Leidschendam-Voorburg",
                            practices: "P1;Praktijk A;Leidschendam-Voorburg;01-01-2019;;22;aanvullend\r\n",
                            referrals: "2017;Leidschendam-Voorburg;Huisarts;Basis GGZ;900;1.000.000,00\r\n2017;Leidschendam-Voorburg;Huisarts;Specialistische GGZ;500;1.595.181,00\r\n2017;Leidschendam-Voorburg;Gemeentelijke toegang;Specialistische GGZ;400;1.524.854,00\r\n2017;Leidschendam-Voorburg;Huisarts;Jeugd- en opvoedhulp;100;500.000,00\r\n",
                            siteExtra: "baseline_year: 2017\nscenarios:\n  - aandeel_uitgaven",
                            periods: "  - {id: \"2019\", start: 2019-01-01, end: 2019-12-31}\n  - {id: \"2021\", start: 2021-01-01, end: 2021-12-31}\n  - {id: 2021-H1, start: 2021-01-01, end: 2021-06-30}\n")
        let t = computeIndicators(computeTallies(p))
        let lv = Scope.municipality("Leidschendam-Voorburg")
        #expect(value(t, "baseline.spend_ggz_eur", period: "2021", scope: lv) == .money(4_120_035))
        // Year 3 of a 3-year ramp starting with the first POH-J year 2019: the full 30%.
        #expect(value(t, "savings.aandeel_uitgaven.gross_eur", period: "2021", scope: lv) == .money(decimal("1236010.50")))
        #expect(DutchFormat.money(decimal("1236010.50")) == "€\u{00A0}1.236.011")
        // Year 1: a third of it.
        #expect(value(t, "savings.aandeel_uitgaven.gross_eur", period: "2019", scope: lv) == .money(decimal("412003.50")))
        // Half a year: by days, 181 of 365.
        guard case .money(let h1)? = value(t, "savings.aandeel_uitgaven.gross_eur", period: "2021-H1", scope: lv) else { Issue.record("no H1"); return }
        #expect(h1.rounded(2) == (decimal("1236010.50") * 181 / 365).rounded(2))
        // Net against the budgeted € 231.000.
        #expect(value(t, "savings.aandeel_uitgaven.net_eur", period: "2021", scope: lv) == .money(decimal("1236010.50") - 231_000))
        // The letter's figure is 30,68% of the base.
        #expect(DutchFormat.percent(Decimal(1_263_977) / Decimal(4_120_035), decimals: 2) == "30,68%")
    }

    @Test func overheadCompensationVPG() throws {
        // VPG, 8 h/week, model aanvullend: induction 2 h × 12 × € 55 = € 1.320; room 8 × 48 × € 10 = € 3.840;
        // HIS € 350; insurance € 150; total € 5.660, of which the municipality pays 50% = € 2.830.
        let p = try project(name: "VPG", practices: "P1;Praktijk VPG;VPG;01-01-2019;;8;aanvullend\r\nP2;Praktijk Extra;VPG;01-01-2019;;8;extra\r\n",
                            referrals: "2019;VPG;Huisarts;Basis GGZ;10;8.760,00\r\n", siteExtra: "",
                            periods: "  - {id: \"2019\", start: 2019-01-01, end: 2019-12-31}\n")
        let t = computeIndicators(computeTallies(p))
        let vpg = Scope.practice("P1")
        #expect(value(t, "overhead.induction_eur", period: "2019", scope: vpg) == .money(1320))
        #expect(value(t, "overhead.yearly_eur", period: "2019", scope: vpg) == .money(3840 + 350 + 150))
        #expect(value(t, "overhead.first_year_eur", period: "2019", scope: vpg) == .money(5660))
        #expect(value(t, "overhead.municipality_eur", period: "2019", scope: vpg) == .money(2830))
        // Model extra: 50–100%.
        #expect(value(t, "overhead.municipality_eur", period: "2019", scope: .practice("P2")) == .moneyRange(low: 2830, high: 5660))
        #expect(value(t, "overhead.municipality_eur", period: "2019", scope: .municipality("VPG")) == .moneyRange(low: 5660, high: 8490))
    }

    @Test func userDefinedScenarioChangesTheOutputAsSpecified() throws {
        let copy = copyProject(Repo.mini)
        let site = copy.appendingPathComponent("site.yml")
        try (String(contentsOf: site, encoding: .utf8) + """
        scenarios:
          - conservatief
          - id: eigen
            label: Eigen aanname
            source: Notitie gemeente
            base: self_helped_by_band
            avoids:
              - {band: "2-5", share: 0.5, care: bggz}
              - {band: "6-10", share: 0.2, price_low_eur: 2000, price_high_eur: 3000}

        """).write(to: site, atomically: false, encoding: .utf8)
        let p = try loadProject(content: copy.path, themeSearch: Repo.themes).project
        #expect(p.config.scenarios.map(\.id) == ["conservatief", "eigen"])
        let t = computeIndicators(computeTallies(p))
        // The fixture: 10 self-helped in 2–5 and 10 in 6–10 contacts in 2022; B-GGZ price of its
        // baseline 2021 = (36.000 + 54.000) ÷ (40 + 60) = € 900.
        #expect(t.prices.bggz == 900)
        // 0,5 × 10 × 900 + 0,2 × 10 × (2.000 – 3.000) = 4.500 + 4.000 – 6.000.
        #expect(value(t, "savings.eigen.gross_eur", period: "2022") == .moneyRange(low: 8500, high: 10500))
        // Conservative: (10 + 10) × 900.
        #expect(value(t, "savings.conservatief.gross_eur", period: "2022") == .money(18000))
        #expect(value(t, "savings.optimistisch.gross_eur", period: "2022") == nil, "removed scenarios are gone")
        // It reaches the pages and downloads.
        let out = temporaryFolder().appendingPathComponent("Site")
        _ = try buildSite(BuildOptions(content: copy.path, output: out.path, themeSearch: Repo.themes, buildDate: Day(year: 2023, month: 1, day: 1)!))
        let home = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("Eigen aanname"))
        #expect(home.contains("Notitie gemeente"))
    }

    @Test func malformedScenarioNamesKeyAndLine() throws {
        let copy = copyProject(Repo.mini)
        let site = copy.appendingPathComponent("site.yml")
        try (String(contentsOf: site, encoding: .utf8) + "scenarios:\n  - id: fout\n    avoids:\n      - {band: \"3-4\", share: 0.5, care: bggz}\n      - {band: \"2-5\", share: 1.5, care: bggz}\n")
            .write(to: site, atomically: false, encoding: .utf8)
        do {
            _ = try loadProject(content: copy.path, themeSearch: Repo.themes)
            Issue.record("accepted")
        } catch let f as BuildFailure {
            let e = f.diagnostics.filter { $0.severity == .error }.map(\.description)
            #expect(e.contains("site.yml:17: error: column 'scenarios.avoids.band': '3-4': unknown band; use 1, 2-5 or 6-10 (11plus counts as 6-10)"))
            #expect(e.contains("site.yml:18: error: column 'scenarios.avoids.share': needs a share between 0 and 1"))
        }
    }

    @Test func allFourBuiltInScenariosAreIndicators() {
        let ids = exampleTable.entry("2020", .region)!.indicators.list.map(\.id)
        for s in ["conservatief", "optimistisch", "landelijk_aef", "aandeel_uitgaven"] {
            for k in ["gross_eur", "cost_eur", "net_eur", "coverage"] { #expect(ids.contains("savings.\(s).\(k)"), "savings.\(s).\(k)") }
        }
        for k in ["trajectories", "hours_per_year", "hours_per_week", "capacity_share"] { #expect(ids.contains("breakeven.\(k)")) }
    }
}

/// The Rebel table row by row (DOMAIN.md §5), each line of the built-in scenarios applied on its
/// own to the example's 2020 counts.
struct RebelTableTests {
    func line(_ scope: Scope, _ band: ContactsBand, _ share: String, _ care: CareType) -> Decimal? {
        let project = try! loadExample()
        let computation = computeTallies(project, periods: project.config.periods.filter { $0.id == "2020" })
        let cell = computation.cells.first { $0.scope == scope }!
        var s = IndicatorSet()
        let one = Scenario(id: "x", label: "x", source: "", base: .self_helped_by_band, avoids: [.init(band: band, share: decimal(share), price: .care(care))])
        deriveScenario(one, tally: cell.tally, inputs: cell.inputs, period: cell.period, prices: computation.prices, status: .exact, into: &s)
        return s.value("savings.x.gross_eur")?.decimal
    }

    @Test func everyRowOfTheTable() {
        let katwijk = Scope.municipality("Katwijk")
        func rounded(_ d: Decimal?) -> String { d.map { DutchFormat.money($0) } ?? "–" }
        func minus(_ a: Decimal?, _ b: Decimal?) -> Decimal? { a.flatMap { x in b.map { x - $0 } } }
        let nb = "\u{00A0}"
        // 1 contact (49): optimistic B-GGZ 25% × 49 × 876 = € 10.731.
        #expect(rounded(line(.region, .one, "0.25", .bggz)) == "€\(nb)10.731")
        // 2–5 (95): € 83.220 in both.
        #expect(rounded(line(.region, .twoToFive, "1", .bggz)) == "€\(nb)83.220")
        // 6–10 outside Katwijk (36): conservative € 31.536; optimistic B-GGZ 70% € 22.075, S-GGZ 30% × 2.994 € 32.335.
        #expect(rounded(minus(line(.region, .sixToTen, "1", .bggz), line(katwijk, .sixToTen, "1", .bggz))) == "€\(nb)31.536")
        #expect(rounded(minus(line(.region, .sixToTen, "0.7", .bggz), line(katwijk, .sixToTen, "0.7", .bggz))) == "€\(nb)22.075")
        #expect(rounded(minus(line(.region, .sixToTen, "0.3", .sggz), line(katwijk, .sixToTen, "0.3", .sggz))) == "€\(nb)32.335")
        // Katwijk (64, as 6–10): € 56.064; corrected optimistic € 39.245 (the report prints 10.496) and € 57.485.
        #expect(rounded(line(katwijk, .sixToTen, "1", .bggz)) == "€\(nb)56.064")
        #expect(rounded(line(katwijk, .sixToTen, "0.7", .bggz)) == "€\(nb)39.245")
        #expect(rounded(line(katwijk, .sixToTen, "0.3", .sggz)) == "€\(nb)57.485")
        // Totals: optimistic B-GGZ € 155.271 (not the printed 115.791), S-GGZ € 89.820.
        let bggz = [line(.region, .one, "0.25", .bggz), line(.region, .twoToFive, "1", .bggz), line(.region, .sixToTen, "0.7", .bggz)].compactMap { $0 }.reduce(0, +)
        #expect(rounded(bggz) == "€\(nb)155.271")
        #expect(rounded(line(.region, .sixToTen, "0.3", .sggz)) == "€\(nb)89.820")
    }
}

/// Indicator sets derived alike share their ids (`IndicatorSet.shared`); a set changed after
/// sharing gets its own, and the others keep what they had.
struct IndicatorSetTests {
    @Test func sharedIdsAreCopiedBeforeAChange() {
        func make(_ n: Int) -> IndicatorSet {
            var s = IndicatorSet()
            s.set("cases.new", .count(n), .count)
            s.set("mix.crisis.share", .share(Decimal(n) / 10), .share)
            return s.shared()
        }
        var a = make(1)
        let b = make(2)
        a.set("cases.new", .count(7), .count)              // an id it has: only its value changes
        a.set("cost.total", .money(100), .eur)             // a new id: its own layout from now on
        #expect(a.list.map(\.id) == ["cases.new", "mix.crisis.share", "cost.total"])
        #expect(b.list.map(\.id) == ["cases.new", "mix.crisis.share"])
        #expect(a.value("cases.new") == .count(7) && b.value("cases.new") == .count(2))
        #expect(b["cost.total"] == nil && a["cost.total"]?.value == .money(100))
        #expect(make(3).shared().value("mix.crisis.share") == .share(Decimal(3) / 10))
        #expect(a.count == 3 && b.count == 2)
    }
}

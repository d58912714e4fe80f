import Foundation
import Testing
@testable import PohjKit

/// The published figures of DOMAIN.md §5, computed from the example project's data. Expected
/// values are the report's figures or hand calculations written out here.
struct ExampleFiguresTests {
    let t = exampleTable

    @Test func casesAndMix2020() {
        #expect(value(t, "cases.new", period: "2020") == .count(531))
        #expect(value(t, "referrer.huisarts.count", period: "2020") == .count(531))
        #expect(value(t, "mix.self_helped.count", period: "2020") == .count(244))
        #expect(value(t, "mix.referred_preventive.count", period: "2020") == .count(83))
        #expect(value(t, "mix.referred_jggz.count", period: "2020") == .count(150))
        #expect(value(t, "mix.bridging.count", period: "2020") == .count(54))
        #expect(value(t, "mix.unknown.count", period: "2020") == .count(0))
        // 327 not to second line, 204 to second line (38,4%).
        #expect(value(t, "outcome.avoided_second_line.count", period: "2020") == .count(327))
        #expect(value(t, "outcome.to_second_line.count", period: "2020") == .count(204))
        #expect(value(t, "outcome.to_second_line.share", period: "2020") == .share(Decimal(204) / Decimal(531)))
        #expect(value(t, "mix.self_helped.share", period: "2020") == .share(Decimal(244) / Decimal(531)))
    }

    @Test func wholeMonitoringMix() throws {
        // N = 755: 42% self-treated, 37% referred, 10% bridging, 11% unclear.
        #expect(value(t, "cases.new", period: "monitoring") == .count(755))
        for (id, expected) in [("mix.self_helped.share", "42"), ("mix.referred.share", "37"), ("mix.bridging.share", "10"), ("mix.unknown.share", "11")] {
            guard case .share(let s)? = value(t, id, period: "monitoring") else { Issue.record("\(id) missing"); continue }
            #expect(DutchFormat.percent(s, decimals: 0) == "\(expected)%", "\(id)")
        }
        #expect(value(t, "mix.unknown.count", period: "2021-Q1") == .count(83))
        #expect(value(t, "gender.v.count", period: "monitoring") == .count(412))
        #expect(value(t, "gender.m.count", period: "monitoring") == .count(323))
        #expect(value(t, "aftercare.ja_ander.count", period: "monitoring") == .count(136))
        #expect(value(t, "aftercare.nee.count", period: "monitoring") == .count(69))
        #expect(value(t, "aftercare.ja_poh.count", period: "monitoring") == .count(37))
    }

    @Test func selfHelpedTrajectoriesPerContactsBand() throws {
        let project = try loadExample()
        let katwijk = Set(project.practices.filter { $0.municipality == "Katwijk" }.map(\.id))
        let selfHelped2020 = project.cases.filter { $0.firstConsult.year == 2020 && $0.intervention?.group == .self_helped }
        let others = selfHelped2020.filter { !katwijk.contains($0.practiceID) }
        #expect(others.filter { $0.contacts == .one }.count == 49)
        #expect(others.filter { $0.contacts == .twoToFive }.count == 95)
        #expect(others.filter { $0.contacts == .sixToTen }.count == 36)
        let kat = selfHelped2020.filter { katwijk.contains($0.practiceID) }
        #expect(kat.count == 64)
        #expect(kat.allSatisfy { $0.contacts == .sixToTen })
        // Katwijk registered exact numbers, on average 7,9 contacts.
        let mean = Decimal(kat.compactMap(\.exactContacts).reduce(0, +)) / Decimal(kat.count)
        #expect(DutchFormat.number(mean, decimals: 1) == "7,9")
    }

    @Test func conservativeAndOptimisticScenarios() {
        // Conservative: (95 + 36 + 64) × € 876 = € 170.820 exactly.
        #expect(value(t, "savings.conservatief.gross_eur", period: "2020") == .money(Decimal(95 + 36 + 64) * 876))
        #expect(value(t, "savings.conservatief.gross_eur", period: "2020") == .money(170_820))
        // Optimistic, corrected: 25% × 49 × 876 + 95 × 876 + 70% × 100 × 876 + 30% × 100 × 2.994
        //   = 10.731 + 83.220 + 61.320 + 89.820 = 245.091.
        #expect(value(t, "savings.optimistisch.gross_eur", period: "2020") == .money(245_091))
        // National AEF: 40% of 531 clients × € 2.100 – € 2.500.
        #expect(value(t, "savings.landelijk_aef.gross_eur", period: "2020") == .moneyRange(low: decimal("212.4") * 2100, high: decimal("212.4") * 2500))
        // Cost 2020 = sum of the pilot costs: 179.200 + 38.948 + 12.688 + 46.203 + 100.000 + 40.167 + 69.536.
        let cost: Decimal = 179_200 + 38_948 + 12_688 + 46_203 + 100_000 + 40_167 + 69_536
        #expect(value(t, "cost.total", period: "2020") == .money(cost))
        #expect(value(t, "savings.conservatief.net_eur", period: "2020") == .money(170_820 - cost))
        #expect(value(t, "savings.conservatief.coverage", period: "2020") == .number(170_820 / cost))
    }

    @Test func pricesComeFromTheBaselineYear() {
        // TWO 2018 prices: B-GGZ € 876, S-GGZ € 2.994.
        #expect(t.prices.bggz == 876)
        #expect(t.prices.sggz == 2994)
        #expect(t.prices.bggzSource == .baseline)
    }

    @Test func trajectoryCosts() {
        // € 81,25 per hour × 1 / 4 / 8 contacts; Katwijk 7,9 contacts → € 641,88.
        #expect(value(t, "cost.per_trajectory.1", period: "2020") == .money(decimal("81.25")))
        #expect(value(t, "cost.per_trajectory.2-5", period: "2020") == .money(325))
        #expect(value(t, "cost.per_trajectory.6-10", period: "2020") == .money(650))
        #expect(DutchFormat.money(decimal("81.25") * decimal("7.9"), cents: true) == "€\u{00A0}641,88")
    }

    @Test func breakEvenOegstgeestAndLisse() throws {
        // Oegstgeest: € 100.000 ÷ € 876 = 114,2 trajectories; × 6 contacts × 1,33 = 911 h/year;
        // ÷ 48 weeks = 19 h/week, 59% of 32 hours.
        let o = Scope.municipality("Oegstgeest")
        guard case .number(let traj)? = value(t, "breakeven.trajectories", period: "2020", scope: o),
              case .number(let perYear)? = value(t, "breakeven.hours_per_year", period: "2020", scope: o),
              case .number(let perWeek)? = value(t, "breakeven.hours_per_week", period: "2020", scope: o),
              case .share(let share)? = value(t, "breakeven.capacity_share", period: "2020", scope: o) else {
            Issue.record("Oegstgeest break-even missing"); return
        }
        #expect(traj == Decimal(100_000) / 876)
        #expect(DutchFormat.number(traj, decimals: 1) == "114,2")
        #expect(DutchFormat.number(perYear) == "911")
        #expect(DutchFormat.number(perWeek) == "19")
        #expect(DutchFormat.percent(share, decimals: 0) == "59%")
        // Lisse: € 12.688 ÷ 876 = 14,48; × 6 × 1,33 = 115,6 h; ÷ 48 = 2,41 h/week.
        let l = Scope.municipality("Lisse")
        guard case .number(let lt)? = value(t, "breakeven.trajectories", period: "2020", scope: l),
              case .number(let lh)? = value(t, "breakeven.hours_per_year", period: "2020", scope: l),
              case .number(let lw)? = value(t, "breakeven.hours_per_week", period: "2020", scope: l) else {
            Issue.record("Lisse break-even missing"); return
        }
        #expect(DutchFormat.number(lt, decimals: 2) == "14,48")
        #expect(DutchFormat.number(lh, decimals: 1) == "115,6")
        #expect(DutchFormat.number(lw, decimals: 2) == "2,41")
        // Direct 1,81 + indirect 0,60: the direct part is hours ÷ 1,33.
        #expect(DutchFormat.number(lw / decimal("1.33"), decimals: 2) == "1,81")
    }

    @Test func reachAndGPShare() throws {
        // Reach 2020 = 531 ÷ (1.412 + 531 − 204) = 30,5%.
        #expect(value(t, "referrals.gp", period: "2020") == .count(1412))
        #expect(value(t, "reach.demand_via_gp", period: "2020") == .count(1739))
        #expect(value(t, "reach.share", period: "2020") == .share(Decimal(531) / Decimal(1412 + 531 - 204)))
        #expect(value(t, "reach.share", period: "2021-Q1") == .notApplicable)
        // GP share of referrals in the baseline year 2018: 1.418 of all trajectories = 66%.
        let project = try loadExample()
        let y2018 = Period(id: "2018", label: "2018", range: .year(2018))
        let baseline = computeIndicators(computeTallies(project, periods: [y2018]))
        #expect(value(baseline, "referrals.gp", period: "2018") == .count(1418))
        guard case .share(let share)? = value(baseline, "referrals.gp_share", period: "2018") else { Issue.record("no GP share"); return }
        #expect(DutchFormat.percent(share, decimals: 0) == "66%")
        guard case .share(let ggz)? = value(baseline, "referrals.gp_share_ggz", period: "2018") else { Issue.record("no GGZ share"); return }
        #expect(DutchFormat.percent(ggz, decimals: 0) == "74%")
        // € 3.121.924 = 51% of € 6.117.008.
        let rows = project.referrals.filter { $0.year == 2018 }
        let gpCost = rows.filter { $0.referrer == .huisarts }.reduce(Decimal(0)) { $0 + $1.costEUR }
        let all = rows.reduce(Decimal(0)) { $0 + $1.costEUR }
        #expect(gpCost == 3_121_924)
        #expect(all == 6_117_008)
    }

    @Test func capacityNormHillegom() {
        // About 5.000 youth × 1,0–1,2 fte per 10.000 = 0,5–0,6 fte = 18–21,6 h/week at 36 h.
        let h = Scope.municipality("Hillegom")
        #expect(value(t, "capacity.norm_hours_per_week", period: "2020", scope: h) == .numberRange(low: 18, high: decimal("21.6")))
        #expect(value(t, "capacity.hours_per_week", period: "2020", scope: h) == .number(14))
        // Katwijk 50 h/week = 1,4 fte at 36 h.
        guard case .number(let fte)? = value(t, "capacity.fte", period: "2020", scope: .municipality("Katwijk")) else { Issue.record("no fte"); return }
        #expect(DutchFormat.number(fte, decimals: 1) == "1,4")
    }

    @Test func costIsAttributedByDays() {
        // 2021-Q1: the 2021 rows (same annual amounts) × 90 ÷ 365 days.
        let annual: Decimal = 179_200 + 38_948 + 12_688 + 46_203 + 100_000 + 40_167 + 69_536
        guard case .money(let q1)? = value(t, "cost.total", period: "2021-Q1") else { Issue.record("no cost"); return }
        #expect(q1.rounded(2) == (annual * 90 / 365).rounded(2))
        #expect(DutchFormat.money(q1) == "€\u{00A0}120.019")
        // Oegstgeest break-even for the quarter equals the yearly rate.
        guard case .number(let w)? = value(t, "breakeven.hours_per_week", period: "2021-Q1", scope: .municipality("Oegstgeest")) else { Issue.record("missing"); return }
        #expect(DutchFormat.number(w) == "19")
    }
}

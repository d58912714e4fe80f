import Foundation
import Testing
@testable import PohjKit

/// The first small-number policy (DOMAIN.md §6): 0–7 hidden, the rest rounded to 5, every
/// derived figure computed from the protected counts.
struct ProtectTests {
    let policy = DisclosurePolicy()

    @Test func countsAreHiddenOrRoundedToFive() {
        #expect(protectCount(0, policy) == nil)
        #expect(protectCount(7, policy) == nil)
        #expect(protectCount(8, policy) == 10)
        #expect(protectCount(12, policy) == 10)
        #expect(protectCount(13, policy) == 15)
        #expect(protectCount(531, policy) == 530)
        #expect(protectCount(244, policy) == 245)
    }

    @Test func publishedTableHasNoSmallOrUnroundedCount() throws {
        let project = try loadExample()
        let computation = computeTallies(project)
        let published = protect(computation)
        let regionZero = Set(computation.cells.filter { $0.scope == .region }.flatMap { c in
            c.tally.counts.compactMap { id, n in n == 0 ? "\(c.period.id) \(id).count" : nil } + c.tally.counts.compactMap { id, n in n == 0 ? "\(c.period.id) \(id)" : nil }
        })
        // Practices (and municipalities all of whose practices are such) whose POH-Jeugd had not
        // started by the end of a period, from practices.csv's dates: their zeros are public.
        func withoutPOH(_ practice: Practice, _ p: Period) -> Bool {
            guard let joined = practice.joined else { return true }
            return joined > p.end
        }
        func scopeWithoutPOH(_ scope: Scope, _ p: Period) -> Bool {
            switch scope {
            case .region: return false
            case .practice(let id): return project.practices.first { $0.id == id }.map { withoutPOH($0, p) } ?? false
            case .municipality(let m): return project.practices.filter { $0.municipality == m }.allSatisfy { withoutPOH($0, p) }
            }
        }
        var checked = 0, zeros = 0, zerosWithoutPOH = 0
        for e in published.entries {
            let noPOH = scopeWithoutPOH(e.scope, e.period)
            for ind in e.indicators.list where ind.unit == .count {
                // Counts about children are rounded; capacity/coverage counts of practices are not.
                guard !ind.id.hasPrefix("coverage.") && !ind.id.hasPrefix("capacity.") else { continue }
                switch ind.value {
                case .count(0) where noPOH && !ind.id.hasPrefix("referrals."):
                    // No POH-Jeugd, no cases: its page says so; shown as an exact 0.
                    #expect(ind.status == .exact)
                    zerosWithoutPOH += 1
                case .count(0):
                    // Otherwise only a count that is 0 in the whole region is shown as 0, and as exact.
                    #expect(regionZero.contains("\(e.period.id) \(ind.id)"), "\(e.period.id) \(e.scope.id) \(ind.id) = 0")
                    #expect(ind.status == .exact)
                    zeros += 1
                case .count(let n):
                    #expect(n % 5 == 0 && n > 7, "\(e.period.id) \(e.scope.id) \(ind.id) = \(n)")
                    #expect(ind.status == .rounded)
                    checked += 1
                case .suppressed: #expect(ind.status == .suppressed)
                default: Issue.record("\(ind.id) is a count unit with value \(ind.value)")
                }
            }
        }
        #expect(checked > 1000)
        // 2020: every new case was referred by the GP, so the other referrers are 0 region-wide.
        #expect(published.value("referrer.school.count", period: "2020", scope: .municipality("Leiden"))?.value == .count(0))
        #expect(zeros > 100)
        // Nine practices of the example have no POH-Jeugd (De Vuurbaak in Katwijk among them).
        #expect(published.value("cases.new", period: "2020", scope: .practice("KAT07"))?.value == .count(0))
        #expect(published.value("cases.new", period: "2020", scope: .practice("KAT07"))?.status == .exact)
        #expect(zerosWithoutPOH > 1000)
    }

    @Test func countsThatAreAlwaysEqualAreHiddenTogether() throws {
        // Overbruggingshulp is the only member of its group, so the group and the code are one
        // number: hiding one and showing the other would publish the hidden one.
        let published = protect(computeTallies(try loadExample()))
        var hiddenPairs = 0
        for e in published.entries {
            let group = e.indicators["mix.bridging.count"]?.value, code = e.indicators["mix.overbrugging.count"]?.value
            #expect(group == code, "\(e.period.id) \(e.scope.id): \(String(describing: group)) ≠ \(String(describing: code))")
            if group == .suppressed { hiddenPairs += 1 }
        }
        #expect(hiddenPairs > 10)
    }

    @Test func hidingACountCostsWhatItsDearestTwinCosts() throws {
        // No case of 2020 had an unknown outcome, region-wide: the monitoring period's unknown
        // outcomes (2020 + 2021-Q1) are 2021-Q1's, twins hidden together. A count of the
        // fifteen-month period is the cheaper one to hide (councils compare the periods it is
        // made of), but not this one: hiding it hides 2021-Q1's too. To give Oegstgeest's
        // monitoring figures room, the audit hides a count of the monitoring period alone.
        let computation = computeTallies(try loadExample())
        func truth(_ period: String, _ scope: Scope, _ id: String) -> Int? { computation.cells.first { $0.period.id == period && $0.scope == scope }?.tally[id] }
        try #require(truth("2020", .region, "mix.unknown") == 0)
        try #require(truth("2021-Q1", .municipality("Oegstgeest"), "mix.unknown") == 16)
        let published = protect(computation)
        #expect(published.value("mix.unknown.count", period: "2021-Q1", scope: .municipality("Oegstgeest"))?.value == .count(15))
        #expect(published.value("mix.unknown.count", period: "monitoring", scope: .municipality("Oegstgeest"))?.value == .count(15))
        #expect(published.value("mix.eenmalig.count", period: "monitoring", scope: .municipality("Oegstgeest"))?.value == .suppressed)
    }

    /// A reader who knows the policy takes a hidden count for one of 0–7 (most are): one shown to
    /// be at least 6 is "6 or 7" to that reader, however wide its range above. A count the policy
    /// hides (practices and municipalities) keeps what a reader can prove it at least 5 under 7.
    @Test func aCountThePolicyHidesCannotBeShownToBeNearSeven() throws {
        let computation = computeTallies(try loadExample())
        let policy = computation.config.disclosure
        var (tallies, zeros) = protectEachCount(computation)
        var audited = computation
        _ = suppressSecondary(&audited, protected: &tallies, publicZeros: zeros)
        // The reader: the published table (with the zeros it knows, which the audit never
        // hides), every relation.
        let reader = CountSystem(computation, protected: tallies)
        let bounds = reader.propagateInOrder(half: policy.roundingBase / 2, layout: reader.layout())
        var small = 0
        for v in reader.truth.indices where reader.published[v] && reader.shown[v] == nil && Int(reader.truth[v]) <= policy.hideAtMost {
            let cells = reader.cells(of: v).map { computation.cells[$0.index] }
            guard cells.allSatisfy({ $0.scope != .region }) else { continue }
            small += 1
            let at = cells.first.map { "\($0.period.id) \($0.scope.id)" } ?? ""
            let isRoomy = bounds.lo(v) <= policy.hideAtMost - policy.roundingBase
            #expect(isRoomy, "\(at) \(reader.cells(of: v).first?.id ?? ""): a reader proves at least \(bounds.lo(v))")
        }
        #expect(small > 1_000)
    }

    @Test func hiddenCountsThatCannotGetRoomAreNamed() throws {
        let computation = computeTallies(try loadExample())
        #expect(protect(computation).unprotected.isEmpty)
        // As if 2020 had been published with primary protection alone: its hidden cells are
        // pinned by its own distributions, and nothing of 2020 may be hidden any more.
        var frozen: FrozenCounts = [:]
        for cell in computation.cells where cell.period.id == "2020" {
            frozen["2020", default: [:]][cell.scope] = cell.tally.counts.mapValues { n in n.flatMap { protectCount($0, policy) } }
        }
        let unprotected = protect(computation, frozen: frozen).unprotected
        #expect(!unprotected.isEmpty)
        #expect(unprotected.allSatisfy { $0.hasPrefix("2020 ") || $0.hasPrefix("monitoring ") }, "\(unprotected.prefix(3))")
    }

    /// An audit that stops at its work budget has wider intervals than a reader: the table says
    /// so and the build warns (found in review of the warm start).
    @Test func anAuditStoppedAtItsBudgetIsReported() throws {
        let computation = computeTallies(try loadExample())
        #expect(!protect(computation).auditStoppedEarly)
        let cut = protect(computation, auditBudgetPerRow: 1)
        #expect(cut.auditStoppedEarly)
        // With less checked, nothing more is hidden than with the whole audit.
        let suppressed = { (t: PublishedTable) in t.entries.reduce(0) { n, e in n + e.indicators.list.filter { $0.value == .suppressed }.count } }
        #expect(suppressed(cut) < suppressed(protect(computation)))
    }

    @Test func practicesPublishCaseloadPerPeriodNotPerMonth() throws {
        // A practice's months are nearly all below the threshold, and the month-to-month flow of
        // hidden ones gave the others back; the region and municipalities keep their months.
        let published = protect(computeTallies(try loadExample()))
        for e in published.entries {
            let months = e.indicators.list.filter { $0.id.hasPrefix("caseload.") }.count
            switch e.scope {
            case .practice: #expect(months == 0, "\(e.period.id) \(e.scope.id) has \(months) monthly counts")
            case .region, .municipality: #expect(months == 3 * PohjKit.months(of: e.period).count)
            }
        }
    }

    @Test func derivedFiguresComeFromProtectedCounts() throws {
        let project = try loadExample()
        let published = protect(computeTallies(project))
        func v(_ id: String, _ scope: Scope = .region) -> IndicatorValue? { published.value(id, period: "2020", scope: scope)?.value }
        // 244 self-helped → 245, 531 new → 530: the share is 245 ÷ 530, not 244 ÷ 531.
        #expect(v("mix.self_helped.count") == .count(245))
        #expect(v("mix.self_helped.share") == .share(Decimal(245) / Decimal(530)))
        // Optimistic: the 49 one-contact cases are published as 50, so 25% × 50 × 876 = 10.950
        // replaces 10.731: € 245.091 − 10.731 + 10.950 = € 245.310.
        #expect(v("savings.optimistisch.gross_eur") == .money(245_310))
        // Conservative rests on 95 and 100, multiples of 5: unchanged at € 170.820.
        #expect(v("savings.conservatief.gross_eur") == .money(170_820))
        // Cost per case divides by the published 530, not 531.
        let cost: Decimal = 486_742
        #expect(v("cost.per_case") == .money(cost / 530))
    }

    @Test func regionZerosCanBeHiddenAndAWrongValueIsNamed() throws {
        // `region_zeros: hide` keeps the statistics office's rule: no 0 is shown at all.
        let copy = copyProject(Repo.mini)
        let site = copy.appendingPathComponent("site.yml")
        let original = try String(contentsOf: site, encoding: .utf8)
        func zeroCounts() throws -> [String] {
            let published = protect(computeTallies(try loadProject(content: copy.path, themeSearch: Repo.themes).project))
            return published.entries.flatMap { e in
                e.indicators.list.filter { $0.value == .count(0) && !$0.id.hasPrefix("coverage.") && !$0.id.hasPrefix("capacity.") }.map(\.id)
            }
        }
        #expect(try !zeroCounts().isEmpty)   // the default shows them
        try (original + "disclosure:\n  region_zeros: hide\n").write(to: site, atomically: false, encoding: .utf8)
        #expect(try zeroCounts().isEmpty)
        // Anything but show or hide is refused with file, line and the two choices.
        try (original + "disclosure:\n  region_zeros: maybe\n").write(to: site, atomically: false, encoding: .utf8)
        do {
            _ = try loadProject(content: copy.path, themeSearch: Repo.themes)
            Issue.record("accepted")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.map(\.description).contains("site.yml:15: error: column 'disclosure.region_zeros': 'maybe': use show or hide"))
        }
    }

    @Test func newAndActiveCasesAreHiddenTogetherWhereNoCaseCarriesOver() throws {
        // In 2020 no case of the example was open when the year began: the region's active cases
        // are its new ones, so every scope's are. A new count hidden beside its shown active
        // count would be that count (an LP attacker finds the region's carry-over ≤ 1, and
        // narrowed HIL01's hidden new cases to 32–34 that way).
        let computation = computeTallies(try loadExample())
        let region = try #require(computation.cells.first { $0.period.id == "2020" && $0.scope == .region })
        try #require(region.tally["cases.new"] == region.tally["cases.active"])
        let published = protect(computation)
        var pairs = 0
        for e in published.entries where e.period.id == "2020" {
            let new = e.indicators.value("cases.new"), active = e.indicators.value("cases.active")
            #expect((new == .suppressed) == (active == .suppressed), "\(e.scope.id): new \(String(describing: new)), active \(String(describing: active))")
            pairs += 1
        }
        #expect(pairs > 30)
    }

    @Test func sharesNeedAMinimumDenominator() throws {
        // A practice with few new cases: its shares are hidden when fewer than 20 remain after rounding.
        let project = try loadExample()
        let published = protect(computeTallies(project))
        for e in published.entries {
            guard case .count(let n)? = e.indicators.value("cases.new"), n < 20 else { continue }
            // None at all (a practice without a POH-Jeugd): no share to give, rather than a hidden one.
            #expect(e.indicators.value("mix.self_helped.share") == (n == 0 ? .notApplicable : .suppressed), "\(e.period.id) \(e.scope.id)")
        }
    }

    @Test func pagesCanOnlyUsePublishedTables() {
        // The type system is the test: `DashboardPresenter` takes a `PublishedTable`, and the
        // only initialiser of `PublishedTable` is private to Protect.swift. Here we check the
        // protected table of a tally built by hand hides what it must.
        let period = Period(id: "p", label: "p", range: .year(2022))
        var tally = Tally()
        tally.counts["cases.new"] = 3
        tally.counts["mix.self_helped"] = 2
        let config = SiteConfig(title: "t", organisation: "o", region: "r", periods: [period])
        let computation = Computation(cells: [.init(period: period, scope: .region, tally: tally, inputs: ScopeInputs())], config: config,
                                      prices: Prices(bggz: 876, sggz: 2994, bggzSource: .defaultValue, sggzSource: .defaultValue, aef: (2100, 2500)))
        let published = protect(computation)
        #expect(published.value("cases.new", period: "p", scope: .region)?.value == .suppressed)
        #expect(published.value("mix.self_helped.share", period: "p", scope: .region)?.value == .suppressed)
        #expect(published.value("savings.landelijk_aef.gross_eur", period: "p", scope: .region)?.value == .suppressed)
    }
}

/// Secondary suppression on a table built to leak: 10 self-helped, all of them `eenmalig`, so
/// kortdurend (0, hidden) = self_helped (10) − eenmalig (10) would pin it to 0–4.
struct SecondarySuppressionTests {
    @Test func aLoneHiddenCellIsProtectedByHidingItsSmallestNeighbour() throws {
        let root = temporaryFolder("pohj-secondary")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "title: T\nperiods:\n  - {id: \"2022\", start: 2022-01-01, end: 2022-12-31}\ndisclosure:\n  region_zeros: hide\n".write(to: root.appendingPathComponent("site.yml"), atomically: false, encoding: .utf8)
        try "Praktijkcode;Naam;Gemeente;Start POH-J;Uren POH-J per week\r\nP1;A;G;01-01-2022;8\r\n".write(to: root.appendingPathComponent("data/practices.csv"), atomically: false, encoding: .utf8)
        var cases = "Patiëntnummer;Praktijk;Datum eerste consult;Welke interventie is er ingezet?\r\n"
        for i in 0..<10 { cases += "a\(i);P1;0\(1 + i % 9)-03-2022;1 gesprek, geen verdere hulpvraag\r\n" }
        for i in 0..<30 { cases += "b\(i);P1;0\(1 + i % 9)-05-2022;Overbruggingshulp\r\n" }
        try cases.write(to: root.appendingPathComponent("data/cases.csv"), atomically: false, encoding: .utf8)
        let project = try loadProject(content: root.path, themeSearch: Repo.themes).project
        let published = protect(computeTallies(project))
        func v(_ id: String) -> IndicatorValue? { published.value(id, period: "2022", scope: .region)?.value }
        #expect(v("mix.kortdurend_poh.count") == .suppressed)
        // Without secondary suppression eenmalig (10) would give kortdurend back as self_helped − eenmalig ± 4.
        #expect(v("mix.eenmalig.count") == .suppressed)
        // And self_helped (10) would give the hidden referred_preventive (0) back through
        // outcome.avoided_second_line = self_helped + referred_preventive: hidden as well.
        #expect(v("mix.self_helped.count") == .suppressed)
        // Likewise bridging (30) beside to_second_line (30) would pin referred_jggz (0).
        #expect(v("mix.bridging.count") == .suppressed)
    }
}

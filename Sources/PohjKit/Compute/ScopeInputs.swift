import Foundation

/// Figures of one period and scope that are not counts of cases: money, capacity, population,
/// and the second-line referrals of the TWO data.
public struct ScopeInputs: Sendable {
    /// Cost attributed to the period by days (§2.3); nil when no cost row covers any of it.
    public var cost: Decimal?
    public var costByFunder: [Funder?: Decimal] = [:]
    /// POH-J hours per week, weighted by the share of the period each practice had one.
    public var hoursPerWeek: Decimal = 0
    public var practices: Int = 0
    public var practicesWithPOH: Int = 0
    /// Practices whose POH-Jeugd starts after the period or never: they have no cases in it
    /// (a case before the start is refused), which their pages make public.
    public var practicesBeforePOH: Int = 0
    public var youth: Int?
    /// Referral aggregates of the period's calendar year (nil outside a calendar year or without data).
    public var referrals: [ReferralRow]?
    /// Youth mental-health spend (all referrers, care types except J&O) in the baseline year.
    public var baselineSpend: Decimal?
    /// First calendar year a POH-J worked in the scope (the default start of a ramp).
    public var firstPOHYear: Int?
    /// Practices of the scope with a POH-J in the period (for the overhead compensation).
    public var pohPractices: [Practice] = []
}

/// The project's practices, costs, population and referrals sorted by scope once, so each of
/// the 30.000 period × scope inputs of a national project looks its rows up instead of
/// scanning every row (referrals alone are 50.000). Lists keep the project's order.
struct ScopeRows: Sendable {
    private var practicesOf: [String: [Practice]] = [:]       // municipality → practices
    private var practiceWithID: [String: [Practice]] = [:]
    private var costsOfMunicipality: [String: [CostRow]] = [:] // its own rows and its practices'
    private var costsOfPractice: [String: [CostRow]] = [:]
    private var referralsOfYear: [Int: [ReferralRow]] = [:]
    private var referralsOf: [YearAndMunicipality: [ReferralRow]] = [:]
    private struct YearAndMunicipality: Hashable { var year: Int, municipality: String }

    init(_ project: Project) {
        var municipalitiesOfPractice: [String: [String]] = [:]
        for p in project.practices {
            practicesOf[p.municipality, default: []].append(p)
            practiceWithID[p.id, default: []].append(p)
            if !(municipalitiesOfPractice[p.id]?.contains(p.municipality) ?? false) { municipalitiesOfPractice[p.id, default: []].append(p.municipality) }
        }
        for row in project.costs {
            switch row.scope {
            case .municipality(let m): costsOfMunicipality[m, default: []].append(row)
            case .practice(let p):
                costsOfPractice[p, default: []].append(row)
                for m in municipalitiesOfPractice[p] ?? [] { costsOfMunicipality[m, default: []].append(row) }
            }
        }
        for r in project.referrals {
            referralsOfYear[r.year, default: []].append(r)
            referralsOf[YearAndMunicipality(year: r.year, municipality: r.municipality), default: []].append(r)
        }
    }

    func practices(_ scope: Scope, _ project: Project) -> [Practice] {
        switch scope {
        case .region: return project.practices
        case .municipality(let m): return practicesOf[m] ?? []
        case .practice(let p): return practiceWithID[p] ?? []
        }
    }

    func costs(_ scope: Scope, _ project: Project) -> [CostRow] {
        switch scope {
        case .region: return project.costs
        case .municipality(let m): return costsOfMunicipality[m] ?? []
        case .practice(let p): return costsOfPractice[p] ?? []
        }
    }

    /// Referral rows of a year: all of them for the region, a municipality's own, none for a practice.
    func referrals(_ year: Int, _ scope: Scope) -> [ReferralRow] {
        switch scope {
        case .region: return referralsOfYear[year] ?? []
        case .municipality(let m): return referralsOf[YearAndMunicipality(year: year, municipality: m)] ?? []
        case .practice: return []
        }
    }
}

/// cost model: attributes costs, capacity and population to one period and scope. `rows`: the
/// project's rows by scope (built once per project; one is made when not given).
func scopeInputs(_ project: Project, period: Period, scope: Scope, rows sorted: ScopeRows? = nil) -> ScopeInputs {
    let sorted = sorted ?? ScopeRows(project)
    let practices = sorted.practices(scope, project)
    var inputs = ScopeInputs()

    for row in sorted.costs(scope, project) {
        let overlap = row.range.overlapDays(period.range)
        guard overlap > 0 else { continue }
        let share = row.costEUR * Decimal(overlap) / Decimal(row.range.days)
        inputs.cost = (inputs.cost ?? 0) + share
        inputs.costByFunder[row.funder, default: 0] += share
    }

    inputs.practices = practices.count
    for p in practices {
        if p.joined.map({ $0 > period.end }) ?? true { inputs.practicesBeforePOH += 1 }
        let days = p.pohDays(in: period.range)
        if days > 0 {
            inputs.practicesWithPOH += 1
            inputs.pohPractices.append(p)
            inputs.hoursPerWeek += p.hoursPerWeek * Decimal(days) / Decimal(period.range.days)
        }
    }

    let year = period.start.year
    switch scope {
    case .region:
        let rows = project.population.filter { $0.year == year }
        inputs.youth = rows.isEmpty ? nil : rows.reduce(0) { $0 + $1.youth }
    case .municipality(let m):
        inputs.youth = project.population.first { $0.year == year && $0.municipality == m }?.youth
    case .practice:
        inputs.youth = practices.first?.youthOnList
    }

    inputs.firstPOHYear = practices.compactMap(\.joined).map(\.year).min()
    if let base = project.config.baselineYear, scope.type != "practice" {
        let rows = sorted.referrals(base, scope).filter { $0.care.isYouthMentalHealth }
        if !rows.isEmpty { inputs.baselineSpend = rows.reduce(Decimal(0)) { $0 + $1.costEUR } }
    }

    if let y = period.calendarYear {
        let rows = sorted.referrals(y, scope)
        if !rows.isEmpty { inputs.referrals = rows }
    }
    return inputs
}

/// Referral counts join the tally: they are counts of youngsters too, so they are protected.
func tallyReferrals(_ rows: [ReferralRow]?, into tally: inout Tally) {
    guard let rows else { return }
    tally.counts["referrals.gp"] = rows.filter { $0.referrer == .huisarts }.reduce(0) { $0 + $1.trajectories }
    tally.counts["referrals.total"] = rows.reduce(0) { $0 + $1.trajectories }
    tally.counts["referrals.gp_ggz"] = rows.filter { $0.referrer == .huisarts && $0.care.isYouthMentalHealth }.reduce(0) { $0 + $1.trajectories }
    tally.counts["referrals.total_ggz"] = rows.filter { $0.care.isYouthMentalHealth }.reduce(0) { $0 + $1.trajectories }
    for care in CareType.allCases {
        tally.counts["referrals.\(care.rawValue)"] = rows.filter { $0.care == care }.reduce(0) { $0 + $1.trajectories }
    }
}

/// Scenario prices: configuration first, then the baseline year of the referrals data, then the defaults (§2.6).
func resolvePrices(_ project: Project) -> Prices {
    let p = project.config.parameters
    func baseline(_ care: CareType) -> Decimal? {
        guard let year = project.config.baselineYear else { return nil }
        let rows = project.referrals.filter { $0.year == year && $0.care == care }
        let n = rows.reduce(0) { $0 + $1.trajectories }
        guard n > 0 else { return nil }
        return rows.reduce(Decimal(0)) { $0 + $1.costEUR } / Decimal(n)
    }
    func pick(_ configured: Decimal?, _ care: CareType, _ fallback: Decimal) -> (Decimal, Prices.Source) {
        if let configured { return (configured, .configuration) }
        if let b = baseline(care) { return (b, .baseline) }
        return (fallback, .defaultValue)
    }
    let (bggz, bs) = pick(p.priceBGGZ, .bggz, Parameters.defaultPriceBGGZ)
    let (sggz, ss) = pick(p.priceSGGZ, .sggz, Parameters.defaultPriceSGGZ)
    return Prices(bggz: bggz, sggz: sggz, bggzSource: bs, sggzSource: ss, aef: (p.priceAEFMin, p.priceAEFMax))
}

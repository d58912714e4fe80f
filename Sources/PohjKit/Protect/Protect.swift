import Foundation

/// Indicators after the small-number policy: the only table pages, charts, downloads and
/// narrative can be built from. Its initialiser is private to this file, so the one way to get
/// one is `protect`.
public struct PublishedTable: Sendable {
    public let entries: [IndicatorTable.Entry]
    public let prices: Prices
    public let policy: DisclosurePolicy
    /// Pages look values up hundreds of times each: keyed by a struct, not a built string.
    private struct Key: Hashable {
        var period: String
        var scope: Scope
    }
    private let index: [Key: Int]
    private let inputsByCell: [String: ScopeInputs]

    /// Hidden counts the audit could not give room (`suppressSecondary`); the build warns.
    public let unprotected: [String]
    /// The audit stopped at its work budget in some round (`suppressSecondary`); the build warns.
    public let auditStoppedEarly: Bool

    fileprivate init(entries: [IndicatorTable.Entry], prices: Prices, policy: DisclosurePolicy, inputs: [String: ScopeInputs],
                     unprotected: [String] = [], auditStoppedEarly: Bool = false) {
        self.unprotected = unprotected
        self.auditStoppedEarly = auditStoppedEarly
        self.inputsByCell = inputs
        self.entries = entries
        self.prices = prices
        self.policy = policy
        var index: [Key: Int] = [:]
        for (i, e) in entries.enumerated() { index[Key(period: e.period.id, scope: e.scope)] = i }
        self.index = index
    }

    public func entry(_ period: String, _ scope: Scope) -> IndicatorTable.Entry? {
        index[Key(period: period, scope: scope)].map { entries[$0] }
    }
    /// The non-count inputs of a cell (money, capacity), for projections over other years.
    func inputs(_ period: String, _ scope: Scope) -> ScopeInputs? { inputsByCell[period + "\u{1F}" + scope.type + "\u{1F}" + scope.id] }

    public func value(_ id: String, period: String, scope: Scope) -> Indicator? {
        entry(period, scope)?.indicators[id]
    }
}

/// Applies the policy to one count: hidden when at most `hideAtMost`, else rounded half up to the
/// base. A positive count is never shown as 0 (with `hide_at_most: 0` a 1 becomes 5), so a shown
/// 0 always means exactly none, which the indicators and the audit rely on.
public func protectCount(_ n: Int, _ policy: DisclosurePolicy) -> Int? {
    if n <= policy.hideAtMost { return nil }
    let base = policy.roundingBase
    let rounded = ((n + base / 2) / base) * base
    return n > 0 ? max(rounded, base) : rounded
}

/// protect: rounds or hides every count, then derives every indicator again from the protected
/// counts, so no published figure (share, money, cost per case) can give a hidden count back.
/// `frozen`: what published periods showed (see `FrozenCounts`); their counts are taken as they
/// were published and never hidden again, and the other periods are protected around them.
/// Consumed: its true tallies are let go once the audit has them (see `suppressSecondary`).
/// `auditBudgetPerRow`: see `CountSystem.budgetPerRow` (lowered by tests only).
/// `previousVersions`: per period being restated, the counts of its published versions (they
/// stay online beside the correction). A count one of them shows stays shown where the
/// correction shows it alike (readers have it anyway), and one they all hide stays hidden:
/// the audit sees all that readers of every version have, and the correction changes only what
/// its data change. Counts of a scope the corrected data no longer have are not audited again.
func protect(_ computation: consuming Computation, frozen: FrozenCounts = [:], previousVersions: [String: [VersionCounts]] = [:],
             auditBudgetPerRow: Int = CountSystem.budgetPerRow) -> PublishedTable {
    let policy = computation.config.disclosure
    let mode = DerivationMode(protected: true, minDenominator: policy.minDenominator)
    var (tallies, zerosBeforePOH) = protectEachCount(computation)
    var fixed = Set<CountSystem.Cell>()
    for (index, cell) in computation.cells.enumerated() {
        guard let published = frozen[cell.period.id]?[cell.scope] else { continue }
        for id in Array(tallies[index].counts.keys) {
            guard let shown = published[id] else { continue }
            tallies[index].counts[id] = .some(shown)
            fixed.insert(.init(index: index, id: id))
        }
    }
    for (index, cell) in computation.cells.enumerated() {
        guard let versions = previousVersions[cell.period.id] else { continue }
        var stillShown = Set<String>(), hidden = Set<String>()
        for version in versions {
            // (`counts[id]` is nil for an id the cell does not have, `.some(nil)` when hidden.)
            for (id, shown) in version[cell.scope] ?? [:] where tallies[index].counts[id] != nil {
                guard let shown else { hidden.insert(id); continue }
                if tallies[index].counts[id] == .some(shown) { stillShown.insert(id) }
            }
        }
        for id in hidden.subtracting(stillShown) { tallies[index].counts[id] = .some(nil) }
        for id in hidden.union(stillShown) { fixed.insert(.init(index: index, id: id)) }
    }
    let audit = suppressSecondary(&computation, protected: &tallies, fixed: fixed, publicZeros: zerosBeforePOH, budgetPerRow: auditBudgetPerRow)
    // Cells are independent once their counts are final: derive them on all cores.
    let config = computation.config, prices = computation.prices
    let entries = parallelMap(Array(zip(computation.cells, tallies))) { cell, tally -> IndicatorTable.Entry in
        .init(period: cell.period, scope: cell.scope,
              indicators: deriveIndicators(tally: tally, inputs: cell.inputs, period: cell.period, scope: cell.scope,
                                           config: config, prices: prices, mode: mode))
    }
    let inputs = Dictionary(computation.cells.map { ($0.period.id + "\u{1F}" + $0.scope.type + "\u{1F}" + $0.scope.id, $0.inputs) }, uniquingKeysWith: { a, _ in a })
    return PublishedTable(entries: entries, prices: computation.prices, policy: policy, inputs: inputs,
                          unprotected: audit.unprotected, auditStoppedEarly: audit.stoppedEarly)
}

/// The policy applied to each count on its own (hidden or rounded), with the zeros every reader
/// knows shown under `region_zeros: show`: the tallies the audit starts from, and the cells of
/// scopes without a POH-Jeugd yet (`cellsBeforePOH`: their zeros are known to the audit always).
func protectEachCount(_ computation: Computation) -> (tallies: [Tally], zerosBeforePOH: [Int]) {
    let policy = computation.config.disclosure
    // Same keys, new values: mapped in place of the hash table, on all cores.
    var tallies = parallelMap(computation.cells) { cell in
        Tally(counts: cell.tally.counts.mapValues { n in n.flatMap { protectCount($0, policy) } })
    }
    let zerosBeforePOH = cellsBeforePOH(computation)
    if policy.showRegionZeros {
        showRegionZeros(computation, protected: &tallies)
        for i in zerosBeforePOH { showZeros(computation.cells[i], in: &tallies[i]) }
    }
    return (tallies, zerosBeforePOH)
}

/// A count that is 0 for the whole region in a period is 0 for every municipality and practice
/// in it: publishing that says something about nobody, while hiding it would make every total
/// next to it give it back (all children referred by their GP pins every other referrer to 0),
/// and protecting that would hide the region's headline figures.
func showRegionZeros(_ computation: Computation, protected: inout [Tally]) {
    var zerosOfPeriod: [String: [String]] = [:]
    for cell in computation.cells where cell.scope == .region {
        zerosOfPeriod[cell.period.id] = cell.tally.counts.compactMap { id, n in n == 0 ? id : nil }
    }
    for (i, cell) in computation.cells.enumerated() {
        for id in zerosOfPeriod[cell.period.id] ?? [] where cell.tally[id] == 0 && protected[i].counts[id] != nil {
            protected[i].counts[id] = .some(0)
        }
    }
}

/// Cells of a practice whose POH-Jeugd had not started by the end of the period (or never
/// does), or of a municipality all of whose practices are such: they have no cases (a case
/// before the POH-Jeugd started is refused), and the pages say so ("In deze praktijk werkt
/// (nog) geen POH-jeugd", "in 0 van de 3 huisartsenpraktijken"), so their zeros say something
/// about nobody and every reader knows them. The audit counts them as known (`publicZeros`)
/// whatever the pages show: hidden, they were unknowns it counted on for room that readers do
/// not give (told what the pages say, the LP attacker narrowed 38 other hidden counts of the
/// example below 5: Lisse's counts are LIS01's when LIS02 has no POH-Jeugd), and on the
/// synthetic region project it narrowed them to 0–4. Not after a POH-Jeugd left: cases may run
/// on, so a reader does not know those are 0.
func cellsBeforePOH(_ computation: Computation) -> [Int] {
    computation.cells.indices.filter { i in
        let cell = computation.cells[i]
        return cell.scope != .region && cell.inputs.practices > 0 && cell.inputs.practicesBeforePOH == cell.inputs.practices
            && cell.tally["cases.active"] == 0
    }
}

/// The cell's counts that are 0 as exact zeros, but its referrals to youth care (`referrals.*`,
/// from another source: no POH-Jeugd is needed for those).
func showZeros(_ cell: Computation.Cell, in tally: inout Tally) {
    for id in tally.counts.keys where !id.hasPrefix("referrals.") && cell.tally.counts[id] == .some(0) {
        tally.counts[id] = .some(0)
    }
}

extension PublishedTable {
    /// Figures a previous `protect` published, read back from the build cache (`BuildCache`)
    /// for a rebuild that only re-presents dashboards. Lives here because only this file may
    /// make a table: everything in it went through protection once.
    static func restored(entries: [IndicatorTable.Entry], prices: Prices, policy: DisclosurePolicy,
                         inputs: [String: ScopeInputs]) -> PublishedTable {
        PublishedTable(entries: entries, prices: prices, policy: policy, inputs: inputs)
    }
}

import Foundation

/// One additive relation among true counts that a reader can rebuild from what is published:
/// `total` = Σ `members`. A cell is (index into the computation's cells, count id).
struct Relation {
    struct Cell: Hashable {
        var index: Int
        var id: String
    }
    var total: Cell
    var members: [Cell]
}

/// Secondary suppression. A hidden count that is the only hidden cell of a relation could be
/// worked back as total − visible members. Rounding already blurs that: with each visible count
/// rounded to the base (±2 for base 5), the hidden cell lies in (total − Σ visible) ± 2 × (cells)
/// and, for a primary cell, in 0–7. Per hidden cell we intersect those intervals over all its
/// relations; where the result is narrower than the rounding base, the smallest visible member
/// (by true value) of the narrowest relation is hidden too (the approach of tau-Argus and
/// sdcTable, limited to where rounding does not already protect). Repeated until stable. The
/// same month published in two periods is one quantity, so it is hidden in both or neither.
func suppressSecondary(_ computation: Computation, protected: inout [Tally]) -> Int {
    let policy = computation.config.disclosure
    let relations = buildRelations(computation)
    let truth = computation.cells.map(\.tally)
    let half = (policy.roundingBase - 1) / 2
    var added = 0
    func exists(_ c: Relation.Cell) -> Bool { protected[c.index].counts[c.id] != nil }
    func hidden(_ c: Relation.Cell) -> Bool { exists(c) && protected[c.index][c.id] == nil }
    func hide(_ c: Relation.Cell) {
        protected[c.index].counts[c.id] = .some(nil)
        added += 1
    }
    let twins = monthTwins(computation)
    var changed = true
    while changed {
        changed = false
        // Interval of each hidden cell that is alone in some relation, and the narrowest such relation.
        var bounds: [Relation.Cell: (lo: Int, hi: Int, relation: Int, width: Int)] = [:]
        for (ri, r) in relations.enumerated() {
            let members = r.members.filter(exists)
            guard exists(r.total) else { continue }
            let hiddenCells = ([r.total] + members).filter(hidden)
            guard hiddenCells.count == 1, let h = hiddenCells.first else { continue }
            let visible = members.filter { !hidden($0) }
            let sum = visible.reduce(0) { $0 + (protected[$1.index][$1.id] ?? 0) }
            let center = h == r.total ? sum : (protected[r.total.index][r.total.id] ?? 0) - sum
            let spread = half * (visible.count + (h == r.total ? 0 : 1))
            let primary = (truth[h.index][h.id] ?? 0) <= policy.hideAtMost
            let lo = max(0, center - spread), hi = primary ? min(policy.hideAtMost, center + spread) : center + spread
            let width = hi - lo
            if let b = bounds[h] {
                bounds[h] = (max(b.lo, lo), min(b.hi, hi), width < b.width ? ri : b.relation, min(width, b.width))
            } else {
                bounds[h] = (lo, hi, ri, width)
            }
        }
        for (h, b) in bounds.sorted(by: { ($0.key.index, $0.key.id) < ($1.key.index, $1.key.id) }) where b.hi - b.lo < policy.roundingBase {
            let r = relations[b.relation]
            guard hidden(h), ([r.total] + r.members).filter(hidden).count == 1 else { continue }
            let candidates = r.members.filter { exists($0) && !hidden($0) }
            let pick = candidates.min { (truth[$0.index][$0.id] ?? 0, $0.id) < (truth[$1.index][$1.id] ?? 0, $1.id) }
                ?? (exists(r.total) && !hidden(r.total) ? r.total : nil)
            if let pick {
                hide(pick)
                changed = true
            }
        }
        for group in twins where group.contains(where: hidden) {
            for c in group where exists(c) && !hidden(c) {
                hide(c)
                changed = true
            }
        }
    }
    return added
}

/// Monthly cells of the same month and scope in different periods.
private func monthTwins(_ computation: Computation) -> [[Relation.Cell]] {
    var groups: [String: [Relation.Cell]] = [:]
    for (i, cell) in computation.cells.enumerated() {
        for id in cell.tally.counts.keys where id.hasPrefix("caseload.") {
            groups[cell.scope.type + "\u{1F}" + cell.scope.id + "\u{1F}" + id, default: []].append(.init(index: i, id: id))
        }
    }
    return groups.values.filter { $0.count > 1 }.map { $0.sorted { $0.index < $1.index } }
}

private func buildRelations(_ computation: Computation) -> [Relation] {
    var relations: [Relation] = []
    let cells = computation.cells
    var indexOf: [String: Int] = [:]
    for (i, c) in cells.enumerated() { indexOf[c.period.id + "\u{1F}" + c.scope.type + "\u{1F}" + c.scope.id] = i }
    func index(_ p: Period, _ s: Scope) -> Int? { indexOf[p.id + "\u{1F}" + s.type + "\u{1F}" + s.id] }

    // Within one cell: distributions, groups, months.
    let groupMembers: [(String, [String])] = InterventionGroup.allCases.map { g in
        ("mix.\(g.rawValue)", Intervention.allCases.filter { $0.group == g }.map { "mix.\($0.rawValue)" })
    } + [
        ("mix.referred", ["mix.referred_preventive", "mix.referred_jggz"]),
        ("outcome.avoided_second_line", ["mix.self_helped", "mix.referred_preventive"]),
        ("outcome.to_second_line", ["mix.referred_jggz", "mix.bridging"]),
        ("mix.self_helped", Distributions.baseBands.map { "base.self_helped.\($0)" }),
        ("outcome.known", InterventionGroup.allCases.map { "mix.\($0.rawValue)" }),
        ("cases.new", ["outcome.known", "mix.unknown"]),
    ]
    for (i, cell) in cells.enumerated() {
        for (name, members) in Distributions.overNew {
            relations.append(Relation(total: .init(index: i, id: "cases.new"), members: members.map { .init(index: i, id: "\(name).\($0)") }))
        }
        for (name, members) in Distributions.overClosed {
            relations.append(Relation(total: .init(index: i, id: "cases.closed"), members: members.map { .init(index: i, id: "\(name).\($0)") }))
        }
        for (total, members) in groupMembers {
            relations.append(Relation(total: .init(index: i, id: total), members: members.map { .init(index: i, id: $0) }))
        }
        let monthIDs = cell.tally.counts.keys.filter { $0.hasPrefix("caseload.") }.sorted()
        for kind in ["new", "closed"] {
            relations.append(Relation(total: .init(index: i, id: "cases.\(kind)"),
                                      members: monthIDs.filter { $0.hasSuffix(".\(kind)") }.map { .init(index: i, id: $0) }))
        }
    }
    /// Counts of cases that add up over scopes (not the TWO referral aggregates, not derived reach inputs).
    func additiveIDs(_ cell: Computation.Cell) -> [String] {
        cell.tally.counts.keys.filter { !$0.hasPrefix("referrals.") && !$0.hasPrefix("reach.") && !$0.hasPrefix("wait.") }.sorted()
    }

    // Across scopes: region = Σ municipalities, municipality = Σ its practices.
    for period in Set(cells.map(\.period)) {
        guard let region = index(period, .region) else { continue }
        let ids = additiveIDs(cells[region])
        let municipalities = cells.compactMap { c -> String? in
            if c.period == period, case .municipality(let m) = c.scope { return m } else { return nil }
        }
        for id in ids {
            relations.append(Relation(total: .init(index: region, id: id),
                                      members: municipalities.compactMap { index(period, .municipality($0)) }.map { .init(index: $0, id: id) }))
        }
        for m in municipalities {
            guard let mi = index(period, .municipality(m)) else { continue }
            let members = cells.enumerated().compactMap { i, c -> Int? in
                guard c.period == period, case .practice = c.scope, computation.municipalityOf[c.scope.id] == m else { return nil }
                return i
            }
            for id in ids { relations.append(Relation(total: .init(index: mi, id: id), members: members.map { .init(index: $0, id: id) })) }
        }
    }

    // Across periods: a period that is two adjacent published periods joined.
    let periods = Array(Set(cells.map(\.period))).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    for whole in periods {
        guard let wholeRegion = index(whole, .region) else { continue }
        let perPeriod = additiveIDs(cells[wholeRegion]).filter { $0 != "cases.active" && !$0.hasPrefix("caseload.") }
        for a in periods where a != whole && a.start == whole.start && a.end < whole.end {
            for b in periods where b.start == a.end.adding(days: 1) && b.end == whole.end {
                for scope in Set(cells.map(\.scope)) {
                    guard let w = index(whole, scope), let ia = index(a, scope), let ib = index(b, scope) else { continue }
                    for id in perPeriod { relations.append(Relation(total: .init(index: w, id: id), members: [.init(index: ia, id: id), .init(index: ib, id: id)])) }
                }
            }
        }
    }
    return relations
}

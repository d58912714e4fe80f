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
    let half = (policy.roundingBase - 1) / 2
    // Cells are numbered once, so the loop below works on arrays instead of hashing strings.
    var number: [Relation.Cell: Int] = [:]
    var cells: [Relation.Cell] = []
    var value: [Int?] = []       // published value; nil = hidden
    var truth: [Int] = []
    func slot(_ c: Relation.Cell) -> Int? {
        if let n = number[c] { return n }
        guard let published = protected[c.index].counts[c.id] else { return nil }  // not a count of this cell
        let n = cells.count
        number[c] = n
        cells.append(c)
        value.append(published)
        truth.append(computation.cells[c.index].tally[c.id] ?? 0)
        return n
    }
    // Each relation as [total, members…] of cell numbers (members that do not exist left out).
    let relations: [[Int]] = buildRelations(computation).compactMap { r in
        guard let t = slot(r.total) else { return nil }
        let members = r.members.compactMap(slot)
        return members.isEmpty ? nil : [t] + members
    }
    let twins: [[Int]] = monthTwins(computation).map { $0.compactMap(slot) }.filter { $0.count > 1 }
    var added = 0
    var changed = true
    while changed {
        changed = false
        // Interval of each hidden cell that is alone in some relation, and the narrowest such relation.
        var bounds: [Int: (lo: Int, hi: Int, relation: Int, width: Int)] = [:]
        for (ri, r) in relations.enumerated() {
            var hiddenAt = -1, hiddenCount = 0, sum = 0, visible = 0
            for (k, n) in r.enumerated() {
                if let v = value[n] {
                    if k > 0 { sum += v; visible += 1 }
                } else {
                    hiddenCount += 1
                    hiddenAt = k
                }
            }
            guard hiddenCount == 1 else { continue }
            let h = r[hiddenAt]
            let center = hiddenAt == 0 ? sum : value[r[0]]! - sum
            let spread = half * (visible + (hiddenAt == 0 ? 0 : 1))
            let primary = truth[h] <= policy.hideAtMost
            let lo = max(0, center - spread), hi = primary ? min(policy.hideAtMost, center + spread) : center + spread
            let width = hi - lo
            if let b = bounds[h] {
                bounds[h] = (max(b.lo, lo), min(b.hi, hi), width < b.width ? ri : b.relation, min(width, b.width))
            } else {
                bounds[h] = (lo, hi, ri, width)
            }
        }
        for h in bounds.keys.sorted() {
            let b = bounds[h]!
            guard b.hi - b.lo < policy.roundingBase else { continue }
            let r = relations[b.relation]
            guard r.filter({ value[$0] == nil }).count == 1 else { continue }
            // Hide the smallest visible member; the total only when no member is left.
            let candidates = r.dropFirst().filter { value[$0] != nil }
            let pick = candidates.min { (truth[$0], cells[$0].id) < (truth[$1], cells[$1].id) } ?? (value[r[0]] != nil ? r[0] : nil)
            if let pick {
                value[pick] = nil
                added += 1
                changed = true
            }
        }
        // The same month published in two periods is one quantity: hidden in both or neither.
        for group in twins where group.contains(where: { value[$0] == nil }) {
            for n in group where value[n] != nil {
                value[n] = nil
                added += 1
                changed = true
            }
        }
    }
    for (n, c) in cells.enumerated() where value[n] == nil {
        protected[c.index].counts[c.id] = .some(nil)
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
    // Sorted: the order of relations decides ties, and the output must be the same in every run.
    let periodsInOrder = Array(Set(cells.map(\.period))).sorted { ($0.start, $0.end, $0.id) < ($1.start, $1.end, $1.id) }
    var seenScopes: Set<Scope> = []
    let scopesInOrder = cells.map(\.scope).filter { seenScopes.insert($0).inserted }
    for period in periodsInOrder {
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
    let periods = periodsInOrder
    for whole in periods {
        guard let wholeRegion = index(whole, .region) else { continue }
        let perPeriod = additiveIDs(cells[wholeRegion]).filter { $0 != "cases.active" && !$0.hasPrefix("caseload.") }
        for a in periods where a != whole && a.start == whole.start && a.end < whole.end {
            for b in periods where b.start == a.end.adding(days: 1) && b.end == whole.end {
                for scope in scopesInOrder {
                    guard let w = index(whole, scope), let ia = index(a, scope), let ib = index(b, scope) else { continue }
                    for id in perPeriod { relations.append(Relation(total: .init(index: w, id: id), members: [.init(index: ia, id: id), .init(index: ib, id: id)])) }
                }
            }
        }
    }
    return relations
}

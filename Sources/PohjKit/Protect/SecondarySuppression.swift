import Foundation

/// Secondary suppression, audited the way an attacker would work.
///
/// Primary suppression hides counts 0–7 and rounds the rest to 5. A reader who knows how the
/// counts relate (`CountSystem`) can still narrow a hidden count down: every shown count is an
/// interval of ±2, every hidden one is ≥ 0, and each relation narrows its members in turn. We run
/// exactly that, interval propagation over all relations to a fixed point. A hidden count whose
/// interval is narrower than the rounding base is not protected; for each one a shown count of
/// the relation that set its bound is hidden too (the cheapest: see `cost`), and the audit runs
/// again until every hidden count has room. This is the approach of tau-Argus and sdcTable (hide
/// the next-smallest cell of the relation) with the intervals of rounding taken into account, so
/// cells that rounding already protects stay shown. Tests/tools/attack_disclosure.py checks the
/// result independently with linear programming.
///
/// `fixed`: counts of frozen periods, shown or hidden as published; never hidden to protect others.
/// Returns how many cells it hid, the hidden counts it could not give room (see `unprotected`),
/// and whether a round's propagation stopped at its work budget (`budgetPerRow`): its intervals
/// are then wider than a reader's, and the audit may have hidden too little.
/// `computation`'s true tallies are emptied once the count system holds them (tens of MB at
/// national scale, no longer needed: the indicators are derived from `protected`).
func suppressSecondary(_ computation: inout Computation, protected: inout [Tally], fixed: Set<CountSystem.Cell> = [],
                       publicZeros: [Int] = [], budgetPerRow: Int = CountSystem.budgetPerRow) -> (added: Int, unprotected: [String], stoppedEarly: Bool) {
    let policy = computation.config.disclosure
    // What readers know: what the pages show, and the zeros of `publicZeros` (cells, see
    // `cellsBeforePOH`) also where the pages hide them (`region_zeros: hide`, a period published
    // before they were shown). Known, they are never hidden by the audit, so the pages keep them
    // as `protected` has them.
    var known = protected
    for i in publicZeros { showZeros(computation.cells[i], in: &known[i]) }
    var system = CountSystem(computation, protected: known)
    known = []
    for i in computation.cells.indices { computation.cells[i].tally = Tally() }
    system.trimTerms()
    let layout = system.layout()
    let isFixed = fixed.isEmpty ? [Bool](repeating: false, count: system.truth.count)
        : system.truth.indices.map { v in system.cells(of: v).contains { fixed.contains($0) } }
    // Hiding a case total costs the reader most, a group total less, a detail count least.
    let groups = Set(Distributions.groupCounts)
    let ranges = Set(computation.cells.map(\.period.range))
    let compositePeriods = Set(computation.cells.map(\.period).filter { p in
        ranges.contains { $0 != p.range && $0.start >= p.start && $0.end <= p.end }
    }.map(\.id))
    let kindOfID = system.cellIDs.map { id in id.hasPrefix("cases.") || id.hasPrefix("caseload.") ? 2 : groups.contains(id) ? 1 : 0 }
    // A region figure costs more than a municipality's, which costs more than a practice's.
    // Between periods, a figure of a period made of other periods (15 months = a year and a
    // quarter) goes first: the periods it is made of are the ones councils compare.
    let costOfCell = computation.cells.map { cell -> (level: Int, composite: Int) in
        let level: Int
        switch cell.scope {
        case .practice: level = 0
        case .municipality: level = 1
        case .region: level = 2
        }
        return (level, compositePeriods.contains(cell.period.id) ? 0 : 1)
    }
    // (Loops, not a mapped array per variable: there are 2,8 million at national scale.)
    let ownCost = system.truth.indices.map { v -> UInt8 in
        var most = 0
        for k in system.cellRange(of: v) {
            let (level, composite) = costOfCell[Int(system.cellIndex[k])]
            most = max(most, (kindOfID[Int(system.cellID[k])] * 3 + level) * 2 + composite)
        }
        return UInt8(most)
    }
    // Propagation sees one relation at a time; a linear-programming attacker combines them and
    // narrows a count further, most of all the larger counts hidden to protect others (they sit
    // in long sums across scopes and months). Those need `secondaryMargin` more room. Measured on
    // the example with Tests/tools/attack_disclosure.py: 4 such counts failed without a margin,
    // none with 1 or 2 (session 15, with the stronger propagation: 2 without, through chains of
    // monthly flows; none with 1 on all five attacked sites); 2 leaves room for data we have not
    // seen. Not for the region: a margin there hid its headline figures (self-helped in 2020)
    // and no region count needed it.
    let secondaryMargin = 2
    let isRegionCell = computation.cells.map { $0.scope == .region }
    let outsideRegion = system.truth.indices.map { v in system.cellRange(of: v).allSatisfy { !isRegionCell[Int(system.cellIndex[$0])] } }
    let needsMargin = system.truth.indices.map { outsideRegion[$0] && Int(system.truth[$0]) > policy.hideAtMost }
    let half = (policy.roundingBase - 1) / 2
    @Sendable func room(_ v: Int) -> Int { policy.roundingBase + (needsMargin[v] ? secondaryMargin : 0) }
    // A reader who knows the policy takes a hidden count for one of at most `hideAtMost` (most
    // are): a hidden count shown to be at least 6 is "6 or 7" to that reader, however wide its
    // range above. So a count the policy hides needs its room below `hideAtMost`: what a reader
    // can prove it at least stays `roundingBase` under it. Measured on the example with the
    // attacker (its FLOOR report): 30 such counts were proven 3–7 before, none after, for 149
    // more hidden cells. Not for the region, like the margin: there it hid the region's new
    // cases of 2021-Q1 and more for one count, which its relations left at 3 or more anyway.
    let isSmall = system.truth.indices.map { outsideRegion[$0] && Int(system.truth[$0]) <= policy.hideAtMost }
    @Sendable func upper(_ v: Int, _ b: CountBounds) -> Int { isSmall[v] ? min(b.hi(v), policy.hideAtMost) : b.hi(v) }
    // POHJ_TRACE_SUPPRESSION=1 prints every decision: which hidden count had too little room,
    // and which count was hidden for it.
    let trace = ProcessInfo.processInfo.environment["POHJ_TRACE_SUPPRESSION"] != nil
    // Counts that are always equal (a group of one member, a total whose other parts are all
    // exact region-wide zeros, new and active cases where no case carries into the period) are
    // one quantity: they are hidden together, and never hidden to protect each other.
    let twin = system.twinClasses()
    // Twins are hidden together: hiding one costs what the dearest of its class costs (a detail
    // count that is its case total's only member would otherwise be picked as a cheap detail).
    var classCost = [UInt8](repeating: 0, count: system.truth.count)
    for v in system.truth.indices { classCost[Int(twin[v])] = max(classCost[Int(twin[v])], ownCost[v]) }
    let cost = system.truth.indices.map { classCost[Int(twin[$0])] }
    classCost = []
    // Counts the published periods alone pin down closer than a hidden count needs: hiding one
    // gives it no room whatever else is hidden, so none is hidden to protect another (they stay
    // shown, rounded, like the published counts they follow from), nor any twin of one (twins
    // are hidden together). With 2020 and 2021-Q1 of the example published, most were a
    // fifteen-month count that is one period's count plus an exact 0 in the other; hidden, the
    // LP attacker narrowed 16 of them below 5, and the audit hid hundreds more around them for
    // room they could not get. The room includes the margin: a count left 5–6 wide could give
    // its neighbours a little room, but would itself send the audit hiding for 7.
    let unhideable = fixed.isEmpty ? isFixed : { () -> [Bool] in
        let pinned = system.pinnedByFrozenPeriods(fixed: isFixed, half: half, layout: layout, room: room)
        var pinnedClass = [Bool](repeating: false, count: system.truth.count)
        for v in system.truth.indices where pinned[v] { pinnedClass[Int(twin[v])] = true }
        return system.truth.indices.map { v in isFixed[v] || pinnedClass[Int(twin[v])] }
    }()
    // The published members of each class: `classStart[r]..<classStart[r+1]` of `classMembers`
    // for representative r (a dictionary of arrays took 130 MB at national scale).
    var classStart = [Int32](repeating: 0, count: system.truth.count + 1)
    for v in system.truth.indices where system.published[v] { classStart[Int(twin[v]) + 1] += 1 }
    for v in system.truth.indices { classStart[v + 1] += classStart[v] }
    var classMembers = [Int32](repeating: 0, count: Int(classStart[system.truth.count]))
    var fill = classStart
    for v in system.truth.indices where system.published[v] {
        classMembers[Int(fill[Int(twin[v])])] = Int32(v)
        fill[Int(twin[v])] += 1
    }
    fill = []
    var added = 0
    var newlyHidden: [Int] = []
    func hideClass(of v: Int) {
        let range = Int(classStart[Int(twin[v])])..<Int(classStart[Int(twin[v]) + 1])
        for w in range.isEmpty ? [v] : range.map({ Int(classMembers[$0]) }) where system.shown[w] != nil && !isFixed[w] {
            system.shown[w] = nil
            newlyHidden.append(w)
            added += system.cellRange(of: w).count
        }
    }
    for v in system.truth.indices where system.published[v] && system.shown[v] == nil { hideClass(of: v) }
    // Hidden counts a reader can still narrow below the rounding base when nothing more can be
    // hidden: every relation around them holds only hidden, exact-zero or published-period
    // counts. Named (without their value) so the build can warn.
    var unprotected: [String] = []
    // Each round after the first starts from the previous round's fixed point, with what the
    // newly hidden counts may have narrowed started over (`warmStart`: the same fixed point).
    var previous: CountBounds?
    var stoppedEarly = false
    while true {
        var warm = system.nextStart(after: &previous, hidden: newlyHidden, layout: layout)
        if trace, let warm { FileHandle.standardError.write("round starts over \(warm.counts) of \(system.truth.count) counts, \(warm.rows.count) of \(system.rowCount) rows\n".data(using: .utf8)!) }
        newlyHidden = []
        let bounds: CountBounds
        if #available(macOS 15, *) {
            bounds = system.propagate(half: half, layout: layout, from: warm.take(), budgetPerRow: budgetPerRow)
        } else {
            bounds = system.propagateInOrder(half: half, layout: layout, from: warm.take(), budgetPerRow: budgetPerRow)
        }
        if !bounds.complete { stoppedEarly = true }
        var hide = Set<Int>()
        unprotected = []
        // Which count to hide for each hidden count without room: a question about this round's
        // bounds alone, asked on all cores (tens of thousands in the first round), answered in
        // the order of the counts.
        // (The threads' copy of the system is let go before `hideClass` changes it: a copy still
        // held would make that change copy its 11 MB of shown counts every round.)
        func verdicts() -> [[(v: Int, pick: Int?)]] {
            let audited = system
            let stretches = stride(from: 0, to: audited.truth.count, by: 1 << 16).map { $0..<min($0 + (1 << 16), audited.truth.count) }
            return parallelMap(stretches) { stretch -> [(v: Int, pick: Int?)] in
                stretch.compactMap { v in
                    guard audited.published[v] && audited.shown[v] == nil,
                          upper(v, bounds) - bounds.lo(v) < room(v) else { return nil }
                    // Wide enough but for its cap: only a lower end set lower gives it room.
                    let lowOnly = bounds.hi(v) - bounds.lo(v) >= room(v)
                    return (v, audited.cellToHide(protecting: v, bounds, layout: layout, cost: cost, twin: twin,
                                                  unhideable: unhideable, lowOnly: lowOnly))
                }
            }
        }
        for (v, pick) in verdicts().joined() {
            if let pick {
                hide.insert(pick)
                if trace { FileHandle.standardError.write("protect \(system.describe(v, computation)) [\(bounds.lo(v)),\(bounds.hi(v))] by hiding \(system.describe(pick, computation))\n".data(using: .utf8)!) }
            } else {
                // Every relation of v is made of hidden, exact-zero or published-period counts.
                // (A count the policy hides whose low end nothing found lowers stays as it was
                // before that criterion, unwarned; none at national scale since the fix of
                // `boundingRows`, two before. The attacker reports such counts, FLOOR.)
                if bounds.hi(v) - bounds.lo(v) < policy.roundingBase {
                    unprotected += system.cells(of: v).map { c in
                        let cell = computation.cells[c.index]
                        return "\(cell.period.id) \(cell.scope.type) \(cell.scope.id) \(c.id) (\(bounds.lo(v))–\(bounds.hi(v)))"
                    }
                }
                if trace { FileHandle.standardError.write("cannot protect \(system.describe(v, computation)) [\(bounds.lo(v)),\(bounds.hi(v))]\n".data(using: .utf8)!) }
            }
        }
        if trace { FileHandle.standardError.write("round: \(hide.count) more hidden\(bounds.complete ? "" : " (propagation stopped at its budget)")\n".data(using: .utf8)!) }
        if hide.isEmpty { break }
        for v in hide { hideClass(of: v) }
        previous = bounds
    }
    // Every hidden count back into its cell's tally, the cells on all cores (hundreds of
    // thousands of counts nationally, each a write by string key).
    var hiddenOf = [[Int32]](repeating: [], count: protected.count)
    for v in system.truth.indices where system.published[v] && system.shown[v] == nil {
        for k in system.cellRange(of: v) { hiddenOf[Int(system.cellIndex[k])].append(system.cellID[k]) }
    }
    let (ids, hidden) = (system.cellIDs, hiddenOf)
    protected.withUnsafeMutableBufferPointer { tallies in
        let cells = TallyCells(tallies.baseAddress)
        DispatchQueue.concurrentPerform(iterations: hidden.count) { i in
            for id in hidden[i] { cells.base![i].counts[ids[Int(id)]] = .some(nil) }
        }
    }
    return (added, unprotected.sorted(), stoppedEarly)
}

/// The cells' tallies, each written by one thread only (`suppressSecondary`'s last step).
private struct TallyCells: @unchecked Sendable {
    let base: UnsafeMutablePointer<Tally>?
    init(_ base: UnsafeMutablePointer<Tally>?) { self.base = base }
}

extension CountSystem {
    /// The counts that readers narrow below `room` (what a hidden count needs) from the counts of
    /// published periods (`fixed`) and the exact zeros alone, every other count taken as hidden:
    /// the widest any of them can be, whatever the audit hides. (Exact zeros come out pinned too;
    /// they are never hidden anyway.) A propagation stopped at its budget only widens: fewer pinned.
    func pinnedByFrozenPeriods(fixed: [Bool], half: Int, layout: RowLayout, room: (Int) -> Int) -> [Bool] {
        var readers = self
        for v in truth.indices where !fixed[v] && shown[v] != 0 { readers.shown[v] = nil }
        let bounds: CountBounds
        if #available(macOS 15, *) { bounds = readers.propagate(half: half, layout: layout) } else { bounds = readers.propagateInOrder(half: half, layout: layout) }
        return truth.indices.map { v in !fixed[v] && published[v] && bounds.hi(v) - bounds.lo(v) < room(v) }
    }

    /// The shown count to hide so that hidden count `v` gets room: the least costly, then the
    /// smallest (true value), of the rows that set its bounds (`settingRows`), else of its row
    /// with the fewest other unknowns. `lowOnly`: only its lower end needs to go down (a count
    /// the policy hides, proven too close to `hideAtMost`); when that end's row has nothing
    /// shown, a row that sets an end of a hidden sibling there is looked at too, and when no row
    /// of `v` has anything to hide, every row that narrowed an end of any sibling there.
    func cellToHide(protecting v: Int, _ b: CountBounds, layout: RowLayout, cost: [UInt8], twin: [Int32], unhideable: [Bool],
                    lowOnly: Bool = false) -> Int? {
        func candidates(_ r: Int) -> [Int] {
            // Not a twin of v (hiding it gives v no room), not a region-wide 0 (it stays exact),
            // not a count of a published period (it stays as published) nor one they pin down
            // (`pinnedByFrozenPeriods`: it would get no room itself).
            terms(of: r).map(termVariable).filter { twin[$0] != twin[v] && published[$0] && (shown[$0] ?? 0) != 0 && !unhideable[$0] }
        }
        // The least costly kind first, then the smallest, from the rows that set either bound.
        func smallest(_ vs: [Int]) -> Int? { vs.min { (cost[$0], truth[$0], $0) < (cost[$1], truth[$1], $1) } }
        let setting = settingRows(of: v, b, layout: layout)
        if let pick = smallest((lowOnly ? [setting.low] : [setting.high, setting.low]).filter { $0 >= 0 }.flatMap(candidates)) { return pick }
        // A low end set by hidden siblings' ends (a total less their upper ends): a count hidden
        // in the row that sets one of those ends gives it room.
        let own = setting.low >= 0 ? terms(of: setting.low).first { termVariable($0) == v }.map(termIsPositive) ?? true : true
        func siblings(wider: Bool) -> Int? {
            guard lowOnly, setting.low >= 0 else { return nil }
            var second: [Int] = []
            for t in terms(of: setting.low) {
                let w = termVariable(t)
                guard w != v, wider || shown[w] == nil else { continue }
                let ends = boundingRows(of: w, b, layout: layout)
                let rows = termIsPositive(t) == own ? ends.high : ends.low
                // The one `settingRows` picks (fewest hidden members, the first of equals), or all.
                for r in wider ? rows : rows.min(by: { $0.unknowns < $1.unknowns }).map({ [$0] }) ?? [] { second += candidates(r.row) }
            }
            return smallest(second)
        }
        if let pick = siblings(wider: false) { return pick }
        let ranked = layout.rows(of: v).map { r -> (unknowns: Int, row: Int) in
            let terms = terms(of: r).map(termVariable)
            return (terms.filter { shown[$0] == nil }.count, r)
        }.sorted { ($0.unknowns, $0.row) < ($1.unknowns, $1.row) }
        for (_, r) in ranked {
            if let pick = smallest(candidates(r)) { return pick }
        }
        // Last, when nothing around it can be hidden: any sibling's end narrowed by another row,
        // a shown sibling's too (after publishing 2020 and adding the fifteen months, a 2020
        // practice count shown as 10 was at most 9 as the fifteen months less the quarter, which
        // left its hidden neighbour at least 5), from every row that gives that end (one with
        // nothing to hide, a published period's relation, may give it as well). Tried before the
        // rows of the count itself, it took the national audit from 13 rounds to 54: it often
        // finds a row whose end another row gives as well, so a round moved nothing.
        return siblings(wider: true)
    }
}

extension CountSystem {
    /// Classes of variables that are equal in every data set: joined by a row x − y = 0 once the
    /// exact zeros are left out. Returns each variable's class representative.
    func twinClasses() -> [Int32] {
        var parent = truth.indices.map { Int32($0) }
        func find(_ v: Int) -> Int32 {
            var v = v
            while Int(parent[v]) != v { parent[v] = parent[Int(parent[v])]; v = Int(parent[v]) }
            return Int32(v)
        }
        for r in 0..<rowCount where rowIsEquation[r] {
            // The row's terms that are not exact zeros: exactly two, of opposite signs.
            var first = -1, second = -1, others = 0
            for t in terms(of: r) where !(published[termVariable(t)] && shown[termVariable(t)] == 0) {
                if first < 0 { first = t } else if second < 0 { second = t } else { others += 1; break }
            }
            guard second >= 0, others == 0, termIsPositive(first) != termIsPositive(second) else { continue }
            let a = find(termVariable(first)), b = find(termVariable(second))
            if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
        return truth.indices.map(find)
    }

    func describe(_ v: Int, _ computation: Computation) -> String {
        cells(of: v).map { "\(computation.cells[$0.index].period.id) \(computation.cells[$0.index].scope.id) \($0.id)=\(truth[v])" }.joined(separator: "/")
    }
}

/// What a reader of the whole site knows about the true counts, as a linear system: one
/// variable per true quantity (a date interval, a scope, a count) and rows Σ ±x = 0 or
/// Σ ±x ≤ 0 that hold for every data set (DOMAIN.md §3). It is the attacker's model of
/// Tests/tools/attack_disclosure.py, kept in step with it:
/// - the same month published in two periods is one quantity; the stretches cut out by all
///   period boundaries ("atoms", e.g. the first half of a year when the year and its second
///   half are published) are quantities no page shows;
/// - distributions add up to new or closed cases, groups to their members, periods to their
///   atoms, months to their period, the region to its municipalities and a municipality to its
///   practices; active cases flow from month to month (and new = active where no case carries
///   into the period; a scope's carry-over is at most the one above it); a part is at most its
///   whole.
struct CountSystem {
    /// A published count: the cell of the computation (period and scope) and the count id.
    struct Cell: Hashable {
        var index: Int
        var id: String
    }
    /// Variable → the published cells that show it (two for a month shown in two periods), in
    /// compressed form: `cellStart[v]..<cellStart[v+1]` of `cellIndex` (the computation's cell)
    /// and `cellID` (its count id, a number in `cellIDs`). Two million of them at national
    /// scale: an array of cells per variable took 150 MB, these take 30.
    var cellStart: [Int32] = []
    var cellIndex: [Int32] = []
    var cellID: [Int32] = []
    var cellIDs: [String] = []
    var truth: [Int32] = []
    /// Published value after rounding; nil when hidden or never shown.
    var shown = ShownCounts()
    /// False for quantities no page shows (atoms, complements): never hidden, never checked.
    var published: [Bool] = []
    /// Rows in compressed form: terms `rowStart[r]..<rowStart[r+1]` (`terms(of:)`), 32-bit like
    /// the rest (12 million terms nationally).
    var rowStart: [Int32] = [0]
    /// Each term as its variable's number, bitwise-negated (`~v`, below 0) when the term is −v:
    /// variable and sign in 4 bytes (`termVariable`, `termIsPositive`).
    var termCode: [Int32] = []
    var rowIsEquation: [Bool] = []
    var rowCount: Int { rowIsEquation.count }

    func terms(of r: Int) -> Range<Int> { Int(rowStart[r])..<Int(rowStart[r + 1]) }
    func termVariable(_ t: Int) -> Int { Self.variable(ofCode: termCode[t]) }
    static func variable(ofCode code: Int32) -> Int { Int(code >= 0 ? code : ~code) }
    func termIsPositive(_ t: Int) -> Bool { termCode[t] >= 0 }
    func cellRange(of v: Int) -> Range<Int> { Int(cellStart[v])..<Int(cellStart[v + 1]) }
    func cells(of v: Int) -> [Cell] {
        cellRange(of: v).map { Cell(index: Int(cellIndex[$0]), id: cellIDs[Int(cellID[$0])]) }
    }

    /// Gives back the spare capacity the term arrays grew with (a quarter of them at national
    /// scale), once every row is in.
    mutating func trimTerms() {
        func exact<T>(_ a: [T]) -> [T] {
            [T](unsafeUninitializedCapacity: a.count) { buffer, count in
                _ = buffer.initialize(from: a)
                count = a.count
            }
        }
        termCode = exact(termCode)
    }

    mutating func addRow(_ terms: [(Int, Int)], equation: Bool) {
        guard terms.count > 1 else { return }
        for (v, s) in terms {
            termCode.append(s > 0 ? Int32(v) : ~Int32(v))
        }
        rowStart.append(Int32(termCode.count))
        rowIsEquation.append(equation)
    }
}


extension CountSystem {
    /// Builds the system from the computation (true counts) and the protected tallies (what is shown).
    /// `readInParallel: false` reads every cell on one thread in its own ids, as the system was
    /// first built: the tests' reference for the numbering.
    init(_ computation: Computation, protected: [Tally], readInParallel: Bool = true) {
        let cellsIn = computation.cells
        // Intervals, scopes and count ids are numbered; a variable is the triple packed in an Int.
        var intervals: [DayRange] = [], intervalNumber: [DayRange: Int] = [:]
        func interval(_ r: DayRange) -> Int {
            if let n = intervalNumber[r] { return n }
            intervals.append(r); intervalNumber[r] = intervals.count - 1
            return intervals.count - 1
        }
        var scopes: [Scope] = [], scopeNumber: [Scope: Int] = [:]
        for c in cellsIn where scopeNumber[c.scope] == nil { scopeNumber[c.scope] = scopes.count; scopes.append(c.scope) }
        var ids: [String] = [], idNumber: [String: Int] = [:]
        func idn(_ s: String) -> Int {
            if let n = idNumber[s] { return n }
            ids.append(s); idNumber[s] = ids.count - 1
            return ids.count - 1
        }
        var variableOf = VariableNumbers(scopes: scopes.count)
        var system = CountSystem()
        func variable(_ i: Int, _ s: Int, _ id: String) -> Int { variableN(i, s, idn(id)) }
        // By id number: the loops below number their ids once instead of hashing strings.
        func variableN(_ i: Int, _ s: Int, _ id: Int) -> Int {
            if let v = variableOf.number(i, s, id) { return v }
            let v = system.truth.count
            variableOf.insert(i, s, id, v)
            system.truth.append(0); system.shown.append(nil); system.published.append(false)
            return v
        }
        func existingN(_ i: Int, _ s: Int, _ id: Int) -> Int? { variableOf.number(i, s, id) }
        func existing(_ i: Int, _ s: Int, _ id: String) -> Int? {
            guard let n = idNumber[id] else { return nil }
            return variableOf.number(i, s, n)
        }

        // 1. Every published count.
        var periodRanges: [DayRange] = []
        var monthsOfPeriod: [DayRange: [DayRange]] = [:]
        var monthByKey: [DayRange: [Substring: DayRange]] = [:]   // "YYYY-MM" → month clipped to the period
        var additive: Set<String> = []
        for c in cellsIn where monthsOfPeriod[c.period.range] == nil {
            periodRanges.append(c.period.range)
            monthsOfPeriod[c.period.range] = months(of: c.period)
            monthByKey[c.period.range] = Dictionary(monthsOfPeriod[c.period.range]!.map { ($0.start.iso.prefix(7), $0) }, uniquingKeysWith: { a, _ in a })
        }
        periodRanges.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        enum Target { case skip, month(interval: Int, id: Int), period(id: Int) }
        var cellIDNumber: [String: Int32] = [:]
        func cellIDn(_ id: String) -> Int32 {
            if let n = cellIDNumber[id] { return n }
            system.cellIDs.append(id); cellIDNumber[id] = Int32(system.cellIDs.count - 1)
            return Int32(system.cellIDs.count - 1)
        }
        // Cells are grouped by period, scope type and number of counts; the counts of most cells
        // of a group have the same ids (a practice with cases of every kind). Each cell's values
        // are read by string key on all cores first (two million lookups, half of this system's
        // making on one core), in the sorted ids of its group's first cell.
        var groupNumber: [String: Int] = [:], groupOfCell: [Int] = [], firstKeys: [[String]] = []
        for (index, c) in cellsIn.enumerated() {
            let key = "\(c.period.id)\u{1F}\(c.scope.type)\u{1F}\(protected[index].counts.count)"
            if let g = groupNumber[key] { groupOfCell.append(g); continue }
            groupNumber[key] = firstKeys.count; groupOfCell.append(firstKeys.count)
            firstKeys.append(protected[index].counts.keys.sorted())
        }
        let cellValues = readInParallel ? parallelMap(Array(cellsIn.indices)) { [firstKeys, groupOfCell] index in
            CellValues(reading: protected[index], cellsIn[index].tally, in: firstKeys[groupOfCell[index]])
        } : [CellValues?](repeating: nil, count: cellsIn.count)
        // A group's plan: what each count id becomes (skipped, a month of the period, or the
        // period's count), in sorted id order. It is made again, as it was, whenever a cell's
        // ids differ from the last plan's, so ids and cells are numbered in the order met.
        var plans = [[(key: String, cellID: Int32, target: Target)]](repeating: [], count: firstKeys.count)
        var planIsFirst = [Bool](repeating: false, count: firstKeys.count)
        // (variable, computation cell, count id) of every published cell, in the order met;
        // put in compressed form at the end.
        var cellVariable: [Int32] = [], cellIndex: [Int32] = [], cellID: [Int32] = []
        for (index, c) in cellsIn.enumerated() {
            let s = scopeNumber[c.scope]!, g = groupOfCell[index]
            let values: CellValues
            if let first = cellValues[index], planIsFirst[g] {
                values = first
            } else {
                let counts = protected[index].counts
                var plan = plans[g]
                // A key the plan has and the cell has not (`.none`, not a hidden `.some(nil)`)
                // means the plan is another cell's.
                if plan.count != counts.count || plan.contains(where: { counts[$0.key] == nil }) {
                    let monthOf = monthByKey[c.period.range]!
                    plan = counts.keys.sorted().map { id -> (key: String, cellID: Int32, target: Target) in
                        if id.hasPrefix("caseload.") {
                            // caseload.YYYY-MM.kind → (month clipped to the period, scope, cases.kind)
                            let parts = id.split(separator: ".")
                            guard parts.count == 3, let m = monthOf[parts[1]] else { return (id, -1, .skip) }
                            return (id, cellIDn(id), .month(interval: interval(m), id: idn("cases.\(parts[2])")))
                        }
                        if id.hasPrefix("reach.") || id == "wait.within_2_weeks" { return (id, -1, .skip) }  // never shown as counts
                        if !id.hasPrefix("referrals.") && id != "cases.active" { additive.insert(id) }
                        return (id, cellIDn(id), .period(id: idn(id)))
                    }
                    plans[g] = plan
                }
                planIsFirst[g] = cellValues[index] != nil
                values = cellValues[index] ?? CellValues(reading: protected[index], c.tally, in: plan.map(\.key))!
            }
            let periodInterval = interval(c.period.range)
            for (k, (_, idNumber, target)) in plans[g].enumerated() {
                let v: Int
                switch target {
                case .skip: continue
                case .month(let i, let n): v = variableN(i, s, n)
                case .period(let n): v = variableN(periodInterval, s, n)
                }
                cellVariable.append(Int32(v)); cellIndex.append(Int32(index)); cellID.append(idNumber)
                // One quantity shown in two periods: hidden in either (a frozen one) is hidden.
                let value = values.shown(k)
                system.shown[v] = !system.published[v] || value == nil ? value : system.shown[v]
                system.published[v] = true
                system.truth[v] = values.truth[k]
            }
        }
        let timeAdditive = additive.sorted()

        // 2. Atoms: the stretches between all period boundaries that some period covers.
        let cuts = Set(periodRanges.flatMap { [$0.start, $0.end.adding(days: 1)] }).sorted()
        var atoms: [DayRange] = []
        for (a, b) in zip(cuts, cuts.dropFirst()) {
            let r = DayRange(a, b.adding(days: -1))
            if periodRanges.contains(where: { $0.start <= r.start && r.end <= $0.end }) { atoms.append(r) }
        }
        let within = Array(Set(periodRanges + atoms)).sorted { ($0.start, $0.end) < ($1.start, $1.end) }

        // 3. Within one interval and scope: distributions, groups, a part at most its whole.
        let groups: [(String, [String])] = InterventionGroup.allCases.map { g in
            ("mix.\(g.rawValue)", Intervention.allCases.filter { $0.group == g }.map { "mix.\($0.rawValue)" })
        } + [
            ("mix.referred", ["mix.referred_preventive", "mix.referred_jggz"]),
            ("outcome.avoided_second_line", ["mix.self_helped", "mix.referred_preventive"]),
            ("outcome.to_second_line", ["mix.referred_jggz", "mix.bridging"]),
            ("mix.self_helped", Distributions.baseBands.map { "base.self_helped.\($0)" }),
            ("outcome.known", InterventionGroup.allCases.map { "mix.\($0.rawValue)" }),
            ("cases.new", ["outcome.known", "mix.unknown"]),
            // sums of the rows above, written out for propagation
            ("outcome.known", ["outcome.avoided_second_line", "outcome.to_second_line"]),
            ("outcome.known", ["mix.self_helped", "mix.referred", "mix.bridging"]),
            ("cases.new", ["outcome.avoided_second_line", "outcome.to_second_line", "mix.unknown"]),
        ]
        let baseWithin: [(String, [String])] = [("1", ["1"]), ("2-5", ["2-5"]), ("6-10", ["6-10", "11plus"]), ("unknown", ["unknown"])]
        // The rows of one interval and scope, with numbered ids, written once.
        var template: [(terms: [(id: Int, sign: Int)], equation: Bool)] = []
        for (name, members) in Distributions.overNew {
            template.append((members.map { (idn("\(name).\($0)"), 1) } + [(idn("cases.new"), -1)], true))
        }
        for (name, members) in Distributions.overClosed {
            template.append((members.map { (idn("\(name).\($0)"), 1) } + [(idn("cases.closed"), -1)], true))
        }
        for (total, members) in groups {
            template.append((members.map { (idn($0), 1) } + [(idn(total), -1)], true))
        }
        for (band, contacts) in baseWithin {
            template.append(([(idn("base.self_helped.\(band)"), 1)] + contacts.map { (idn("contacts.\($0)"), -1) }, false))
        }
        template.append(([(idn("wait.known"), 1), (idn("cases.new"), -1)], false))
        let newID = idn("cases.new"), activeID = idn("cases.active"), closedID = idn("cases.closed")
        let atomSet = Set(atoms)
        for r in within {
            let i = interval(r)
            for s in scopes.indices {
                // Only where this interval and scope exist (a period of the scope, or an atom of one).
                guard variableOf.number(i, s, newID) != nil || atomSet.contains(r) else { continue }
                for row in template {
                    system.addRow(row.terms.map { (variableN(i, s, $0.id), $0.sign) }, equation: row.equation)
                }
            }
        }

        // 4. Months: they tile their period; active cases of a period; new, closed ≤ active. A
        // month a scope does not publish (a practice's) is still a true quantity a reader can
        // reason with: it gets an unpublished variable, as in the attacker's model.
        // The periods each scope has, by number in `periodRanges` (nearly every scope has the
        // same ones, so the months they tile are sorted once per list, not once per scope).
        var periodsOfScope = [[Int]](repeating: [], count: scopes.count)
        for (n, r) in periodRanges.enumerated() {
            let i = interval(r), ms = monthsOfPeriod[r]!.map(interval)
            for s in scopes.indices {
                guard let active = existingN(i, s, activeID) else { continue }
                periodsOfScope[s].append(n)
                let act = ms.map { variableN($0, s, activeID) }, new = ms.map { variableN($0, s, newID) },
                    closed = ms.map { variableN($0, s, closedID) }
                for (kind, parts) in [(newID, new), (closedID, closed)] {
                    guard let whole = existingN(i, s, kind) else { continue }
                    system.addRow([(whole, -1)] + parts.map { ($0, 1) }, equation: true)
                    system.addRow([(whole, 1), (active, -1)], equation: false)
                }
                guard ms.count > 1 else { continue }
                system.addRow([(active, -1), (act[0], 1)] + new.dropFirst().map { ($0, 1) }, equation: true)
                // Sums of rows written out, because propagation sees one row at a time and a
                // linear-programming attacker adds rows: new(p) − new(first) = active(p) − active(first),
                // and active(p) = active(month k) + closed before month k + new after it, for every k.
                if let newP = existingN(i, s, newID) {
                    system.addRow([(newP, 1), (new[0], -1), (active, -1), (act[0], 1)], equation: true)
                }
                for k in ms.indices.dropFirst() {
                    system.addRow([(active, -1), (act[k], 1)] + (0..<k).map { (closed[$0], 1) } + (k + 1..<ms.count).map { (new[$0], 1) },
                                  equation: true)
                }
            }
        }
        // A scope's months in order, as interval numbers, and the pairs of consecutive ones.
        var monthsOfPeriods: [[Int]: (months: [Int], adjacent: [(Int, Int)])] = [:]
        for s in scopes.indices {
            let plan = monthsOfPeriods[periodsOfScope[s]] ?? {
                let months = Set(periodsOfScope[s].flatMap { monthsOfPeriod[periodRanges[$0]]! }).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
                let plan = (months: months.map(interval),
                            adjacent: zip(months, months.dropFirst()).filter { $1.start == $0.end.adding(days: 1) }.map { (interval($0), interval($1)) })
                monthsOfPeriods[periodsOfScope[s]] = plan
                return plan
            }()
            for i in plan.months {
                let active = variableN(i, s, activeID)
                for kind in [newID, closedID] { system.addRow([(variableN(i, s, kind), 1), (active, -1)], equation: false) }
            }
            for (ia, ib) in plan.adjacent {
                system.addRow([(variableN(ib, s, activeID), 1), (variableN(ia, s, activeID), -1),
                               (variableN(ia, s, closedID), 1), (variableN(ib, s, newID), -1)], equation: true)
            }
        }
        // The same flow between whole stretches of time, which is what the months add up to. For
        // X split into A then B: active(X) = active(A) + new(B) = closed(A) + active(B), and
        // active(B) = active(A) − closed(A) + new(B). Written for every split into periods and
        // atoms, because propagation cannot eliminate the unpublished terms the way LP does.
        for s in scopes.indices {
            let has = Set(periodRanges.filter { existingN(interval($0), s, activeID) != nil })
            let stretches = within.filter { w in has.contains { $0.start <= w.start && w.end <= $0.end } }
            func v(_ r: DayRange, _ kind: String) -> Int { variable(interval(r), s, "cases.\(kind)") }
            for x in stretches {
                for a in stretches where a.start == x.start && a.end < x.end {
                    guard let b = stretches.first(where: { $0.start == a.end.adding(days: 1) && $0.end == x.end }) else { continue }
                    system.addRow([(v(x, "active"), -1), (v(a, "active"), 1), (v(b, "new"), 1)], equation: true)
                    system.addRow([(v(x, "active"), -1), (v(a, "closed"), 1), (v(b, "active"), 1)], equation: true)
                    system.addRow([(v(b, "active"), -1), (v(a, "active"), 1), (v(a, "closed"), -1), (v(b, "new"), 1)], equation: true)
                }
            }
            // A then B with no period covering both (2021, then 2022): the cases active in B
            // are the ones A left open and B's new ones. The months give it, month after month
            // across the boundary, but only an LP attacker adds those up: on the synthetic
            // region project (four calendar years) it narrowed a practice's hidden new cases
            // to 21–23 through them, where propagation saw room.
            for a in stretches {
                for b in stretches where b.start == a.end.adding(days: 1) && !stretches.contains(where: { $0.start == a.start && $0.end == b.end }) {
                    system.addRow([(v(b, "active"), -1), (v(a, "active"), 1), (v(a, "closed"), -1), (v(b, "new"), 1)], equation: true)
                }
            }
        }
        // Cases carried into a period and out of it, through the month on either side: active(p)
        // − new(p) = active − closed of the month before it, and active(p) − closed(p) = active −
        // closed of its last month = active − new of the month after it. Each is a sum of the rows
        // above (the months, the flow between them); an LP attacker adds them up and proved a
        // municipality's December closed cases (true 5) at least 4 of the synthetic region
        // project from the published active and new cases of the year after, where propagation
        // saw 0.
        for s in scopes.indices {
            var monthStarting: [Day: DayRange] = [:], monthEnding: [Day: DayRange] = [:]
            for n in periodsOfScope[s] {
                for m in monthsOfPeriod[periodRanges[n]]! { monthStarting[m.start] = m; monthEnding[m.end] = m }
            }
            for n in periodsOfScope[s] {
                let r = periodRanges[n], i = interval(r)
                guard let active = existingN(i, s, activeID), let first = monthsOfPeriod[r]!.first, let last = monthsOfPeriod[r]!.last else { continue }
                func carried(_ month: DayRange, less kind: Int) -> [(Int, Int)] {
                    let m = interval(month)
                    return [(variableN(m, s, activeID), -1), (variableN(m, s, kind), 1)]
                }
                if let newP = existingN(i, s, newID), let before = monthEnding[first.start.adding(days: -1)] {
                    system.addRow([(active, 1), (newP, -1)] + carried(before, less: closedID), equation: true)
                }
                guard let closedP = existingN(i, s, closedID) else { continue }
                if first != last { system.addRow([(active, 1), (closedP, -1)] + carried(last, less: closedID), equation: true) }
                if let after = monthStarting[last.end.adding(days: 1)] {
                    system.addRow([(active, 1), (closedP, -1)] + carried(after, less: newID), equation: true)
                }
            }
        }
        let allMonths = Array(Set(monthsOfPeriod.values.joined())).sorted { ($0.start, $0.end) < ($1.start, $1.end) }

        // 5. Time: a period that is not an atom is the sum of its atoms.
        for r in periodRanges where !atoms.contains(r) {
            let i = interval(r)
            let parts = atoms.filter { r.start <= $0.start && $0.end <= r.end }.map(interval)
            for s in scopes.indices {
                for id in timeAdditive {
                    guard let whole = existing(i, s, id) else { continue }
                    system.addRow([(whole, -1)] + parts.map { (variable($0, s, id), 1) }, equation: true)
                }
            }
        }

        // 6. Scopes: region = Σ municipalities, municipality = Σ its practices (every practice
        // of the project, also one without cases in the interval: a reader knows the list).
        let regionNumber = scopeNumber[.region]
        var municipalities: [Int] = [], practicesOf: [String: [Int]] = [:]
        for (n, scope) in scopes.enumerated() {
            switch scope {
            case .municipality: municipalities.append(n)
            case .practice(let p): if let m = computation.municipalityOf[p] { practicesOf[m, default: []].append(n) }
            case .region: break
            }
        }
        let practicesOfScope = municipalities.map { practicesOf[scopes[$0].id] ?? [] }
        func sums(_ i: Int, _ id: Int, practices: Bool) {
            if let region = regionNumber, let total = existingN(i, region, id) {
                system.addRow([(total, -1)] + municipalities.map { (variableN(i, $0, id), 1) }, equation: true)
            }
            guard practices else { return }
            for (n, m) in municipalities.enumerated() {
                guard let total = existingN(i, m, id) else { continue }
                system.addRow([(total, -1)] + practicesOfScope[n].map { (variableN(i, $0, id), 1) }, equation: true)
            }
        }
        let summed = ids.enumerated().filter { !$0.element.hasPrefix("caseload.") }.map { (id: $0.offset, periodsOnly: $0.element.hasPrefix("referrals.")) }
        let periodSet = Set(periodRanges)
        for r in within {
            let i = interval(r), isPeriod = periodSet.contains(r)
            for (id, periodsOnly) in summed {
                if periodsOnly {
                    if isPeriod { sums(i, id, practices: false) }
                } else {
                    sums(i, id, practices: true)
                }
            }
        }
        for m in allMonths {
            for kind in [newID, closedID, activeID] { sums(interval(m), kind, practices: true) }
        }
        system.indexCells(cellVariable, cellIndex, cellID)

        // 7. Carry-over: the active cases of a stretch of time are its new cases plus those open
        // when it starts. When none are open region-wide on a period's first day (true of the
        // first period of the data), none are open in any scope either, so new = active cases of
        // every scope for every stretch that starts that day: the period, its first month and
        // the atoms it starts with. The two are one quantity (a row, so propagation knows it, and
        // twins, hidden together). The carry-over is no variable (it is active(first month) −
        // new(first month)); without these rows propagation saw only new ≤ active, while an LP
        // attacker sums the carry-overs over scopes and periods, finds the region's ≤ 1, and
        // narrows a new count hidden beside its shown active count to about 5 (active −3…+2),
        // below 5 when anything else bounds it: Hillegom's 2020 new cases after a correction
        // (57–61 for the LP, 55–62 for propagation, 46–62 with a margin of 3), HIL01's once
        // practices without a POH-Jeugd showed their zeros (32–34). The first month's pair is
        // written too, not left to the LP's sum of rows: new(period) − new(first month) =
        // active(period) − active(first month) gives it only when the rows are added up.
        let stretchesAndMonths = Set(within + allMonths).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        if let region = regionNumber {
            let startsWithoutCarryOver = Set(periodRanges.filter { r in
                guard let new = existingN(interval(r), region, newID), let active = existingN(interval(r), region, activeID) else { return false }
                return system.truth[new] == system.truth[active]
            }.map(\.start))
            for r in stretchesAndMonths where startsWithoutCarryOver.contains(r.start) {
                guard let i = intervalNumber[r] else { continue }
                for s in scopes.indices {
                    guard let new = existingN(i, s, newID), let active = existingN(i, s, activeID) else { continue }
                    system.addRow([(new, 1), (active, -1)], equation: true)
                }
            }
        }
        // And wherever some are: a scope's carry-over (active − new cases) is part of the one
        // above it, a practice's of its municipality's, a municipality's of the region's. An LP
        // attacker gets it from the sums and new ≤ active; propagation needs it written. (Periods
        // and atoms; months only above the practices, whose months no page shows.)
        let ofRegion: [(part: Int, whole: Int)] = municipalities.compactMap { m in regionNumber.map { (m, $0) } }
        let ofMunicipalities = municipalities.indices.flatMap { n in practicesOfScope[n].map { (part: $0, whole: municipalities[n]) } }
        let stretches = Set(within)
        for r in stretchesAndMonths {
            guard let i = intervalNumber[r] else { continue }
            for (part, whole) in stretches.contains(r) ? ofRegion + ofMunicipalities : ofRegion {
                guard let newPart = existingN(i, part, newID), let activePart = existingN(i, part, activeID),
                      let newWhole = existingN(i, whole, newID), let activeWhole = existingN(i, whole, activeID) else { continue }
                system.addRow([(activePart, 1), (newPart, -1), (activeWhole, -1), (newWhole, 1)], equation: false)
            }
        }
        self = system
    }
}

extension CountSystem {
    /// Puts the published cells, met in any order, in compressed form (each variable's in the
    /// order they were met).
    fileprivate mutating func indexCells(_ variable: [Int32], _ index: [Int32], _ id: [Int32]) {
        var start = [Int32](repeating: 0, count: truth.count + 1)
        for v in variable { start[Int(v) + 1] += 1 }
        for v in 0..<truth.count { start[v + 1] += start[v] }
        var fill = start
        cellIndex = [Int32](repeating: 0, count: variable.count)
        cellID = [Int32](repeating: 0, count: variable.count)
        for k in variable.indices {
            let v = Int(variable[k]), at = Int(fill[v])
            cellIndex[at] = index[k]
            cellID[at] = id[k]
            fill[v] += 1
        }
        cellStart = start
    }
}

/// Shown values as 32-bit numbers, `Int32.min` for none: an array of `Int?` takes 16 bytes a
/// value, 44 MB for a national system.
struct ShownCounts {
    private var values: [Int32] = []
    private static let none = Int32.min

    mutating func append(_ value: Int?) { values.append(value.map { Int32($0) } ?? Self.none) }
    subscript(_ v: Int) -> Int? {
        get { values[v] == Self.none ? nil : Int(values[v]) }
        set { values[v] = newValue.map { Int32($0) } ?? Self.none }
    }
}

/// (interval, scope, count) → variable number. Building the national system looks up 40
/// million of them, most in runs over every scope for one interval and count (a municipality's
/// practices, the region's municipalities): numbered by scope in one row per interval and count,
/// a run reads neighbouring memory. (A hash table of packed keys, 48 MB nationally, missed the
/// cache at nearly every lookup; `Dictionary` hashed each with SipHash, slower still.)
struct VariableNumbers {
    private let scopes: Int
    /// [interval][count] → where its row starts in `numbers`, -1 before it has one.
    private var rowOf: [[Int]] = []
    /// One row of `scopes` numbers per (interval, count) met; -1 where there is no variable.
    private var numbers: [Int32] = []

    init(scopes: Int) { self.scopes = scopes }

    private func row(_ i: Int, _ id: Int) -> Int {
        i < rowOf.count && id < rowOf[i].count ? rowOf[i][id] : -1
    }

    func number(_ i: Int, _ s: Int, _ id: Int) -> Int? {
        let row = row(i, id)
        guard row >= 0, numbers[row + s] >= 0 else { return nil }
        return Int(numbers[row + s])
    }

    /// Numbers a variable that has none yet.
    mutating func insert(_ i: Int, _ s: Int, _ id: Int, _ value: Int) {
        var row = row(i, id)
        if row < 0 {
            while rowOf.count <= i { rowOf.append([]) }
            while rowOf[i].count <= id { rowOf[i].append(-1) }
            row = numbers.count
            numbers.append(contentsOf: repeatElement(-1, count: scopes))
            rowOf[i][id] = row
        }
        numbers[row + s] = Int32(value)
    }
}

/// One cell's shown (protected) and true counts, in a given order of its count ids.
private struct CellValues: Sendable {
    private var shownValues: [Int32]   // Int32.min: hidden
    var truth: [Int32]

    /// Nil when the cell lacks one of `ids` (its ids are another set).
    init?(reading protected: Tally, _ tally: Tally, in ids: [String]) {
        guard protected.counts.count == ids.count else { return nil }
        shownValues = []; shownValues.reserveCapacity(ids.count)
        truth = []; truth.reserveCapacity(ids.count)
        for id in ids {
            guard let shown = protected.counts[id] else { return nil }
            shownValues.append(shown.map { Int32($0) } ?? .min)
            truth.append(Int32(tally[id] ?? 0))
        }
    }

    func shown(_ k: Int) -> Int? { shownValues[k] == .min ? nil : Int(shownValues[k]) }
}

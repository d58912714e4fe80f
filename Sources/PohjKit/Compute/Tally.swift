/// The counts of cases behind the indicators of one period and scope. These are the only
/// figures about children; `protect` rounds or hides them, and every indicator is derived
/// from them, so a derived figure can never carry more than its counts.
public struct Tally: Sendable, Equatable {
    /// Count id → number of cases; nil = hidden by the small-number policy.
    public var counts: [String: Int?]

    public init(counts: [String: Int?] = [:]) { self.counts = counts }

    public subscript(_ id: String) -> Int? { counts[id] ?? nil }
    mutating func add(_ id: String, _ n: Int = 1) { counts[id] = (self[id] ?? 0) + n }
}

/// Distributions over new cases, with the vocabulary each one uses (DOMAIN.md §3).
enum Distributions {
    static let overNew: [(name: String, members: [String])] = [
        ("mix", Intervention.allCases.map(\.rawValue) + ["unknown"]),
        ("contacts", ContactsBand.allCases.map(\.rawValue) + ["unknown"]),
        ("duration", Duration.allCases.map(\.rawValue) + ["unknown"]),
        ("complaint", Complaint.allCases.map(\.rawValue) + ["unknown"]),
        ("referrer", Referrer.allCases.map(\.rawValue) + ["unknown"]),
        ("age", ["0-3", "4-11", "12-17", "18plus", "unknown"]),
        ("gender", Gender.allCases.map(\.rawValue) + ["unknown"]),
        ("location", Location.allCases.map(\.rawValue) + ["unknown"]),
        ("history", History.allCases.map(\.rawValue) + ["unknown"]),
    ]
    static let overClosed: [(name: String, members: [String])] = [
        ("goal", Goal.allCases.map(\.rawValue) + ["unknown"]),
        ("aftercare", Aftercare.allCases.map(\.rawValue) + ["unknown"]),
        ("closed_mix", InterventionGroup.allCases.map(\.rawValue) + ["unknown"]),
    ]
    /// Groups of interventions are counted (and so rounded) as cells of their own, as a
    /// statistics office would publish them, not summed from rounded members.
    static let groupCounts = InterventionGroup.allCases.map { "mix.\($0.rawValue)" }
        + ["mix.referred", "outcome.known"] + knownOutcomes
    /// The two kinds of known outcome; each is published with its share of `outcome.known`.
    static let knownOutcomes = ["outcome.avoided_second_line", "outcome.to_second_line"]
    /// Self-helped new cases per scenario band (11plus counted as 6-10).
    static let baseBands = ["1", "2-5", "6-10", "unknown"]

    static func ageBand(_ age: Int?) -> String {
        guard let age else { return "unknown" }
        switch age {
        case ..<4: return "0-3"
        case 4...11: return "4-11"
        case 12...17: return "12-17"
        default: return "18plus"
        }
    }
}

/// Months of a period, clipped to it, for the caseload chart.
func months(of period: Period) -> [DayRange] {
    var out: [DayRange] = []
    var m = period.start.firstOfMonth
    while m <= period.end {
        out.append(DayRange(max(m, period.start), min(m.lastOfMonth, period.end)))
        m = m.nextMonth
    }
    return out
}

/// Each case's practice and municipality as numbers in `scopes` (-1: none), worked out once for
/// all periods instead of hashing two names per case and period.
struct CaseScopes: Sendable {
    let practice: [Int32], municipality: [Int32]

    init(_ cases: [Case], practiceMunicipality: [String: String], scopes: [Scope]) {
        let scopeNumber = Dictionary(scopes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // Per practice, not per case: a practice has hundreds.
        var ofPractice: [String: (Int32, Int32)] = [:]
        var practice = [Int32](), municipality = [Int32]()
        practice.reserveCapacity(cases.count); municipality.reserveCapacity(cases.count)
        for c in cases {
            let (p, m) = ofPractice[c.practiceID] ?? {
                let found = (Int32(scopeNumber[.practice(c.practiceID)] ?? -1),
                             Int32(practiceMunicipality[c.practiceID].flatMap { scopeNumber[.municipality($0)] } ?? -1))
                ofPractice[c.practiceID] = found
                return found
            }()
            practice.append(p); municipality.append(m)
        }
        self.practice = practice
        self.municipality = municipality
    }
}

/// Count slots of an enum's cases (and of "unknown" for a missing value), found by the case's
/// position: a few comparisons, where a dictionary hashed every case of every period.
struct CountSlots<E: Equatable> {
    let cases: [E], slots: [Int], unknown: Int
    subscript(_ e: E) -> Int { slots[cases.firstIndex(of: e)!] }
    subscript(_ e: E?) -> Int { e.map { self[$0] } ?? unknown }
}

/// count: cases → tallies for every scope of one period, in one pass over the cases. Every count
/// id gets a slot number up front, so a case adds 1 to a few array cells instead of building and
/// hashing strings (a national project counts a million cases for every period).
func tallyCases(_ cases: [Case], period: Period, scopes: [Scope], caseScopes: CaseScopes) -> [Scope: Tally] {
    precondition(caseScopes.practice.count == cases.count, "scopes numbered for other cases")
    var ids: [String] = []
    for (name, members) in Distributions.overNew + Distributions.overClosed {
        for m in members { ids.append("\(name).\(m)") }
    }
    for b in Distributions.baseBands { ids.append("base.self_helped.\(b)") }
    ids += Distributions.groupCounts
    ids += ["cases.new", "cases.active", "cases.closed", "reach.gp_cases_to_second_line", "wait.known", "wait.within_2_weeks"]
    // Months are counted for the region and municipalities only: a practice's caseload is
    // published per period (its monthly counts are nearly all small, and the month-to-month flow
    // of hidden ones gave the others back to a reader; see Protect/SecondarySuppression.swift).
    let monthRanges = months(of: period)
    let monthStart = ids.count
    for m in monthRanges {
        let key = "caseload.\(m.start.iso.prefix(7))"
        ids += ["\(key).new", "\(key).active", "\(key).closed"]
    }
    let slot = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    func slots<E: RawRepresentable & CaseIterable & Equatable>(_ prefix: String, _: E.Type) -> CountSlots<E> where E.RawValue == String {
        CountSlots(cases: Array(E.allCases), slots: E.allCases.map { slot["\(prefix).\($0.rawValue)"]! }, unknown: slot["\(prefix).unknown"]!)
    }
    let mix = slots("mix", Intervention.self), contacts = slots("contacts", ContactsBand.self),
        duration = slots("duration", Duration.self), complaint = slots("complaint", Complaint.self),
        referrer = slots("referrer", Referrer.self), gender = slots("gender", Gender.self),
        location = slots("location", Location.self), history = slots("history", History.self),
        goal = slots("goal", Goal.self), aftercare = slots("aftercare", Aftercare.self),
        closedMix = slots("closed_mix", InterventionGroup.self)
    let group = slots("mix", InterventionGroup.self)   // asked only for a known group
    let age = Dictionary(uniqueKeysWithValues: ["0-3", "4-11", "12-17", "18plus", "unknown"].map { ($0, slot["age.\($0)"]!) })
    let base1 = slot["base.self_helped.1"]!, base2to5 = slot["base.self_helped.2-5"]!,
        base6to10 = slot["base.self_helped.6-10"]!, baseUnknown = slot["base.self_helped.unknown"]!
    func one(_ id: String) -> Int { slot[id]! }
    let new = one("cases.new"), active = one("cases.active"), closed = one("cases.closed"),
        known = one("outcome.known"), avoided = one("outcome.avoided_second_line"), toSecond = one("outcome.to_second_line"),
        referred = one("mix.referred"), gpToSecond = one("reach.gp_cases_to_second_line"),
        waitKnown = one("wait.known"), waitWithin = one("wait.within_2_weeks")

    // Scope by scope in one array (an array per scope checked its uniqueness at every +1).
    var counts = [Int](repeating: 0, count: ids.count * scopes.count)
    let range = period.range
    var hits: [Int] = [], monthHits: [Int] = []
    hits.reserveCapacity(32)
    let region = scopes.firstIndex(of: .region)
    for (caseNumber, c) in cases.enumerated() {
        let isNew = range.contains(c.firstConsult)
        let isActive = c.firstConsult <= range.end && (c.endDate.map { $0 >= range.start } ?? true)
        let isClosed = c.endDate.map { range.contains($0) } ?? false
        guard isNew || isActive || isClosed else { continue }
        hits.removeAll(keepingCapacity: true)
        monthHits.removeAll(keepingCapacity: true)
        if isNew {
            hits.append(new)
            hits.append(mix[c.intervention])
            hits.append(contacts[c.contacts])
            hits.append(duration[c.duration])
            hits.append(complaint[c.complaint])
            hits.append(referrer[c.referrer])
            hits.append(age[Distributions.ageBand(c.age)]!)
            hits.append(gender[c.gender])
            hits.append(location[c.location])
            hits.append(history[c.history])
            if let g = c.intervention?.group {
                hits.append(group[g])
                hits.append(known)
                switch g {
                case .self_helped, .referred_preventive: hits.append(avoided)
                case .referred_jggz, .bridging: hits.append(toSecond)
                }
                if g == .referred_preventive || g == .referred_jggz { hits.append(referred) }
            }
            if c.intervention?.group == .self_helped {
                switch c.contacts {
                case .one: hits.append(base1)
                case .twoToFive: hits.append(base2to5)
                case .sixToTen, .elevenPlus: hits.append(base6to10)
                case nil: hits.append(baseUnknown)
                }
            }
            // The GP-referred new cases themselves are referrer.huisarts: one count, one protection.
            if c.referrer == .huisarts, let g = c.intervention?.group, g == .referred_jggz || g == .bridging {
                hits.append(gpToSecond)
            }
            if let ref = c.gpReferralDate, ref <= c.firstConsult {
                hits.append(waitKnown)
                if c.firstConsult.ordinal - ref.ordinal <= 14 { hits.append(waitWithin) }
            }
        }
        if isActive { hits.append(active) }
        if isClosed {
            hits.append(closed)
            hits.append(goal[c.goal])
            hits.append(aftercare[c.aftercare])
            hits.append(closedMix[c.intervention?.group])
        }
        for (i, m) in monthRanges.enumerated() {
            let k = monthStart + 3 * i
            if m.contains(c.firstConsult) { monthHits.append(k) }
            if c.firstConsult <= m.end && (c.endDate.map { $0 >= m.start } ?? true) { monthHits.append(k + 1) }
            if let e = c.endDate, m.contains(e) { monthHits.append(k + 2) }
        }
        let p = Int(caseScopes.practice[caseNumber]), m = Int(caseScopes.municipality[caseNumber])
        if p >= 0 {
            for h in hits { counts[p * ids.count + h] += 1 }
        }
        // The region and the municipality count months too.
        func countWithMonths(_ t: Int) {
            for h in hits { counts[t * ids.count + h] += 1 }
            for h in monthHits { counts[t * ids.count + h] += 1 }
        }
        if let region { countWithMonths(region) }
        if m >= 0 { countWithMonths(m) }
    }
    var tallies: [Scope: Tally] = [:]
    for (n, scope) in scopes.enumerated() {
        let upTo = scope.type == "practice" ? monthStart : ids.count
        var counts_: [String: Int?] = [:]
        counts_.reserveCapacity(upTo)
        for i in 0..<upTo { counts_[ids[i]] = .some(counts[n * ids.count + i]) }
        tallies[scope] = Tally(counts: counts_)
    }
    return tallies
}

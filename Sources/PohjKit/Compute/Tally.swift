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
        + ["mix.referred", "outcome.known", "outcome.avoided_second_line", "outcome.to_second_line"]
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

/// count: cases → tallies for every scope of one period, in one pass over the cases.
func tallyCases(_ cases: [Case], period: Period, practiceMunicipality: [String: String], scopes: [Scope]) -> [Scope: Tally] {
    var empty = Tally()
    for (name, members) in Distributions.overNew + Distributions.overClosed {
        for m in members { empty.counts["\(name).\(m)"] = 0 }
    }
    for b in Distributions.baseBands { empty.counts["base.self_helped.\(b)"] = 0 }
    for g in Distributions.groupCounts { empty.counts[g] = 0 }
    let monthRanges = months(of: period)
    for m in monthRanges {
        let key = "caseload.\(m.start.iso.prefix(7))"
        for k in ["new", "active", "closed"] { empty.counts["\(key).\(k)"] = 0 }
    }
    for k in ["cases.new", "cases.active", "cases.closed", "reach.gp_cases_to_second_line", "wait.known", "wait.within_2_weeks"] {
        empty.counts[k] = 0
    }
    // Months are counted for the region and municipalities only: a practice's caseload is
    // published per period (its monthly counts are nearly all small, and the month-to-month flow
    // of hidden ones gave the others back to a reader; see Protect/SecondarySuppression.swift).
    var emptyPractice = empty
    for key in empty.counts.keys where key.hasPrefix("caseload.") { emptyPractice.counts[key] = nil }
    var tallies: [Scope: Tally] = Dictionary(uniqueKeysWithValues: scopes.map { ($0, $0.type == "practice" ? emptyPractice : empty) })
    let range = period.range

    for c in cases {
        let isNew = range.contains(c.firstConsult)
        let isActive = c.firstConsult <= range.end && (c.endDate.map { $0 >= range.start } ?? true)
        let isClosed = c.endDate.map { range.contains($0) } ?? false
        guard isNew || isActive || isClosed else { continue }
        var t = Tally()
        if isNew {
            t.add("cases.new")
            t.add("mix.\(c.intervention?.rawValue ?? "unknown")")
            t.add("contacts.\(c.contacts?.rawValue ?? "unknown")")
            t.add("duration.\(c.duration?.rawValue ?? "unknown")")
            t.add("complaint.\(c.complaint?.rawValue ?? "unknown")")
            t.add("referrer.\(c.referrer?.rawValue ?? "unknown")")
            t.add("age.\(Distributions.ageBand(c.age))")
            t.add("gender.\(c.gender?.rawValue ?? "unknown")")
            t.add("location.\(c.location?.rawValue ?? "unknown")")
            t.add("history.\(c.history?.rawValue ?? "unknown")")
            if let g = c.intervention?.group {
                t.add("mix.\(g.rawValue)")
                t.add("outcome.known")
                switch g {
                case .self_helped, .referred_preventive: t.add("outcome.avoided_second_line")
                case .referred_jggz, .bridging: t.add("outcome.to_second_line")
                }
                if g == .referred_preventive || g == .referred_jggz { t.add("mix.referred") }
            }
            if c.intervention?.group == .self_helped {
                let band: String
                switch c.contacts {
                case .one: band = "1"
                case .twoToFive: band = "2-5"
                case .sixToTen, .elevenPlus: band = "6-10"
                case nil: band = "unknown"
                }
                t.add("base.self_helped.\(band)")
            }
            // The GP-referred new cases themselves are referrer.huisarts: one count, one protection.
            if c.referrer == .huisarts, let g = c.intervention?.group, g == .referred_jggz || g == .bridging {
                t.add("reach.gp_cases_to_second_line")
            }
            if let ref = c.gpReferralDate, ref <= c.firstConsult {
                t.add("wait.known")
                if c.firstConsult.ordinal - ref.ordinal <= 14 { t.add("wait.within_2_weeks") }
            }
        }
        if isActive { t.add("cases.active") }
        if isClosed {
            t.add("cases.closed")
            t.add("goal.\(c.goal?.rawValue ?? "unknown")")
            t.add("aftercare.\(c.aftercare?.rawValue ?? "unknown")")
            t.add("closed_mix.\(c.intervention?.group.rawValue ?? "unknown")")
        }
        if tallies[.practice(c.practiceID)] != nil {
            for (k, v) in t.counts { tallies[.practice(c.practiceID)]!.add(k, v ?? 0) }
        }
        for m in monthRanges {
            let key = "caseload.\(m.start.iso.prefix(7))"
            if m.contains(c.firstConsult) { t.add("\(key).new") }
            if c.firstConsult <= m.end && (c.endDate.map { $0 >= m.start } ?? true) { t.add("\(key).active") }
            if let e = c.endDate, m.contains(e) { t.add("\(key).closed") }
        }
        var targets: [Scope] = [.region]
        if let m = practiceMunicipality[c.practiceID] { targets.append(.municipality(m)) }
        for scope in targets where tallies[scope] != nil {
            for (k, v) in t.counts { tallies[scope]!.add(k, v ?? 0) }
        }
    }
    return tallies
}

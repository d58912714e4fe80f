import Foundation

/// parse: raw files → typed `Project` plus every diagnostic. Pure: no file system access.
/// With `skipInvalid`, errors in single case rows leave those rows out (as warnings, listed in
/// `quality`); any other error still stops the build.
/// `withCases: false` leaves the case files alone (a rebuild from the build cache, which read
/// only their stats): the project has no cases and no case-file diagnostics.
public func parseProject(_ raw: RawProject, skipInvalid: Bool = false, withCases: Bool = true) -> (project: Project?, diagnostics: Diagnostics) {
    var d = Diagnostics()
    let config = parseConfig(raw.file("site.yml"), diagnostics: &d)
    let periods = config?.periods ?? []

    var practices: [Practice] = []
    if let bytes = raw.file("data/practices.csv") { practices = parsePractices("data/practices.csv", bytes, &d) } else {
        d.error("data/practices.csv", "missing; list every practice with Praktijkcode;Naam;Gemeente (see the README)")
    }

    var caseFiles = raw.files(under: "data/cases", ext: "csv")
    if let single = raw.file("data/cases.csv") { caseFiles.insert((path: "data/cases.csv", bytes: single), at: 0) }
    if !withCases { caseFiles = [] } else if caseFiles.isEmpty { d.error("data/cases.csv", "missing; put the monitoring data in data/cases.csv or in files under data/cases/") }
    // One file per POH-J: independent, so parsed on all cores; results and messages keep file order.
    var parsed = parallelMap(caseFiles.map { CaseFile(path: $0.path, bytes: $0.bytes) }) { f -> (ParsedCases, Diagnostics) in
        var fd = Diagnostics()
        let rows = parseCases(f.path, f.bytes, &fd)
        return (rows, fd)
    }
    // One file (a million rows) is taken as it is; several are joined once, without regrowing,
    // each file's rows let go as they are joined (never all of them twice).
    var rows = parsed.count == 1 ? parsed[0].0 : ParsedCases()
    if parsed.count > 1 {
        rows.cases.reserveCapacity(parsed.reduce(0) { $0 + $1.0.cases.count })
        for i in parsed.indices {
            rows.append(parsed[i].0)
            parsed[i].0 = ParsedCases()
        }
    }
    for (_, fd) in parsed { d.append(contentsOf: fd) }

    // The other files do not depend on the cases: read beside the cases' checks, which take a
    // core for a while nationally. Messages keep their order: theirs, the checks', then costs
    // and referrals against the practices.
    let (other, (cases, checked)) = sideBySide({ readOtherFiles(raw, practices: practices, periods: periods) }, { [rows, practices, periods] () -> ([Case], Diagnostics) in
        var dc = Diagnostics()
        return (checkCases(rows, practices: practices, periods: periods, &dc), dc)
    })
    d.append(contentsOf: other.read)
    d.append(contentsOf: checked)
    d.append(contentsOf: other.checked)
    let (costs, referrals, population, narratives) = (other.costs, other.referrals, other.population, other.narratives)

    var quality = DataQuality(rowsRead: rows.cases.count, rowsUsed: cases.count)
    if skipInvalid {
        (d, quality.skipped) = leaveOutInvalidRows(d)
    }
    guard let config else { return (nil, d) }
    var project = Project(config: config, practices: practices, cases: cases, costs: costs, referrals: referrals,
                          population: population, narratives: narratives)
    project.quality = quality
    return (project, d)
}

/// Costs, referrals, population and narrative: parsed (messages in `read`), then costs and
/// referrals checked against the practices (messages in `checked`).
private func readOtherFiles(_ raw: RawProject, practices: [Practice], periods: [Period])
    -> (costs: [CostRow], referrals: [ReferralRow], population: [PopulationRow], narratives: [Narrative], read: Diagnostics, checked: Diagnostics) {
    var d = Diagnostics(), checked = Diagnostics()
    let costRows = raw.file("data/costs.csv").map { parseCosts("data/costs.csv", $0, &d) } ?? []
    if raw.file("data/costs.csv") == nil { d.warning("data/costs.csv", "missing; costs and savings will show as unknown") }
    let referrals = raw.file("data/referrals.csv").map { parseReferrals("data/referrals.csv", $0, &d) } ?? []
    let population = raw.file("data/population.csv").map { parsePopulation("data/population.csv", $0, &d) } ?? []
    var narratives: [Narrative] = []
    for f in raw.files(under: "narrative", ext: "md") {
        if let n = parseNarrative(f.path, f.bytes, periods: periods, &d) { narratives.append(n) }
    }
    let costs = resolveCosts(costRows, practices: practices, &checked)
    checkReferrals(referrals, practices: practices, &checked)
    return (costs, referrals, population, narratives, d, checked)
}

/// Row-level errors in case files become warnings naming the row as left out; returns the first
/// problem of each row left out.
private func leaveOutInvalidRows(_ d: Diagnostics) -> (Diagnostics, [Diagnostic]) {
    var out = Diagnostics()
    var skipped: [Diagnostic] = []
    var seen: Set<String> = []
    for diag in d.all {
        let isCaseRow = (diag.file == "data/cases.csv" || diag.file.hasPrefix("data/cases/")) && (diag.line ?? 0) > 1
        guard diag.severity == .error, isCaseRow else { out.all_append(diag); continue }
        var w = diag
        w.severity = .warning
        w.message = "row left out (--skip-invalid): " + diag.message
        out.all_append(w)
        if seen.insert("\(diag.file):\(diag.line!)").inserted { skipped.append(diag) }
    }
    return (out, skipped)
}

/// Cross-file checks on cases: known practice, unique key, plausible dates. Returns the cases
/// without errors: the parsed array itself when every row is kept (a million cases not copied).
private func checkCases(_ rows: ParsedCases, practices: [Practice], periods: [Period], _ d: inout Diagnostics) -> [Case] {
    // Only the start of each practice's POH-J is needed per row: looked up without copying a
    // whole `Practice` (its names and municipality) a million times.
    struct Start { let joined: Day? }
    let startOf = Dictionary(practices.map { ($0.id, Start(joined: $0.joined)) }, uniquingKeysWith: { a, _ in a })
    let lastDay = periods.map(\.end).max()
    var firstSeen = FirstRows(capacity: rows.cases.count)
    var lastPractice: (id: String, start: Start?) = ("", nil)
    var left: [Int] = []   // rows left out, ascending
    var nextInvalid = rows.invalid.startIndex
    // Rows are read in place, never copied.
    rows.cases.withUnsafeBufferPointer { cases in
        for i in cases.indices {
            let file = cases[i].origin.file, line = cases[i].origin.line
            let practiceID = cases[i].practiceID, caseID = cases[i].caseID
            let errorsBefore = d.errorCount
            // Dates of a row that failed to parse are placeholders; only its key is checked.
            while nextInvalid < rows.invalid.endIndex && rows.invalid[nextInvalid] < i { nextInvalid += 1 }
            let valid = !(nextInvalid < rows.invalid.endIndex && rows.invalid[nextInvalid] == i)
            /// False for a row left out without an error of its own (no known practice, no number).
            func check() -> Bool {
                // A file's rows come practice by practice: the last lookup is usually the answer.
                if practiceID != lastPractice.id { lastPractice = (practiceID, startOf[practiceID]) }
                guard let practice = lastPractice.start else {
                    if !practices.isEmpty && !practiceID.isEmpty {
                        d.error(file, line: line, column: "practice_id", value: practiceID, "practice not in data/practices.csv; add it there or correct the code")
                    }
                    return false
                }
                if caseID.isEmpty { return false }
                if let first = firstSeen.insert(i, in: cases) {
                    let origin = cases[first].origin
                    if origin.file == file {
                        d.error(file, line: line, column: "case_id", value: caseID, "case number used twice in practice \(practiceID) (also on line \(origin.line)); give each youngster one row per trajectory")
                        return false
                    }
                    d.warning(file, line: line, column: "case_id", value: caseID, "same case number in practice \(practiceID) as \(origin.file):\(origin.line); counted as two cases (two POH-J may number alike)")
                }
                let firstConsult = cases[i].firstConsult
                if let lastDay {
                    func checkNotAfterLastPeriod(_ column: String, _ day: Day?) {
                        if let day, day > lastDay {
                            d.error(file, line: line, column: column, value: day.iso, "lies after the last period (ends \(lastDay.iso)); check the year")
                        }
                    }
                    checkNotAfterLastPeriod("first_consult", firstConsult)
                    checkNotAfterLastPeriod("end_date", cases[i].endDate)
                    checkNotAfterLastPeriod("gp_referral_date", cases[i].gpReferralDate)
                }
                guard valid else { return false }
                if let joined = practice.joined, firstConsult < joined {
                    d.error(file, line: line, column: "first_consult", value: firstConsult.iso, "before the POH-J started in practice \(practiceID) (\(joined.iso)); check the date or the practice's start")
                }
                // Its pages say no POH-J works there, and its counts are published as 0 for it.
                if practice.joined == nil {
                    d.error(file, line: line, column: "practice_id", value: practiceID, "practice \(practiceID) has no POH-J (no start date in data/practices.csv); fill in when the POH-J started there, or correct the practice code")
                }
                if let ref = cases[i].gpReferralDate, ref > firstConsult {
                    d.warning(file, line: line, column: "gp_referral_date", value: ref.iso, "GP referral after the first consult; left out of waiting time")
                }
                return true
            }
            if !check() || d.errorCount != errorsBefore { left.append(i) }
        }
    }
    if left.isEmpty { return rows.cases }
    var kept: [Case] = []
    kept.reserveCapacity(rows.cases.count - left.count)
    var next = 0
    for i in rows.cases.indices {
        if next < left.count && left[next] == i { next += 1; continue }
        kept.append(rows.cases[i])
    }
    return kept
}

/// A cost row names a municipality or a practice id; both for one municipality over the same days double counts.
private func resolveCosts(_ rows: [(row: CostRow, scopeName: String)], practices: [Practice], _ d: inout Diagnostics) -> [CostRow] {
    let municipalities = Set(practices.map(\.municipality))
    let practiceByID = Dictionary(practices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var out: [CostRow] = []
    for (row, name) in rows {
        var r = row
        if municipalities.contains(name) {
            r.scope = .municipality(name)
        } else if practiceByID[name] != nil {
            r.scope = .practice(name)
        } else {
            if !practices.isEmpty {
                d.error(row.origin.file, line: row.origin.line, column: "scope", value: name, "neither a municipality nor a practice code in data/practices.csv")
            }
            continue
        }
        out.append(r)
    }
    func municipality(of s: CostRow.Scope) -> String {
        switch s {
        case .municipality(let m): return m
        case .practice(let p): return practiceByID[p]?.municipality ?? ""
        }
    }
    for i in out.indices {
        for j in out.indices where j > i {
            let a = out[i], b = out[j]
            guard a.range.overlapDays(b.range) > 0 else { continue }
            let clash: Bool
            switch (a.scope, b.scope) {
            case (.municipality(let x), .municipality(let y)), (.practice(let x), .practice(let y)): clash = x == y
            default: clash = municipality(of: a.scope) == municipality(of: b.scope)
            }
            if clash {
                d.error(b.origin.file, line: b.origin.line, column: "scope",
                        "overlaps line \(a.origin.line) for the same municipality (\(municipality(of: b.scope))) over the same days: costs would be counted twice. Give costs per municipality or per practice, not both")
            }
        }
    }
    return out
}

private func checkReferrals(_ rows: [ReferralRow], practices: [Practice], _ d: inout Diagnostics) {
    let municipalities = Set(practices.map(\.municipality))
    for r in rows where !municipalities.contains(r.municipality) && !practices.isEmpty {
        d.warning(r.origin.file, line: r.origin.line, column: "municipality", value: r.municipality, "municipality has no practice in data/practices.csv; its referrals count for the region only")
    }
}

private struct CaseFile: Sendable {
    var path: String
    var bytes: [UInt8]
}

/// The first row of each (practice, case number), for finding numbers used twice: an
/// open-addressing table of row numbers whose keys are read from the cases themselves. A
/// dictionary keyed by both strings hashed and stored a million keys and took most of the check.
private struct FirstRows {
    /// Per slot: the upper half of the key's hash, and row + 1 in the lower half (0: empty), so
    /// a probe reads a case only when the hashes agree.
    private var slots: [UInt64]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Records `row` as the first with its key and returns nil, or returns the row that has it.
    mutating func insert(_ row: Int, in cases: UnsafeBufferPointer<Case>) -> Int? {
        let practice = cases[row].practiceID, number = cases[row].caseID
        let h = Self.hash(practice, number), tag = h & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 {
                slots[slot] = tag | UInt64(row + 1)
                return nil
            }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
                let other = Int(stored & 0xFFFF_FFFF) - 1
                if cases[other].caseID == number && cases[other].practiceID == practice { return other }
            }
            slot = (slot + 1) & mask
        }
    }

    /// FNV-1a over both keys' bytes (a separator between them), mixed so all bits spread.
    private static func hash(_ a: String, _ b: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in a.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h = (h ^ 0x1F) &* 0x100_0000_01b3
        for byte in b.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return h
    }
}


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
    let parsed = parallelMap(caseFiles.map { CaseFile(path: $0.path, bytes: $0.bytes) }) { f -> ([(case: Case, valid: Bool)], Diagnostics) in
        var fd = Diagnostics()
        let rows = parseCases(f.path, f.bytes, &fd)
        return (rows, fd)
    }
    // One file (a million rows) is taken as it is; several are joined once, without regrowing.
    var rows: [(case: Case, valid: Bool)] = parsed.count == 1 ? parsed[0].0 : []
    if parsed.count > 1 {
        rows.reserveCapacity(parsed.reduce(0) { $0 + $1.0.count })
        for (fileRows, _) in parsed { rows.append(contentsOf: fileRows) }
    }
    for (_, fd) in parsed { d.append(contentsOf: fd) }

    let costRows = raw.file("data/costs.csv").map { parseCosts("data/costs.csv", $0, &d) } ?? []
    if raw.file("data/costs.csv") == nil { d.warning("data/costs.csv", "missing; costs and savings will show as unknown") }
    let referrals = raw.file("data/referrals.csv").map { parseReferrals("data/referrals.csv", $0, &d) } ?? []
    let population = raw.file("data/population.csv").map { parsePopulation("data/population.csv", $0, &d) } ?? []

    var narratives: [Narrative] = []
    for f in raw.files(under: "narrative", ext: "md") {
        if let n = parseNarrative(f.path, f.bytes, periods: periods, &d) { narratives.append(n) }
    }

    let cases = checkCases(rows, practices: practices, periods: periods, &d)
    let costs = resolveCosts(costRows, practices: practices, &d)
    checkReferrals(referrals, practices: practices, &d)

    var quality = DataQuality(rowsRead: rows.count, rowsUsed: cases.count)
    if skipInvalid {
        (d, quality.skipped) = leaveOutInvalidRows(d)
    }
    guard let config else { return (nil, d) }
    var project = Project(config: config, practices: practices, cases: cases, costs: costs, referrals: referrals,
                          population: population, narratives: narratives)
    project.quality = quality
    return (project, d)
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

/// Cross-file checks on cases: known practice, unique key, plausible dates.
private func checkCases(_ rows: [(case: Case, valid: Bool)], practices: [Practice], periods: [Period], _ d: inout Diagnostics) -> [Case] {
    let byID = Dictionary(practices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let lastDay = periods.map(\.end).max()
    // Keyed by practice and case number without joining them into one string per row.
    struct CaseKey: Hashable { let practice: String, caseNumber: String }
    var firstSeen: [CaseKey: Origin] = [:]
    firstSeen.reserveCapacity(rows.count)
    var kept: [Case] = []
    kept.reserveCapacity(rows.count)
    for (c, valid) in rows {
        let file = c.origin.file, line = c.origin.line
        let errorsBefore = d.errorCount
        guard let practice = byID[c.practiceID] else {
            if !practices.isEmpty && !c.practiceID.isEmpty {
                d.error(file, line: line, column: "practice_id", value: c.practiceID, "practice not in data/practices.csv; add it there or correct the code")
            }
            continue
        }
        let key = CaseKey(practice: c.practiceID, caseNumber: c.caseID)
        if c.caseID.isEmpty { continue }
        if let first = firstSeen[key] {
            if first.file == file {
                d.error(file, line: line, column: "case_id", value: c.caseID, "case number used twice in practice \(c.practiceID) (also on line \(first.line)); give each youngster one row per trajectory")
                continue
            }
            d.warning(file, line: line, column: "case_id", value: c.caseID, "same case number in practice \(c.practiceID) as \(first.file):\(first.line); counted as two cases (two POH-J may number alike)")
        } else {
            firstSeen[key] = c.origin
        }
        if let lastDay {
            func checkNotAfterLastPeriod(_ column: String, _ day: Day?) {
                if let day, day > lastDay {
                    d.error(file, line: line, column: column, value: day.iso, "lies after the last period (ends \(lastDay.iso)); check the year")
                }
            }
            checkNotAfterLastPeriod("first_consult", c.firstConsult)
            checkNotAfterLastPeriod("end_date", c.endDate)
            checkNotAfterLastPeriod("gp_referral_date", c.gpReferralDate)
        }
        // Dates of a row that failed to parse are placeholders; only its key is checked.
        guard valid else { continue }
        if let joined = practice.joined, c.firstConsult < joined {
            d.error(file, line: line, column: "first_consult", value: c.firstConsult.iso, "before the POH-J started in practice \(practice.id) (\(joined.iso)); check the date or the practice's start")
        }
        if let ref = c.gpReferralDate, ref > c.firstConsult {
            d.warning(file, line: line, column: "gp_referral_date", value: ref.iso, "GP referral after the first consult; left out of waiting time")
        }
        if d.errorCount == errorsBefore { kept.append(c) }
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

import Foundation

/// What a frozen period published, read back from its archive copy: period id → scope → count
/// id → shown value (nil when hidden). A published period never changes, so the audit of the
/// other periods must start from what readers already have, not from a fresh protection of it:
/// a period published when fewer periods existed was protected against fewer relations.
typealias FrozenCounts = [String: VersionCounts]

/// One published version's counts: scope → count id → shown value (nil when hidden).
typealias VersionCounts = [Scope: [String: Int?]]

/// The count of known outcomes as the published period showed it. No page or download shows it
/// as a count; readers have it through the shares over it (avoided or to second line): the
/// numerator ÷ its shown share, when one is shown with a numerator above 0. Or through the new
/// cases, when the unknown interventions are shown as 0 (a shown 0 is exact): then the two are
/// one quantity, shown alike. Otherwise it is hidden. Left out of the frozen counts, the audit
/// protected it afresh: after `pohj publish` the next build showed it where the published period
/// hides it (a false "would change", and warnings about counts that are not given away), or
/// could hide one readers have.
func knownOutcome(_ counts: [String: Int?], _ shownShares: [String: Decimal]) -> Int? {
    for member in Distributions.knownOutcomes {
        guard let n = counts[member] ?? nil, n > 0, let share = shownShares[member + ".share"], share > 0 else { continue }
        var quotient = Decimal(n) / share, known = Decimal()
        NSDecimalRound(&known, &quotient, 0, .plain)
        return NSDecimalNumber(decimal: known).intValue
    }
    if counts["mix.unknown"] == .some(0), let new = counts["cases.new"] ?? nil { return new }
    return nil
}

func frozenCounts(_ archives: [FrozenPeriod], periods: [Period], except restated: Period? = nil) -> FrozenCounts {
    var out: FrozenCounts = [:]
    for period in periods where period.id != restated?.id {
        guard let archive = archives.first(where: { $0.folder == period.id }), let counts = publishedCounts(archive, period: period) else { continue }
        out[period.id] = counts
    }
    return out
}

/// The counts of each published version of `restated` (the one being corrected, and those its
/// manifest keeps from earlier corrections): they stay online beside the correction.
func previousVersionCounts(_ archives: [FrozenPeriod], of restated: Period) -> [VersionCounts] {
    guard let current = archives.first(where: { $0.folder == restated.id }) else { return [] }
    let folders = Set([current.folder] + current.manifest.previousVersions)
    return archives.filter { folders.contains($0.folder) }.compactMap { publishedCounts($0, period: restated) }
}

/// One published version's counts, read from its `data/<period>/indicators.csv`.
func publishedCounts(_ archive: FrozenPeriod, period: Period) -> VersionCounts? {
    let outcomeShareIDs = Set(Distributions.knownOutcomes.map { $0 + ".share" })
    let posix = Locale(identifier: "en_US_POSIX")
    guard let file = archive.files.first(where: { $0.path == "data/\(period.id)/indicators.csv" }),
          let text = decodeText(file.bytes), let table = try? parseCSV(text: text, file: file.path) else { return nil }
    let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    guard let type = column["scope_type"], let scopeID = column["scope_id"], let indicator = column["indicator"],
          let value = column["value"], let unit = column["unit"], let status = column["status"] else { return nil }
    var scopes: VersionCounts = [:]
    var outcomeShares: [Scope: [String: Decimal]] = [:]   // shown shares of the known outcomes
    for r in table.records where r.fields.count == table.header.count {
        // Counts, and the shares the count of known outcomes is read from; no other row.
        let isCount = r.fields[unit] == "count"
        let isOutcomeShare = !isCount && r.fields[unit] == "share" && outcomeShareIDs.contains(r.fields[indicator])
        guard isCount || isOutcomeShare else { continue }
        let id = Downloads.unneutralised(r.fields[scopeID])
        let scope: Scope
        switch r.fields[type] {
        case "region": scope = .region
        case "municipality": scope = .municipality(id)
        case "practice": scope = .practice(id)
        default: continue
        }
        if isOutcomeShare {
            if r.fields[status] != "suppressed", let share = Decimal(string: r.fields[value], locale: posix) {
                outcomeShares[scope, default: [:]][r.fields[indicator]] = share
            }
            continue
        }
        // Distribution and group counts are published as `<id>.count`; case counts as themselves.
        var countID = r.fields[indicator]
        if countID.hasSuffix(".count") { countID.removeLast(".count".count) }
        scopes[scope, default: [:]][countID] = r.fields[status] == "suppressed" ? .some(nil) : .some(Int(r.fields[value]))
    }
    for scope in Array(scopes.keys) where scopes[scope]?["outcome.known"] == nil {
        scopes[scope]!["outcome.known"] = .some(knownOutcome(scopes[scope]!, outcomeShares[scope] ?? [:]))
    }
    return scopes
}

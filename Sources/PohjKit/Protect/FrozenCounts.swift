import Foundation

/// What a frozen period published, read back from its archive copy: period id → scope → count
/// id → shown value (nil when hidden). A published period never changes, so the audit of the
/// other periods must start from what readers already have, not from a fresh protection of it:
/// a period published when fewer periods existed was protected against fewer relations.
typealias FrozenCounts = [String: [Scope: [String: Int?]]]

func frozenCounts(_ archives: [FrozenPeriod], periods: [Period], except restated: Period? = nil) -> FrozenCounts {
    var out: FrozenCounts = [:]
    for period in periods where period.id != restated?.id {
        guard let archive = archives.first(where: { $0.folder == period.id }),
              let file = archive.files.first(where: { $0.path == "data/\(period.id)/indicators.csv" }),
              let text = decodeText(file.bytes), let table = try? parseCSV(text: text, file: file.path) else { continue }
        let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        guard let type = column["scope_type"], let scopeID = column["scope_id"], let indicator = column["indicator"],
              let value = column["value"], let unit = column["unit"], let status = column["status"] else { continue }
        var scopes: [Scope: [String: Int?]] = [:]
        for r in table.records where r.fields.count == table.header.count && r.fields[unit] == "count" {
            let id = Downloads.unneutralised(r.fields[scopeID])
            let scope: Scope
            switch r.fields[type] {
            case "region": scope = .region
            case "municipality": scope = .municipality(id)
            case "practice": scope = .practice(id)
            default: continue
            }
            // Distribution and group counts are published as `<id>.count`; case counts as themselves.
            var countID = r.fields[indicator]
            if countID.hasSuffix(".count") { countID.removeLast(".count".count) }
            scopes[scope, default: [:]][countID] = r.fields[status] == "suppressed" ? .some(nil) : .some(Int(r.fields[value]))
        }
        out[period.id] = scopes
    }
    return out
}

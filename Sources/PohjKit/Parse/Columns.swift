import Foundation

/// A column a data file may have: its canonical name, the Dutch headers users write, and
/// whether a file without it is unusable.
public struct ColumnSpec: Sendable {
    public var name: String
    public var headers: [String]
    public var required: Bool
    /// Free-text columns are recognised so they are not reported as unknown, and never read.
    public var ignored: Bool

    public init(_ name: String, _ headers: [String], required: Bool = false, ignored: Bool = false) {
        self.name = name
        self.headers = headers
        self.required = required
        self.ignored = ignored
    }
}

/// Maps a CSV header onto column specs and reads typed values from records, recording a
/// diagnostic (file, line, column, value, what was expected) for every bad cell.
struct ColumnMap {
    let file: String
    private var index: [String: Int] = [:]

    /// Returns nil when a required column is missing (the file cannot be read at all).
    init?(table: CSVTable, specs: [ColumnSpec], diagnostics: inout Diagnostics) {
        file = table.file
        var byKey: [String: ColumnSpec] = [:]
        for spec in specs {
            byKey[normalizedKey(spec.name)] = spec
            for h in spec.headers { byKey[normalizedKey(h)] = spec }
        }
        for (i, raw) in table.header.enumerated() {
            let key = normalizedKey(raw)
            // The monitoring form numbers its fields (`n6 Datum eerste consult`): drop the number.
            let unnumbered = key.replacingOccurrences(of: #"^n\d+[a-z]? "#, with: "", options: .regularExpression)
            guard let spec = byKey[key] ?? byKey[unnumbered] else {
                if !key.isEmpty {
                    diagnostics.warning(file, line: 1, column: raw, "unknown column, ignored")
                }
                continue
            }
            if spec.ignored { continue }
            if index[spec.name] != nil {
                diagnostics.error(file, line: 1, column: raw, "column '\(spec.name)' appears twice; remove one of them")
                continue
            }
            index[spec.name] = i
        }
        var ok = true
        for spec in specs where spec.required && index[spec.name] == nil {
            diagnostics.error(file, line: 1, column: spec.name,
                              "required column missing; expected a header '\(spec.headers.first ?? spec.name)' (or '\(spec.name)'). The file uses \(table.delimiterName) as delimiter")
            ok = false
        }
        if !ok { return nil }
    }

    func has(_ column: String) -> Bool { index[column] != nil }

    func text(_ record: CSVTable.Record, _ column: String) -> String {
        guard let i = index[column], i < record.fields.count else { return "" }
        let raw = record.fields[i]
        // Most cells have nothing to trim; skip Foundation's trimming for them.
        guard let first = raw.unicodeScalars.first, let last = raw.unicodeScalars.last else { return raw }
        if !CharacterSet.whitespacesAndNewlines.contains(first) && !CharacterSet.whitespacesAndNewlines.contains(last) { return raw }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func required(_ record: CSVTable.Record, _ column: String, _ d: inout Diagnostics) -> String? {
        let v = text(record, column)
        if v.isEmpty {
            d.error(file, line: record.line, column: column, "value missing; this column must be filled")
            return nil
        }
        return v
    }

    func code<C: FormCode>(_ record: CSVTable.Record, _ column: String, _ labels: LabelIndex<C>, _ d: inout Diagnostics) -> C? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let c = labels.code(for: v) { return c }
        d.error(file, line: record.line, column: column, value: v,
                "unknown label; did you mean \(labels.suggestion(for: v))? Allowed: \(LabelIndex<C>.allowed)")
        return nil
    }

    func date(_ record: CSVTable.Record, _ column: String, _ d: inout Diagnostics) -> Day? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let day = DutchValues.date(v) { return day }
        d.error(file, line: record.line, column: column, value: v,
                "not a valid date; write it as dd-mm-jjjj (31-12-2020) or jjjj-mm-dd")
        return nil
    }

    func integer(_ record: CSVTable.Record, _ column: String, _ d: inout Diagnostics) -> Int? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let n = DutchValues.integer(v) { return n }
        d.error(file, line: record.line, column: column, value: v, "not a whole number")
        return nil
    }

    func decimal(_ record: CSVTable.Record, _ column: String, _ d: inout Diagnostics) -> Decimal? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let n = DutchValues.decimal(v) { return n }
        d.error(file, line: record.line, column: column, value: v, "not a number; write amounts like 1234,56 or 1.234,56")
        return nil
    }
}

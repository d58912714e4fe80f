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
    init?(file: String, header: [String], delimiterName: String, specs: [ColumnSpec], diagnostics: inout Diagnostics) {
        self.file = file
        let named = columnSpecs(header, specs)
        for (i, raw) in header.enumerated() {
            guard let spec = named[i] else {
                if !normalizedKey(raw).isEmpty {
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
                              "required column missing; expected a header '\(spec.headers.first ?? spec.name)' (or '\(spec.name)'). The file uses \(delimiterName) as delimiter")
            ok = false
        }
        if !ok { return nil }
    }

    /// A column resolved once per file, so reading a cell is an array access (parsing a million
    /// rows looked each column name up in a dictionary 16 million times).
    struct Column {
        let name: String
        let index: Int?
    }

    subscript(_ name: String) -> Column { Column(name: name, index: index[name]) }

    func has(_ column: String) -> Bool { index[column] != nil }

    func text(_ record: CSVTable.Record, _ column: Column) -> String {
        guard let i = column.index, i < record.fields.count else { return "" }
        let raw = record.fields[i]
        // Most cells have nothing to trim: look at the first and last byte before asking Foundation.
        // (Through contiguous storage: `utf8.last` walked the view generically, 5% of a check.)
        let trimmable = raw.utf8.withContiguousStorageIfAvailable { b in
            b.isEmpty ? false : mayBeWhitespace(b[0]) || mayBeWhitespace(b[b.count - 1])
        } ?? true
        if !trimmable { return raw }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func required(_ record: CSVTable.Record, _ column: Column, _ d: inout Diagnostics) -> String? {
        let v = text(record, column)
        if v.isEmpty {
            d.error(file, line: record.line, column: column.name, "value missing; this column must be filled")
            return nil
        }
        return v
    }

    func code<C: FormCode>(_ record: CSVTable.Record, _ column: Column, _ labels: LabelIndex<C>, _ d: inout Diagnostics) -> C? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let c = labels.code(for: v) { return c }
        d.error(file, line: record.line, column: column.name, value: v,
                "unknown label; did you mean \(labels.suggestion(for: v))? Allowed: \(LabelIndex<C>.allowed)")
        return nil
    }

    func date(_ record: CSVTable.Record, _ column: Column, _ d: inout Diagnostics) -> Day? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let day = DutchValues.date(v) { return day }
        d.error(file, line: record.line, column: column.name, value: v,
                "not a valid date; write it as dd-mm-jjjj (31-12-2020) or jjjj-mm-dd")
        return nil
    }

    func integer(_ record: CSVTable.Record, _ column: Column, _ d: inout Diagnostics) -> Int? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let n = DutchValues.integer(v) { return n }
        d.error(file, line: record.line, column: column.name, value: v, "not a whole number")
        return nil
    }

    func decimal(_ record: CSVTable.Record, _ column: Column, _ d: inout Diagnostics) -> Decimal? {
        let v = text(record, column)
        if v.isEmpty { return nil }
        if let n = DutchValues.decimal(v) { return n }
        d.error(file, line: record.line, column: column.name, value: v, "not a number; write amounts like 1234,56 or 1.234,56")
        return nil
    }

    // The small files (practices, costs, referrals, population) name their columns inline.
    func text(_ r: CSVTable.Record, _ name: String) -> String { text(r, self[name]) }
    func required(_ r: CSVTable.Record, _ name: String, _ d: inout Diagnostics) -> String? { required(r, self[name], &d) }
    func code<C: FormCode>(_ r: CSVTable.Record, _ name: String, _ labels: LabelIndex<C>, _ d: inout Diagnostics) -> C? { code(r, self[name], labels, &d) }
    func date(_ r: CSVTable.Record, _ name: String, _ d: inout Diagnostics) -> Day? { date(r, self[name], &d) }
    func integer(_ r: CSVTable.Record, _ name: String, _ d: inout Diagnostics) -> Int? { integer(r, self[name], &d) }
    func decimal(_ r: CSVTable.Record, _ name: String, _ d: inout Diagnostics) -> Decimal? { decimal(r, self[name], &d) }
}

/// Columns of a header that no spec reads: free text (recognised, never read) and unknown
/// columns. Their cells are not even made into text (`parseCSV`).
func columnsNeverRead(_ header: [String], _ specs: [ColumnSpec]) -> Set<Int> {
    let named = columnSpecs(header, specs)
    return Set(named.indices.filter { named[$0]?.ignored ?? true })
}

/// The spec each header cell names (nil for an unknown column), with or without the form's
/// field number (`n6 Datum eerste consult`).
private func columnSpecs(_ header: [String], _ specs: [ColumnSpec]) -> [ColumnSpec?] {
    let byKey = keyedSpecs[specs.map(\.name).joined(separator: ",")] ?? headerKeys(specs)
    return header.map { raw in
        let key = normalizedKey(raw)
        return byKey[key] ?? byKey[withoutFieldNumber(key)]
    }
}

/// The normalised headers and canonical names of a file's columns.
private func headerKeys(_ specs: [ColumnSpec]) -> [String: ColumnSpec] {
    var byKey: [String: ColumnSpec] = [:]
    for spec in specs {
        byKey[normalizedKey(spec.name)] = spec
        for h in spec.headers { byKey[normalizedKey(h)] = spec }
    }
    return byKey
}

/// The header keys of each kind of data file, normalised once per run rather than per file
/// (350 case files spent a tenth of their parsing on it).
private let keyedSpecs: [String: [String: ColumnSpec]] = Dictionary(
    [Columns.cases, Columns.practices, Columns.costs, Columns.referrals, Columns.population].map { ($0.map(\.name).joined(separator: ","), headerKeys($0)) },
    uniquingKeysWith: { a, _ in a })

/// The monitoring form numbers its fields (`n6 Datum eerste consult`, `n7b …`): the header without
/// that number, or the key unchanged.
func withoutFieldNumber(_ key: String) -> String {
    let b = Array(key.utf8)
    guard b.first == UInt8(ascii: "n") else { return key }
    var i = 1
    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
    guard i > 1 else { return key }
    if i < b.count, b[i] >= UInt8(ascii: "a"), b[i] <= UInt8(ascii: "z") { i += 1 }
    guard i < b.count, b[i] == 0x20 else { return key }
    return String(decoding: b[(i + 1)...], as: UTF8.self)
}

/// ASCII whitespace, or the first byte of a non-ASCII character (which may be a no-break or
/// other Unicode space): only those cells go through Foundation's trimming.
@inline(__always)
private func mayBeWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte >= 0x80
}

import Foundation

/// Machine-readable renderings of indicator tables: the open-data downloads (DOMAIN.md §7.4)
/// and the JSON of `pohj indicators` (§7.2). Numbers use a decimal point and full precision.
public enum Downloads {
    /// A decimal as a JSON/CSV number: at most 10 fraction digits, no exponent, no trailing zeros.
    public static func plain(_ d: Decimal) -> String {
        if #available(macOS 15, *), let parts = DecimalParts(d), let text = plain(parts) { return text }
        // Decimal's own description (no bridging to NSDecimalNumber): the downloads hold millions.
        let s = d.rounded(10).description
        return s == "-0" ? "0" : s
    }

    /// `plain` by integer arithmetic on the decimal's parts (`DecimalParts`).
    @available(macOS 15, *)
    static func plain(_ parts: DecimalParts) -> String? {
        var out: [UInt8] = []
        if parts.exponent >= 0 {
            // Past 10²⁰ Decimal's own text is the reference; no figure comes near.
            guard parts.exponent <= 20 else { return nil }
            if parts.negative && parts.significand != 0 { out.append(UInt8(ascii: "-")) }
            out += decimalDigits(parts.significand)
            if parts.significand != 0 { out += repeatElement(UInt8(ascii: "0"), count: parts.exponent) }
            return String(decoding: out, as: UTF8.self)
        }
        let places = min(-parts.exponent, 10)
        guard let n = parts.scaledMagnitude(decimals: places) else { return nil }
        let digits = decimalDigits(n, minimum: places + 1)
        let whole = digits.count - places
        var end = digits.count
        while end > whole && digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
        if parts.negative && n != 0 { out.append(UInt8(ascii: "-")) }
        out += digits[..<whole]
        if end > whole {
            out.append(UInt8(ascii: "."))
            out += digits[whole..<end]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `plain` through NSDecimalNumber, as it was written first: the reference in the tests.
    static func plainByFoundation(_ d: Decimal) -> String {
        if d.isFinite, d == d.rounded(0), abs(d) < 1_000_000_000_000 { return String(NSDecimalNumber(decimal: d).int64Value) }
        let s = NSDecimalNumber(decimal: d.rounded(10)).stringValue
        return s == "-0" ? "0" : s
    }

    static func jsonValue(_ v: IndicatorValue) -> String {
        switch v {
        case .count(let n): return String(n)
        case .share(let d), .money(let d), .number(let d): return plain(d)
        case .moneyRange(let l, let h), .numberRange(let l, let h): return "{\"low\": \(plain(l)), \"high\": \(plain(h))}"
        case .notApplicable, .suppressed: return "null"
        }
    }

    /// JSON string literal with everything outside printable ASCII escaped, so the text stays
    /// inert wherever the file is embedded.
    public static func jsonString(_ s: String) -> String {
        // Ids and codes are plain ASCII: nothing to escape.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C && $0 != 0x3C && $0 != 0x3E && $0 != 0x26 && $0 != 0x27 }) {
            return "\"" + s + "\""
        }
        var out = "\""
        for u in s.unicodeScalars where !isBidiControl(u) {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "'": out += String(format: "\\u%04x", u.value)
            default:
                if u.value < 0x20 || u.value > 0x7E {
                    if u.value > 0xFFFF {
                        let v = u.value - 0x10000
                        out += String(format: "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                    } else {
                        out += String(format: "\\u%04x", u.value)
                    }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// `pohj indicators --format json`: periods → scopes → indicator id → value.
    public static func indicatorsJSON(_ entries: [IndicatorTable.Entry]) -> String {
        var periods: [(Period, [IndicatorTable.Entry])] = []
        for e in entries {
            if let i = periods.firstIndex(where: { $0.0.id == e.period.id }) { periods[i].1.append(e) } else { periods.append((e.period, [e])) }
        }
        var out = "{\"periods\": [\n"
        out += periods.map { period, scopes in
            "  {\"id\": \(jsonString(period.id)), \"label\": \(jsonString(period.label)), \"start\": \"\(period.start.iso)\", \"end\": \"\(period.end.iso)\",\n   \"scopes\": [\n"
                + scopes.map { e in
                    "    {\"type\": \"\(e.scope.type)\", \"id\": \(jsonString(e.scope.id)), \"indicators\": {\n"
                        + e.indicators.list.map { "      \(jsonString($0.id)): \(jsonValue($0.value))" }.joined(separator: ",\n")
                        + "}}"
                }.joined(separator: ",\n") + "]}"
        }.joined(separator: ",\n")
        return out + "]}\n"
    }

    /// A CSV text cell: quoted when needed, and a leading `= + - @` (or tab/CR) neutralised with
    /// an apostrophe so a spreadsheet shows it as text instead of running it as a formula.
    public static func csvCell(_ s: String) -> String {
        if let first = s.utf8.first, first != 0x3D, first != 0x2B, first != 0x2D, first != 0x40,
           s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x2C && $0 != 0x22 && $0 != 0x3B }) {
            return s
        }
        var v = withoutBidiControls(s)
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        // By bytes, not Characters: a quote with a combining mark, or CR LF, is one Character
        // that equals neither a quote nor a line end, and would have been left unquoted.
        if v.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == 0x3B }) {
            v = "\"" + String(decoding: v.utf8.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] }, as: UTF8.self) + "\""
        }
        return v
    }

    /// A cell as `csvCell` wrote it, back to the text (the apostrophe before a formula sign
    /// dropped); for reading a frozen period's downloads.
    static func unneutralised(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.unicodeScalars.dropFirst().first, "=+-@\t\r".unicodeScalars.contains(second) else { return cell }
        return String(cell.dropFirst())
    }

    public static let csvHeader = "period,scope_type,scope_id,indicator,value,low,high,unit,status"

    /// `data/<period>/indicators.csv`: one row per scope × indicator, protected values.
    public static func indicatorsCSV(_ entries: [IndicatorTable.Entry]) -> String { String(decoding: indicatorFiles(entries).csv, as: UTF8.self) }

    /// `data/<period>/indicators.json`: the same rows as objects.
    public static func indicatorsRowsJSON(_ entries: [IndicatorTable.Entry]) -> String { String(decoding: indicatorFiles(entries).json, as: UTF8.self) }

    /// Both downloads, whole (tests, `pohj indicators`, a published period's comparison copy).
    public static func indicatorFiles(_ entries: [IndicatorTable.Entry]) -> (csv: [UInt8], json: [UInt8]) {
        var files: [[UInt8]] = [[], []]
        writeIndicatorFiles(entries) { file, bytes in files[file] += bytes }
        return (files[0], files[1])
    }

    /// Both downloads in one pass, handed to `emit` in pieces of about `piece` bytes (file 0 the
    /// CSV, 1 the JSON): a national period's are 300 MB, which a build writes as they are made
    /// instead of holding them (and faulting in their pages) whole. Each number is formatted
    /// once, each scope's cells once, and the bytes are appended in place.
    static func writeIndicatorFiles(_ entries: [IndicatorTable.Entry], piece: Int = 1 << 20,
                                    _ emit: (_ file: Int, _ bytes: [UInt8]) throws -> Void) rethrows {
        var csv: [UInt8] = [], json: [UInt8] = []
        csv.reserveCapacity(piece + (1 << 16))
        json.reserveCapacity(piece + (1 << 16))
        csv.append(utf8: csvHeader + "\r\n")
        json.append(utf8: "[\n")
        var first = true
        // Ids as CSV and JSON bytes up to the value (`id,` and `id, "value": `), made once per
        // list of ids (sets derived alike share one).
        var idBytes: [ObjectIdentifier: (csv: BytePieces, json: BytePieces)] = [:]
        // What follows the value, for each unit and status: the same few bytes ending a million
        // rows, appended in one piece.
        let tails = RowTails()
        for e in entries {
            let csvScope = Array((csvCell(e.period.id) + "," + e.scope.type + "," + csvCell(e.scope.id) + ",").utf8)
            let jsonScope = Array(("  {\"period\": " + jsonString(e.period.id) + ", \"scope_type\": \"" + e.scope.type
                + "\", \"scope_id\": " + jsonString(e.scope.id) + ", \"indicator\": ").utf8)
            let layout = e.indicators.sharedLayout
            let ids = idBytes[ObjectIdentifier(layout)] ?? {
                let made = (csv: BytePieces(layout.ids.map { $0 + "," }), json: BytePieces(layout.ids.map { jsonString($0) + ", \"value\": " }))
                idBytes[ObjectIdentifier(layout)] = made
                return made
            }()
            e.indicators.forEachValue { i, indicatorValue, unit, status in
                let tail = RowTails.slot(unit, status)
                csv += csvScope; ids.csv.append(i, to: &csv)
                if !first { json += [0x2C, 0x0A] }
                first = false
                json += jsonScope; ids.json.append(i, to: &json)
                // The value, or low and high of a range, as CSV/JSON numbers; counts written as digits.
                switch indicatorValue {
                case .count(let n):
                    csv.append(decimal: n); tails.csvAfterValue.append(tail, to: &csv)
                    json.append(decimal: n); tails.jsonAfterValue.append(tail, to: &json)
                case .share(let d), .money(let d), .number(let d):
                    let value = plain(d)
                    csv.append(utf8: value); tails.csvAfterValue.append(tail, to: &csv)
                    json.append(utf8: value); tails.jsonAfterValue.append(tail, to: &json)
                case .moneyRange(let l, let h), .numberRange(let l, let h):
                    let (low, high) = (plain(l), plain(h))
                    csv.append(0x2C); csv.append(utf8: low); csv.append(0x2C); csv.append(utf8: high); tails.csvAfterRange.append(tail, to: &csv)
                    json.append(utf8: "null, \"low\": "); json.append(utf8: low); json.append(utf8: ", \"high\": "); json.append(utf8: high)
                    tails.jsonAfterRange.append(tail, to: &json)
                case .notApplicable, .suppressed:
                    tails.csvAfterValue.append(tail, to: &csv)
                    json.append(utf8: "null"); tails.jsonAfterValue.append(tail, to: &json)
                }
            }
            if csv.count >= piece { try emit(0, csv); csv.removeAll(keepingCapacity: true) }
            if json.count >= piece { try emit(1, json); json.removeAll(keepingCapacity: true) }
        }
        json.append(utf8: "\n]\n")
        try emit(0, csv)
        try emit(1, json)
    }
}

/// The bytes after a download row's value, per unit and status: in the CSV `,low,high,unit,status`
/// and CRLF (low and high empty but for a range), in the JSON the rest of the object.
private struct RowTails {
    /// Indexed by `slot(unit, status)`.
    let csvAfterValue: BytePieces, csvAfterRange: BytePieces, jsonAfterValue: BytePieces, jsonAfterRange: BytePieces

    init() {
        var csvAfterValue: [String] = [], csvAfterRange: [String] = [], jsonAfterValue: [String] = [], jsonAfterRange: [String] = []
        // In the order of `slot`: units outside, statuses inside.
        for unit in Unit.allCases {
            for status in DisclosureStatus.allCases {
                assert(Self.slot(unit, status) == csvAfterValue.count)
                let csv = "," + unit.rawValue + "," + status.rawValue + "\r\n"
                let json = ", \"unit\": \"" + unit.rawValue + "\", \"status\": \"" + status.rawValue + "\"}"
                csvAfterValue.append(",," + csv); csvAfterRange.append(csv)
                jsonAfterValue.append(", \"low\": null, \"high\": null" + json); jsonAfterRange.append(json)
            }
        }
        self.csvAfterValue = BytePieces(csvAfterValue); self.csvAfterRange = BytePieces(csvAfterRange)
        self.jsonAfterValue = BytePieces(jsonAfterValue); self.jsonAfterRange = BytePieces(jsonAfterRange)
    }

    /// A switch, not a hashed lookup: it runs for every row.
    static func slot(_ unit: Unit, _ status: DisclosureStatus) -> Int {
        let u: Int, s: Int
        switch unit {
        case .count: u = 0
        case .share: u = 1
        case .eur: u = 2
        case .hours: u = 3
        case .fte: u = 4
        case .trajectories: u = 5
        case .number: u = 6
        }
        switch status {
        case .exact: s = 0
        case .rounded: s = 1
        case .suppressed: s = 2
        }
        return u * DisclosureStatus.allCases.count + s
    }
}

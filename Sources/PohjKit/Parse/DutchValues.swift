import Foundation

/// Parsers for the values Excel writes in Dutch exports. Each returns nil when the text is not
/// a value of its kind; the caller turns that into a located diagnostic.
public enum DutchValues {
    /// `31-12-2020`, `1-2-2020`, `31/12/2020`, `31.12.2020`, ISO `2020-12-31`.
    public static func date(_ raw: String) -> Day? {
        // Plain ASCII (nearly every cell) is read byte by byte; the same grammar as below.
        var bytes = raw.utf8[...]
        if bytes.allSatisfy({ $0 < 0x80 }) {
            while let f = bytes.first, f == 0x20 || f == 0x09 { bytes = bytes.dropFirst() }
            while let l = bytes.last, l == 0x20 || l == 0x09 { bytes = bytes.dropLast() }
            // Up to three groups of digits between separators, kept in locals (no allocation).
            var value = (0, 0, 0), length = (0, 0, 0), group = 0
            for b in bytes {
                if b >= 0x30 && b <= 0x39 {
                    let digit = Int(b - 0x30)
                    switch group {
                    case 0: value.0 = value.0 * 10 + digit; length.0 += 1
                    case 1: value.1 = value.1 * 10 + digit; length.1 += 1
                    default: value.2 = value.2 * 10 + digit; length.2 += 1
                    }
                    if length.0 > 18 || length.1 > 18 || length.2 > 18 { return nil }
                } else if b == 0x2D || b == 0x2F || b == 0x2E {
                    group += 1
                    if group > 2 { return nil }
                } else {
                    return nil
                }
            }
            if group == 0, length.0 == 5, (20000...80000).contains(value.0) {
                return Day(ordinal: Day(year: 1900, month: 1, day: 1)!.ordinal - 2 + value.0)
            }
            guard group == 2, length.0 > 0, length.1 > 0, length.2 > 0 else { return nil }
            if length.0 == 4 { return Day(year: value.0, month: value.1, day: value.2) }
            guard length.2 == 4 else { return nil }
            return Day(year: value.2, month: value.1, day: value.0)
        }
        return dateByCharacters(raw)
    }

    /// The grammar of `date` on Characters: for text with non-ASCII spaces, and the reference
    /// the byte reader is tested against.
    static func dateByCharacters(_ raw: String) -> Day? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        // Excel serial dates (days since 30-12-1899), as a column formatted as number exports them.
        if s.count == 5, s.allSatisfy({ $0.isASCII && $0.isNumber }), let serial = Int(s), (20000...80000).contains(serial) {
            return Day(ordinal: Day(year: 1900, month: 1, day: 1)!.ordinal - 2 + serial)
        }
        let parts = s.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" || $0 == "." }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let nums = parts.compactMap { Int($0) }
        guard nums.count == 3 else { return nil }
        if parts[0].count == 4 { return Day(year: nums[0], month: nums[1], day: nums[2]) }
        guard parts[2].count == 4 else { return nil }
        return Day(year: nums[2], month: nums[1], day: nums[0])
    }

    /// Decimal comma or point, optional thousands separators and `€`: `1.234,56`, `1234,5`, `81.25`, `€ 100.000`.
    public static func decimal(_ raw: String) -> Decimal? {
        if let d = plainDecimal(raw.utf8) { return d }
        return decimalByCharacters(raw)
    }

    /// The full grammar of `decimal`; also the reference its fast path is tested against.
    static func decimalByCharacters(_ raw: String) -> Decimal? {
        var s = raw.replacingOccurrences(of: "€", with: "")
            .replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: " ", with: "")
        guard !s.isEmpty else { return nil }
        var negative = false
        if s.hasPrefix("-") { negative = true; s.removeFirst() }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        let commas = s.filter { $0 == "," }.count, points = s.filter { $0 == "." }.count
        if commas > 0 && points > 0 {
            // The later separator is the decimal one: `1.234,56` or `1,234.56`.
            let lastComma = s.lastIndex(of: ",")!, lastPoint = s.lastIndex(of: ".")!
            let decimalSep: Character = lastComma > lastPoint ? "," : "."
            let thousands: Character = decimalSep == "," ? "." : ","
            guard s.filter({ $0 == decimalSep }).count == 1 else { return nil }
            s = s.filter { $0 != thousands }.map { $0 == "," ? "." : $0 }.reduce(into: "") { $0.append($1) }
        } else if commas == 1 {
            s = s.replacingOccurrences(of: ",", with: ".")
        } else if commas > 1 || points > 1 {
            // Only thousands separators: `1.234.567`.
            let sep: Character = commas > 1 ? "," : "."
            let groups = s.split(separator: sep, omittingEmptySubsequences: false)
            guard groups.dropFirst().allSatisfy({ $0.count == 3 }), !groups[0].isEmpty else { return nil }
            s = groups.joined()
        } else if points == 1 {
            // `100.000` is a Dutch thousand; `81.25` a decimal point.
            let after = s.split(separator: ".", omittingEmptySubsequences: false)[1]
            if after.count == 3 && !s.hasPrefix("0.") { s = s.replacingOccurrences(of: ".", with: "") }
        }
        guard let d = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return negative ? -d : d
    }

    /// A whole number, tolerating `12,0` as Excel sometimes writes it.
    public static func integer(_ raw: String) -> Int? {
        // Plain digits (nearly every cell) without Foundation.
        if let n = asciiDigits(raw.utf8) { return n }
        let s = raw.trimmingCharacters(in: .whitespaces)
        if let n = Int(s) { return n }
        // Beyond ±10^18 the conversion to Int would wrap around silently.
        guard let d = decimal(s), d == d.rounded(0), abs(d) < Decimal(sign: .plus, exponent: 18, significand: 1) else { return nil }
        return NSDecimalNumber(decimal: d).intValue
    }
}

/// `1234` or `1234,56` (digits, at most one decimal comma): the common case, read without
/// Foundation. Anything else (points, spaces, `€`, signs) goes through the full grammar.
private func plainDecimal(_ raw: String.UTF8View) -> Decimal? {
    guard !raw.isEmpty, raw.count <= 18 else { return nil }
    var significand: UInt64 = 0, fractionDigits = 0, digits = 0, comma = false
    for b in raw {
        if b >= 0x30 && b <= 0x39 {
            significand = significand * 10 + UInt64(b - 0x30)
            digits += 1
            if comma { fractionDigits += 1 }
        } else if b == UInt8(ascii: ",") && !comma {
            comma = true
        } else {
            return nil
        }
    }
    guard digits > 0, !(comma && fractionDigits == 0), raw.first != UInt8(ascii: ",") else { return nil }
    return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(significand))
}

/// `raw` as a whole number when it is only ASCII digits (at most 18, so it cannot overflow), else nil.
@inline(__always)
private func asciiDigits(_ raw: String.UTF8View) -> Int? {
    guard !raw.isEmpty, raw.count <= 18 else { return nil }
    var n = 0
    for b in raw {
        guard b >= 0x30 && b <= 0x39 else { return nil }
        n = n * 10 + Int(b - 0x30)
    }
    return n
}

extension Decimal {
    /// Rounded half up (away from zero) to `scale` fraction digits.
    public func rounded(_ scale: Int) -> Decimal {
        var input = self, result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }
}

/// Normalises header names and labels so `Datum eerste consult`, `datum  eerste-consult` and
/// `DATUM EERSTE CONSULT` compare equal.
public func normalizedKey(_ s: String) -> String {
    let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        .replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "—", with: "-")
    var out = ""
    var lastSpace = true
    for ch in folded {
        if ch.isLetter || ch.isNumber || "<>+-/(),.&".contains(ch) {
            out.append(ch)
            lastSpace = false
        } else if !lastSpace {
            out.append(" ")
            lastSpace = true
        }
    }
    return out.trimmingCharacters(in: .whitespaces)
        .replacingOccurrences(of: " - ", with: "-").replacingOccurrences(of: " / ", with: "/")
}

/// Looks up a form label or canonical code for one vocabulary.
public struct LabelIndex<Code: FormCode>: Sendable {
    private let byKey: [String: Code]
    /// Labels exactly as the form writes them (and in lower and upper case): the common case,
    /// looked up without normalising, which profiling showed to dominate parsing. Ten labels a
    /// row, a million rows: bucketed by length and end bytes instead of hashed (`bucket`).
    private let exact: [[(label: String, code: Code)]]
    public init() {
        var map: [String: Code] = [:], exact = [[(label: String, code: Code)]](repeating: [], count: 256)
        func addExact(_ label: String, _ code: Code) {
            let b = Self.bucket(label)
            if !exact[b].contains(where: { $0.label == label }) { exact[b].append((label, code)) }
        }
        for code in Code.allCases {
            map[normalizedKey(code.rawValue)] = code
            addExact(code.rawValue, code)
            for label in code.labels {
                map[normalizedKey(label)] = code
                for variant in [label, label.lowercased(), label.uppercased()] { addExact(variant, code) }
            }
        }
        byKey = map
        self.exact = exact
    }
    public func code(for raw: String) -> Code? {
        for entry in exact[Self.bucket(raw)] where entry.label == raw { return entry.code }
        return byKey[normalizedKey(raw)]
    }

    private static func bucket(_ s: String) -> Int {
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return 0 }
        return (u.count &* 31 ^ Int(first) &* 7 ^ Int(last)) & 255
    }

    /// The closest known label, for "did you mean" hints.
    public func suggestion(for raw: String) -> String {
        let key = normalizedKey(raw)
        let candidates = Code.allCases.flatMap { code in ([code.label, code.rawValue]).map { (code, $0) } }
        let best = candidates.min { editDistance(key, normalizedKey($0.1)) < editDistance(key, normalizedKey($1.1)) }
        return best.map { "'\($0.0.label)' (\($0.0.rawValue))" } ?? ""
    }

    public static var allowed: String { Code.allCases.map { "'\($0.label)'" }.joined(separator: ", ") }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

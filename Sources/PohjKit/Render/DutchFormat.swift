import Foundation

/// The one place numbers, money and dates become Dutch text (DOMAIN.md §6): `€ 1.263.977`,
/// `53,4%`, `1 januari 2024`. Written by hand on `Decimal` rather than through Foundation's
/// locale data, so the output is the same on every machine and rounding is half up, exactly once.
public enum DutchFormat {
    static let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                         "september", "oktober", "november", "december"]
    /// No-break space between `€` and the amount, and in `1 januari 2024` style dates.
    static let nbsp = "\u{00A0}"

    /// `1.234.567` or `1.234,5` with exactly `decimals` fraction digits, rounded half up.
    public static func number(_ value: Decimal, decimals: Int = 0) -> String {
        if #available(macOS 15, *), let parts = DecimalParts(value), let text = layout(parts, decimals: decimals) { return text }
        // Rounded once, then laid out from the decimal's own digits (pages show hundreds of
        // thousands of numbers; scaling and bridging to NSDecimalNumber cost more than the rest).
        let rounded = value.rounded(decimals)
        let text = rounded.description
        if decimals >= 0, let layout = layoutDigits(text, decimals: decimals) { return layout }
        return numberByArithmetic(rounded, decimals: decimals)
    }

    /// `number` by integer arithmetic on the decimal's parts (`DecimalParts`); nil when the
    /// rounded value does not fit in 128 bits.
    @available(macOS 15, *)
    static func layout(_ parts: DecimalParts, decimals: Int) -> String? {
        guard decimals >= 0, let n = parts.scaledMagnitude(decimals: decimals) else { return nil }
        let digits = decimalDigits(n, minimum: decimals + 1)
        let whole = digits.count - decimals
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + whole / 3 + 4)
        if parts.negative && n != 0 { out += "−".utf8 }
        for i in 0..<whole {
            if i > 0 && (whole - i) % 3 == 0 { out.append(UInt8(ascii: ".")) }
            out.append(digits[i])
        }
        if decimals > 0 {
            out.append(UInt8(ascii: ","))
            out += digits[whole...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `-1234.5` (Decimal's description, at most `decimals` fraction digits) as `−1.234,50`; nil
    /// for any other shape (an exponent, more digits), which the arithmetic path handles.
    private static func layoutDigits(_ text: String, decimals: Int) -> String? {
        var bytes = Array(text.utf8)[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        guard !whole.isEmpty, fraction.count <= decimals,
              whole.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), fraction.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let grouped = groupThousands(Substring(decoding: whole, as: UTF8.self))
        let fracPart = String(decoding: fraction, as: UTF8.self) + String(repeating: "0", count: decimals - fraction.count)
        let sign = negative && (grouped != "0" || fracPart.contains { $0 != "0" }) ? "−" : ""
        return sign + grouped + (decimals > 0 ? "," + fracPart : "")
    }

    /// `number` by scaling to an integer: the reference the digit layout is tested against.
    static func numberByArithmetic(_ value: Decimal, decimals: Int) -> String {
        let rounded = value.rounded(decimals)
        let negative = rounded < 0
        let magnitude = negative ? -rounded : rounded
        // Scale to an integer string of digits, then place separators.
        var scaled = magnitude
        for _ in 0..<decimals { scaled *= 10 }
        var digits = NSDecimalNumber(decimal: scaled.rounded(0)).stringValue
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        let grouped = groupThousands(digits.dropLast(decimals)), fracPart = String(digits.suffix(decimals))
        let sign = negative && (grouped != "0" || fracPart.contains { $0 != "0" }) ? "−" : ""
        return sign + grouped + (decimals > 0 ? "," + fracPart : "")
    }

    /// `1.234.567`: the same text as `number(Decimal(n))`, without going through Decimal (pages
    /// show thousands of counts).
    public static func count(_ n: Int) -> String { (n < 0 ? "−" : "") + groupThousands(String(n.magnitude)[...]) }

    /// `1234567` → `1.234.567`.
    static func groupThousands(_ digits: Substring) -> String {
        let bytes = Array(digits.utf8)
        var grouped: [UInt8] = []
        grouped.reserveCapacity(bytes.count + bytes.count / 3)
        for (i, d) in bytes.enumerated() {
            if i > 0 && (bytes.count - i) % 3 == 0 { grouped.append(UInt8(ascii: ".")) }
            grouped.append(d)
        }
        return String(decoding: grouped, as: UTF8.self)
    }

    /// `€ 170.820`; with `cents: true` `€ 81,25`; negative `€ −71.838`.
    public static func money(_ value: Decimal, cents: Bool = false) -> String {
        let text = number(value, decimals: cents ? 2 : 0)
        // `€ −71.838`: the sign after the no-break space keeps the amount on one line.
        return "€" + nbsp + text
    }

    /// A fraction 0–1 as a percentage: `0.534` → `53,4%`.
    public static func percent(_ fraction: Decimal, decimals: Int = 1) -> String {
        // × 100 is two places of the exponent, not a Decimal multiplication.
        if #available(macOS 15, *), var parts = DecimalParts(fraction) {
            parts.exponent += 2
            if let text = layout(parts, decimals: decimals) { return text + "%" }
        }
        return number(fraction * 100, decimals: decimals) + "%"
    }

    /// `1 januari 2024`.
    public static func longDate(_ d: Day) -> String { "\(d.day)\(nbsp)\(months[d.month - 1]) \(d.year)" }
    /// `31-12-2020`, as in tables.
    public static func shortDate(_ d: Day) -> String {
        (d.day < 10 ? "0" : "") + "\(d.day)-" + (d.month < 10 ? "0" : "") + "\(d.month)-\(d.year)"
    }
    /// `januari 2020` / `jan` for chart axes.
    public static func monthName(_ d: Day) -> String { "\(months[d.month - 1]) \(d.year)" }
    public static func monthShort(_ d: Day) -> String { ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"][d.month - 1] }

    /// An indicator inside a sentence of narrative: a hidden value reads as words that fit the
    /// sentence ("een niet gepubliceerd aantal jeugdigen"), where a table cell says "geheim".
    public static func inProse(_ ind: Indicator?) -> String {
        guard let ind, case .suppressed = ind.value else { return indicator(ind) }
        switch ind.unit {
        case .count: return "een niet gepubliceerd aantal"
        case .share: return "een niet gepubliceerd deel"
        case .eur: return "een niet gepubliceerd bedrag"
        default: return "een niet gepubliceerde waarde"
        }
    }

    /// A published indicator as a reader sees it; hidden values read as "geheim", like CBS tables.
    public static func indicator(_ ind: Indicator?) -> String {
        guard let ind else { return "–" }
        switch ind.value {
        case .count(let n): return count(n)
        case .share(let d): return percent(d)
        case .money(let d):
            if #available(macOS 15, *), let parts = DecimalParts(d) { return money(d, cents: parts.magnitude(below: 1000) && !parts.isWhole) }
            return money(d, cents: abs(d) < 1000 && d != d.rounded(0))
        case .moneyRange(let l, let h): return money(l) + " – " + money(h)
        case .number(let d):
            switch ind.unit {
            case .hours, .fte, .trajectories: return number(d, decimals: ind.unit == .fte ? 2 : 1)
            default: return number(d, decimals: 2)
            }
        case .numberRange(let l, let h):
            let dec = ind.unit == .fte ? 2 : 1
            return number(l, decimals: dec) + " – " + number(h, decimals: dec)
        case .notApplicable: return "n.v.t."
        case .suppressed: return "geheim"
        }
    }
}

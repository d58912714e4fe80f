import Foundation

/// A `Decimal` as sign, 128-bit significand and power of ten, for the formatters' fast paths.
///
/// Foundation rounds and prints a `Decimal` through arrays of 16-bit words, allocated on every
/// call; a national site formats millions of figures that way (≈ 4 s of CPU, a tenth of the
/// build). A Decimal's significand is at most 38 digits, which fits in 128 bits, so rounding
/// half up and laying out digits is a few integer operations. The parts are read from Decimal's
/// storage, whose layout is not public API: `DecimalParts.layoutHolds` checks it once against
/// values rebuilt through public API, and when it does not hold every caller takes the
/// Foundation path, which gives the same text (the tests compare both on random values).
@available(macOS 15, *)
struct DecimalParts: Equatable {
    var negative: Bool
    var significand: UInt128
    var exponent: Int

    /// The parts of `d`; nil for NaN, or when the layout check failed.
    init?(_ d: Decimal) {
        guard Self.layoutHolds, let parts = Self.read(d) else { return nil }
        self = parts
    }

    private init(negative: Bool, significand: UInt128, exponent: Int) {
        self.negative = negative
        self.significand = significand
        self.exponent = exponent
    }

    /// swift-foundation's storage: byte 0 the exponent (Int8), byte 1 `length << 4 | isNegative
    /// << 3 | isCompact << 2`, two reserved bytes, then eight 16-bit words, least significant first.
    private static func read(_ d: Decimal) -> DecimalParts? {
        guard MemoryLayout<Decimal>.size == 20 else { return nil }
        return withUnsafeBytes(of: d) { raw -> DecimalParts? in
            let exponent = Int(Int8(bitPattern: raw[0]))
            let length = Int(raw[1] >> 4), negative = raw[1] & 0x08 != 0
            if length == 0 { return negative ? nil : DecimalParts(negative: false, significand: 0, exponent: 0) }
            guard length <= 8 else { return nil }
            var significand: UInt128 = 0
            for i in stride(from: length - 1, through: 0, by: -1) {
                significand = significand << 16 | UInt128(raw.loadUnaligned(fromByteOffset: 4 + 2 * i, as: UInt16.self))
            }
            return DecimalParts(negative: negative, significand: significand, exponent: exponent)
        }
    }

    /// The layout assumption, checked once: every probe read back and rebuilt through public
    /// API is the same value.
    static let layoutHolds: Bool = {
        let posix = Locale(identifier: "en_US_POSIX")
        let probes = ["0", "1", "-1", "1.5", "-123.45", "70000", "4294967296", "-281474976710655.5", "18446744073709551615",
                      "0.000000001", "100000000000000000000", "-0.45951903807615230460921843687374749498",
                      "99999999999999999999999999999999999999", "340282366920938463463374607431768211455"]
        for text in probes {
            guard let d = Decimal(string: text, locale: posix), let p = read(d), p.exponent == d.exponent || d == 0,
                  p.rebuilt == d
            else { return false }
        }
        return read(Decimal.nan) == nil
    }()

    /// The same value through public API (Decimal's own arithmetic), for the layout check.
    private var rebuilt: Decimal {
        let word = Decimal(UInt64.max) + 1   // 2⁶⁴
        let magnitude = Decimal(UInt64(significand >> 64)) * word + Decimal(UInt64(truncatingIfNeeded: significand))
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: magnitude)
    }

    /// 10⁰ … 10³⁸ (2¹²⁸ ≈ 3,4·10³⁸).
    static let powersOfTen: [UInt128] = (0...38).map { (0..<$0).reduce(UInt128(1)) { p, _ in p * 10 } }

    /// |value| × 10^`decimals`, rounded half up to an integer; nil when it does not fit in 128 bits.
    func scaledMagnitude(decimals: Int) -> UInt128? {
        let shift = exponent + decimals
        if shift >= 0 {
            guard shift < Self.powersOfTen.count else { return significand == 0 ? 0 : nil }
            let (product, overflow) = significand.multipliedReportingOverflow(by: Self.powersOfTen[shift])
            return overflow ? nil : product
        }
        // A significand below 2¹²⁸ < 5·10³⁸ divided by 10³⁹ or more is below one half: 0.
        guard -shift < Self.powersOfTen.count else { return 0 }
        let divisor = Self.powersOfTen[-shift]
        let (quotient, remainder) = significand.quotientAndRemainder(dividingBy: divisor)
        // Half up: a remainder of at least half the divisor (written so it cannot overflow).
        return remainder >= divisor - remainder ? quotient + 1 : quotient
    }

    /// |value| < `limit`.
    func magnitude(below limit: UInt128) -> Bool {
        if exponent >= 0 {
            guard exponent < Self.powersOfTen.count else { return significand == 0 }
            let (product, overflow) = significand.multipliedReportingOverflow(by: Self.powersOfTen[exponent])
            return !overflow && product < limit
        }
        // |value| < limit ⟺ its whole part < limit (limit is whole).
        return -exponent >= Self.powersOfTen.count || significand / Self.powersOfTen[-exponent] < limit
    }

    /// The value has no fraction digits (what `d == d.rounded(0)` asks).
    var isWhole: Bool {
        exponent >= 0 || significand == 0 || (-exponent < Self.powersOfTen.count && significand % Self.powersOfTen[-exponent] == 0)
    }
}

/// The decimal digits of `n`, most significant first, at least `minimum` of them (zeros in front).
@available(macOS 15, *)
func decimalDigits(_ n: UInt128, minimum: Int = 1) -> [UInt8] {
    var digits: [UInt8] = []
    digits.reserveCapacity(40)
    var n = n
    // Nineteen digits at a time in 64-bit arithmetic (128-bit division is a library call).
    while n > UInt128(UInt64.max) {
        let (high, low) = n.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
        var part = UInt64(low)
        for _ in 0..<19 {
            digits.append(UInt8(ascii: "0") + UInt8(part % 10))
            part /= 10
        }
        n = high
    }
    var small = UInt64(n)
    repeat {
        digits.append(UInt8(ascii: "0") + UInt8(small % 10))
        small /= 10
    } while small > 0
    while digits.count < minimum { digits.append(UInt8(ascii: "0")) }
    digits.reverse()
    return digits
}

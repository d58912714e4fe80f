import Foundation
import Testing
@testable import PohjKit

/// Golden values of the one formatter (DOMAIN.md §6).
struct DutchFormatTests {
    let nb = "\u{00A0}"

    @Test func moneyWithoutCentsRoundsHalfUpOnce() {
        #expect(DutchFormat.money(1_263_977) == "€\(nb)1.263.977")
        // € 1.236.010,50 → € 1.236.011 when shown without cents.
        #expect(DutchFormat.money(decimal("1236010.50")) == "€\(nb)1.236.011")
        #expect(DutchFormat.money(decimal("1236010.49")) == "€\(nb)1.236.010")
        #expect(DutchFormat.money(decimal("81.25"), cents: true) == "€\(nb)81,25")
        #expect(DutchFormat.money(decimal("641.875"), cents: true) == "€\(nb)641,88")
        #expect(DutchFormat.money(-71838) == "€\(nb)−71.838")
        #expect(DutchFormat.money(0) == "€\(nb)0")
    }

    @Test func percentagesRoundDecimalHalfUpNotBinary() {
        // A binary double turns 0,5335 into 53,3%; exact decimals give 53,4%.
        #expect(DutchFormat.percent(decimal("0.5335")) == "53,4%")
        #expect(DutchFormat.percent(decimal("0.534")) == "53,4%")
        #expect(DutchFormat.percent(Decimal(531) / Decimal(1739)) == "30,5%")
        #expect(DutchFormat.percent(decimal("0.66"), decimals: 0) == "66%")
        #expect(DutchFormat.percent(0) == "0,0%")
    }

    @Test func numbersAndDates() {
        #expect(DutchFormat.number(decimal("1234567.891"), decimals: 2) == "1.234.567,89")
        #expect(DutchFormat.number(decimal("2.405"), decimals: 2) == "2,41")
        #expect(DutchFormat.number(decimal("0.05"), decimals: 1) == "0,1")
        #expect(DutchFormat.number(999) == "999")
        #expect(DutchFormat.number(1000) == "1.000")
        #expect(DutchFormat.longDate(Day(year: 2024, month: 1, day: 1)!) == "1\(nb)januari 2024")
        #expect(DutchFormat.shortDate(Day(year: 2020, month: 12, day: 31)!) == "31-12-2020")
        #expect(DutchFormat.shortDate(Day(year: 2021, month: 3, day: 1)!) == "01-03-2021")
    }

    @Test func numbersLaidOutFromDigitsAsByArithmetic() {
        // Also the downloads' plain numbers: Decimal's description as NSDecimalNumber wrote them.
        // The digit layout must give what scaling to an integer gave, for every kind of value a
        // page shows: counts, money, shares with 38 significant digits, negatives, halves.
        var values = ["0", "-0.004", "0.5", "-0.5", "2.405", "1234567.891", "999.995", "-71838.4", "170820", "0.45951903807615230460921843687374749498",
                      "3121924.5", "-1", "100000000000000000000", "0.000000001", "12345678901234567890.123456789"].map(decimal)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let n = Decimal(Int.random(in: -10_000_000...10_000_000, using: &generator)) / Decimal(Int.random(in: 1...10_000, using: &generator))
            values.append(n)
        }
        for v in values {
            #expect(Downloads.plain(v) == Downloads.plainByFoundation(v), "\(v)")
            for decimals in 0...3 {
                #expect(DutchFormat.number(v, decimals: decimals) == DutchFormat.numberByArithmetic(v, decimals: decimals), "\(v) \(decimals)")
            }
        }
    }

    /// The integer fast path (`DecimalParts`) gives what Foundation's rounding and text give,
    /// for significands of one to four 16-bit words, every exponent a figure can have, both
    /// signs and exact halves; wider significands take Foundation's path.
    @Test func integerFastPathMatchesFoundation() {
        #expect(DecimalParts.layoutHolds, "Decimal's storage is not as expected: every figure takes the slow path")
        #expect(DecimalParts(decimal("-641.875")) != nil && DecimalParts(decimal("18446744073709551615")) != nil)
        #expect(DecimalParts(Decimal(1) / 3) != nil && DecimalParts(Decimal.nan) == nil)
        var generator = SystemRandomNumberGenerator()
        var values = ["0", "0.5", "-0.5", "0.05", "0.005", "0.0049999", "999.5", "-999.5", "1000", "-1000.4", "99999.995",
                      "18446744073709551615", "-1844674407370955161.5", "0.18446744073709551615", "1e20", "-7e-25"].map(decimal)
        for _ in 0..<4_000 {
            let bits = [16, 32, 48, 64].randomElement(using: &generator)!
            let significand = UInt64.random(in: 0...(bits == 64 ? .max : (1 << bits) - 1), using: &generator)
            let exponent = Int.random(in: -24...12, using: &generator)
            let sign: FloatingPointSign = Bool.random(using: &generator) ? .minus : .plus
            values.append(Decimal(sign: sign, exponent: exponent, significand: Decimal(significand)))
            // Halves, money and shares as the indicators make them (shares carry 38 digits).
            values.append(Decimal(Int.random(in: -100_000...100_000, using: &generator)) / 8)
            values.append(Decimal(Int.random(in: 0...2_000_000, using: &generator)) / 100)
            values.append(Decimal(Int.random(in: -5_000...5_000, using: &generator)) / Decimal(Int.random(in: 1...7_000, using: &generator)))
            values.append(Decimal(Int.random(in: 1...90_000_000, using: &generator)) / Decimal(Int.random(in: 1...7_000, using: &generator)))
        }
        var fast = 0
        for v in values {
            if DecimalParts(v) != nil { fast += 1 }
            #expect(Downloads.plain(v) == Downloads.plainByFoundation(v), "\(v)")
            #expect(DutchFormat.percent(v) == DutchFormat.numberByArithmetic(v * 100, decimals: 1) + "%", "\(v)")
            for decimals in 0...3 {
                #expect(DutchFormat.number(v, decimals: decimals) == DutchFormat.numberByArithmetic(v, decimals: decimals), "\(v) \(decimals)")
            }
            if let parts = DecimalParts(v) {
                #expect(parts.isWhole == (v == v.rounded(0)), "\(v)")
                #expect(parts.magnitude(below: 1000) == (abs(v) < 1000), "\(v)")
            }
        }
        #expect(fast == values.count, "only \(fast) of \(values.count) values took the fast path")
        // By hand: 0,18446744073709551615 is 18,4% and 18,45 rounded to a tenth; −0,05 is −0,1 (half up, away from 0).
        #expect(DutchFormat.percent(decimal("0.18446744073709551615")) == "18,4%")
        #expect(DutchFormat.percent(Decimal(531) / Decimal(1739)) == "30,5%")   // 0,30534790…
        #expect(DutchFormat.percent(Decimal(1) / Decimal(8), decimals: 1) == "12,5%")
        #expect(DutchFormat.percent(Decimal(1) / Decimal(16), decimals: 1) == "6,3%")   // 6,25 half up
        #expect(Downloads.plain(Decimal(2) / Decimal(3)) == "0.6666666667")
        #expect(Downloads.plain(Decimal(-1) / Decimal(3)) == "-0.3333333333")
        #expect(DutchFormat.number(decimal("18.45"), decimals: 1) == "18,5")
        #expect(DutchFormat.number(decimal("-0.05"), decimals: 1) == "−0,1")
        #expect(DutchFormat.number(decimal("-0.04"), decimals: 1) == "0,0")
        #expect(Downloads.plain(decimal("-0.00000000004")) == "0")
        #expect(Downloads.plain(decimal("2.50000000005")) == "2.5000000001")
        #expect(DutchFormat.indicator(Indicator(id: "x", value: .money(decimal("641.875")), unit: .eur)) == "€\(nb)641,88")
        #expect(DutchFormat.indicator(Indicator(id: "x", value: .money(decimal("1641.875")), unit: .eur)) == "€\(nb)1.642")
        #expect(DutchFormat.indicator(Indicator(id: "x", value: .money(decimal("641")), unit: .eur)) == "€\(nb)641")
    }

    @Test func indicatorsShowSuppressedAsSecret() {
        #expect(DutchFormat.indicator(Indicator(id: "x", value: .suppressed, unit: .count)) == "geheim")
        #expect(DutchFormat.indicator(Indicator(id: "x", value: .notApplicable, unit: .share)) == "n.v.t.")
        #expect(DutchFormat.indicator(Indicator(id: "x", value: .moneyRange(low: 2100, high: 2500), unit: .eur)) == "€\(nb)2.100 – €\(nb)2.500")
    }

    @Test func countsGroupThousandsLikeNumbers() {
        for n in [0, 7, 999, 1000, 12345, 1_234_567, -1, -1000, -71838] {
            #expect(DutchFormat.count(n) == DutchFormat.number(Decimal(n)), "\(n)")
        }
        #expect(DutchFormat.count(1_263_977) == "1.263.977")
    }

    @Test func hiddenValuesInNarrativeReadAsASentence() {
        // "In 2020 kwamen geheim jeugdigen" is not Dutch; in prose the hidden value gets words.
        #expect(DutchFormat.inProse(Indicator(id: "x", value: .suppressed, unit: .count)) == "een niet gepubliceerd aantal")
        #expect(DutchFormat.inProse(Indicator(id: "x", value: .suppressed, unit: .share)) == "een niet gepubliceerd deel")
        #expect(DutchFormat.inProse(Indicator(id: "x", value: .count(530), unit: .count)) == "530")
    }

    @Test func hiddenValueStartingASentenceStartsWithACapital() throws {
        // A share the example hides in the whole monitoring period (which one is the audit's
        // choice): the first of a municipality's.
        let published = protect(computeTallies(try loadExample()))
        let (entry, id) = try #require(published.entries.lazy.compactMap { e -> (IndicatorTable.Entry, String)? in
            guard e.period.id == "monitoring", e.scope.type == "municipality" else { return nil }
            return e.indicators.list.first { $0.unit == .share && $0.value == .suppressed }.map { (e, $0.id) }
        }.first)
        let text = Narrative(file: "n.md", page: "monitoring", period: "monitoring", title: nil,
                             body: "Er waren {{ value cases.new }} jeugdigen. {{ value \(id) }} werd zelf geholpen,\n{{ value \(id) }} dus.\n\n{{ value \(id) }} ook.",
                             bodyLine: 1)
        var d = Diagnostics()
        let html = renderNarrative(text, table: published, period: entry.period, scope: entry.scope, chart: { _ in nil }, diagnostics: &d).rendered
        #expect(html.contains("jeugdigen. Een niet gepubliceerd deel werd zelf geholpen,\neen niet gepubliceerd deel dus."), "\(html)")
        #expect(html.contains("<p>Een niet gepubliceerd deel ook.</p>"), "\(html)")
    }
}

/// SVG coordinates are formatted by integer arithmetic (`svgNumber`), checked against printf.
struct SVGNumberTests {
    @Test func svgNumbersAreWhatPrintfWrites() {
        var random = SplitMix(seed: 11)
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, -0.05, -0.04, 1.25, 2.675, 99.95, 123.45, 1e11 + 0.05, 1e13, -1e13, .nan, .infinity]
        // Halves and near-halves, where rounding is decided.
        for k in -2000...2000 { values += [Double(k) / 20, Double(k) / 20 + 1e-9, Double(k) / 20 - 1e-9, Double(k) / 3] }
        for _ in 0..<50_000 {
            let scale = [1.0, 10, 1000, 1e6][Int(random.next() % 4)]
            values.append((Double(random.next() % 2_000_000) / 1_000_000 - 1) * scale)
        }
        var differing: [String] = []
        for x in values where svgNumber(x) != String(format: "%.1f", x) { differing.append("\(x)") }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }
}

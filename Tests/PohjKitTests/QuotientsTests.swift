import Foundation
import Testing
@testable import PohjKit

/// `Quotients.of` remembers count ÷ count; what it gives must be Foundation's quotient, the
/// first time and every time after, from any thread.
struct QuotientsTests {
    @Test func givesFoundationsQuotientEveryTime() {
        var pairs: [(Int, Int)] = []
        for den in 1...60 { for num in 0...70 { pairs.append((num, den)) } }
        pairs += [(1, 3), (2, 6), (123_456, 789_011), (Int(Int32.max) - 1, 7), (Int(Int32.max), 3), (5, Int(Int32.max)),
                  (-4, 7), (4, -7), (1 << 40, 3)]
        // Twice over on all cores: the second round is answered from what the first remembered.
        for _ in 0..<2 {
            let got = parallelMap(pairs) { Quotients.of($0.0, $0.1) }
            for ((num, den), q) in zip(pairs, got) {
                // Equal, and written alike (== would call 0,50 and 0,5 equal).
                let divided = Decimal(num) / Decimal(den)
                #expect(q == divided && q.description == divided.description, "\(num) ÷ \(den)")
            }
        }
        // By hand: 4 of 13 is 0,3076923…, 1 of 8 is 0,125 exactly.
        #expect(Quotients.of(4, 13).rounded(6) == Decimal(string: "0.307692")!)
        #expect(Quotients.of(1, 8) == Decimal(string: "0.125")!)
    }
}

import Foundation
import Synchronization

/// Count ÷ count as a `Decimal`, remembered. Foundation divides two decimals in about 0,6 µs,
/// and a national build divides the same small counts (a practice has tens of cases) millions
/// of times: deriving the indicators spent half its time there. The value is the one
/// Foundation's division gives, looked up instead of computed again.
enum Quotients {
    static func of(_ numerator: Int, _ denominator: Int) -> Decimal {
        // (Before macOS 15, which has no `Mutex`, every quotient is divided: the same values.)
        guard #available(macOS 15, *),
              (0..<Int(Int32.max)).contains(numerator), (1..<Int(Int32.max)).contains(denominator)
        else { return Decimal(numerator) / Decimal(denominator) }
        let key = numerator << 32 | denominator
        // Shards, so two threads seldom wait for the same lock.
        let shard = store.shards[(numerator &* 31 &+ denominator) & (store.shards.count - 1)]
        if let known = shard.known.withLock({ $0[key] }) { return known }
        let quotient = Decimal(numerator) / Decimal(denominator)
        shard.known.withLock { if $0.count < 4096 { $0[key] = quotient } }
        return quotient
    }

    @available(macOS 15, *)
    private final class Shard: Sendable {
        let known = Mutex<[Int: Decimal]>([:])
    }
    @available(macOS 15, *)
    private final class Store: Sendable {
        let shards = (0..<64).map { _ in Shard() }
    }
    @available(macOS 15, *)
    private static let store = Store()
}

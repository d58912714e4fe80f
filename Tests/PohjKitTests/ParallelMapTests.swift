import Foundation
import Testing
@testable import PohjKit

/// The helpers that spread work over the cores keep the order of their input and take every
/// item exactly once, also when the work inside uses `parallelMap` itself (period sites).
struct ParallelMapTests {
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var calls: [Int: Int] = [:]
        func hit(_ i: Int) { lock.withLock { calls[i, default: 0] += 1 } }
    }

    @Test func itemsOnThreadsOfTheirOwnKeepTheirOrder() {
        for n in [0, 1, 2, 5, 100] {
            let counter = Counter()
            let items = Array(0..<n)
            let mapped = parallelMapOnThreads(items, threads: 3) { i -> [Int] in
                counter.hit(i)
                // Work that itself goes wide, as a period site's pages do.
                return parallelMap(Array(0..<10)) { i * 10 + $0 }
            }
            #expect(mapped == items.map { i in (0..<10).map { i * 10 + $0 } })
            #expect(counter.calls.count == n && counter.calls.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func sideBySideReturnsBothResults() {
        let (a, b) = sideBySide({ (0..<1000).reduce(0, +) }, { (0..<100).map { $0 * 2 }.reduce(0, +) })
        #expect(a == 499_500 && b == 9_900)
    }
}

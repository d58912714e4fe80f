import Foundation

/// Result slots shared by the workers of `parallelMap`; each index is written once, under the lock.
private final class Slots<R>: @unchecked Sendable {
    var values: [R?]
    let lock = NSLock()
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
}

/// Maps over a collection on all cores, keeping the order of the input. Used where the items
/// (periods, pages) are independent, so the result does not depend on scheduling.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    let slots = Slots<R>(items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
        let r = transform(items[i])
        slots.lock.lock()
        slots.values[i] = r
        slots.lock.unlock()
    }
    return slots.values.map { $0! }
}

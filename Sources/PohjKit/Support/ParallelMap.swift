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

/// Runs two independent pieces of work at the same time and returns both results: `b` on a
/// thread of its own (not one of Dispatch's workers, which may all be busy waiting here), and
/// waited for.
func sideBySide<A, B: Sendable>(_ a: () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
    let done = DispatchSemaphore(value: 0)
    let second = Slots<B>(1)
    let thread = Thread {
        let r = b()
        second.lock.lock()
        second.values[0] = r
        second.lock.unlock()
        done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    let first = a()
    done.wait()
    return (first, second.values[0]!)
}

import Foundation

/// Result slots shared by the workers of `parallelMap`; each index is written once, under the lock.
private final class Slots<R>: @unchecked Sendable {
    var values: [R?]
    /// The next item to take (`parallelMapOnThreads`).
    var next = 0
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

/// `parallelMap` for work that itself uses `parallelMap` (period sites, whose pages are made on
/// all cores): the items are taken in turn by threads of their own, not Dispatch's workers.
/// libdispatch gives a concurrentPerform nested in another the width divided by the nesting, so
/// on two cores the inner one ran on one thread, and the last period site, left alone, was made
/// on one core while the other idled.
func parallelMapOnThreads<T: Sendable, R: Sendable>(_ items: [T], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                                    _ transform: @escaping @Sendable (T) -> R) -> [R] {
    let slots = Slots<R>(items.count)
    let count = max(1, min(threads, items.count))
    let done = DispatchSemaphore(value: 0)
    for _ in 0..<count {
        let thread = Thread {
            while true {
                slots.lock.lock()
                let i = slots.next
                slots.next += 1
                slots.lock.unlock()
                guard i < items.count else { break }
                let r = transform(items[i])
                slots.lock.lock()
                slots.values[i] = r
                slots.lock.unlock()
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    for _ in 0..<count { done.wait() }
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

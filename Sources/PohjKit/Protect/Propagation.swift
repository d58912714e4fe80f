import Foundation
import Synchronization

/// Interval bounds of every variable after propagation (`CountSystem.propagate`). Kept 32-bit
/// as propagation makes them.
struct CountBounds {
    /// A variable's interval; both ends side by side, as propagation reads them together.
    struct Interval: Equatable {
        var lo: Int32
        var hi: Int32
    }
    var box: [Interval]
    /// The ± of a shown count (rounding to 5: 2), which every interval started from.
    var half: Int
    /// The terms whose row narrowed their variable since the variable's interval last started
    /// (what `warmStart` follows).
    var narrowedBy = TermMarks(count: 0)
    /// False when propagation stopped at its work budget with rows left to look at: the box is
    /// then wider than the fixed point, and no start for `warmStart`.
    var complete = true

    func lo(_ v: Int) -> Int { Int(box[v].lo) }
    /// `CountSystem.unbounded` when nothing bounds it.
    func hi(_ v: Int) -> Int { box[v].hi >= CountSystem.unbounded32 ? CountSystem.unbounded : Int(box[v].hi) }
}

/// Interval propagation: what a reader who knows every relation (`CountSystem`) can narrow each
/// count down to, one relation at a time, until no relation narrows anything more.
///
/// Every relation has coefficients ±1 and integer bounds, so narrowing one relation's members
/// from the others (`implied`) cannot narrow them further when done twice: the result is the
/// largest box that every relation leaves as it is, whatever the order the relations were looked
/// at. That is what lets two threads narrow the same intervals at once (`propagate`) and still
/// give exactly the box of one thread working through a queue (`propagateInOrder`, the
/// reference the tests compare it with), and why the relation that sets a bound is found after
/// the fact (`settingRows`) instead of remembered in whichever order it happened.
extension CountSystem {
    static let unbounded = Int.max / 4
    /// Bounds from 2³⁰ on count as unbounded, which no count comes near.
    static let unbounded32 = Int32(1 << 30)

    /// Each variable's rows (ascending), as propagation reads them (built once; the rows never
    /// change, only what is shown does).
    func layout() -> RowLayout { RowLayout(self) }

    /// A variable's interval before any relation narrows it: a shown count ± `half` (a shown 0
    /// is a region-wide zero, exact: rounded counts are above the hidden range), a hidden one ≥ 0.
    func startInterval(_ v: Int, half: Int) -> CountBounds.Interval {
        guard let s = shown[v] else { return .init(lo: 0, hi: Self.unbounded32) }
        return .init(lo: Int32(s == 0 ? 0 : max(0, s - half)), hi: Int32(s == 0 ? 0 : s + half))
    }

    /// Σ s·x of a row lies in [minSum, maxSum]; infinite ends are counted, not added.
    struct RowSums {
        var minSum = 0, maxSum = 0, minInf = 0, maxInf = 0

        @inline(__always)
        mutating func add(_ code: Int32, _ b: CountBounds.Interval) {
            let l = Int(b.lo), h = b.hi
            if code >= 0 {
                minSum += l
                if h >= CountSystem.unbounded32 { maxInf += 1 } else { maxSum += Int(h) }
            } else {
                maxSum -= l
                if h >= CountSystem.unbounded32 { minInf += 1 } else { minSum -= Int(h) }
            }
        }
    }

    /// The interval a row leaves for one of its terms (`code`, whose interval `b` is in `sums`):
    /// x + rest (= or ≤) 0 gives x ≤ −min(rest), and with = also x ≥ −max(rest); −x + rest gives
    /// x ≥ min(rest), and with = also x ≤ max(rest). Never wider than `b`. When `b` narrowed after
    /// the sums were taken (another thread), the result is wider than it could be, never narrower:
    /// the row is looked at again anyway, as a member of it changed.
    @inline(__always)
    static func implied(_ code: Int32, _ b: CountBounds.Interval, _ s: RowSums, equation: Bool) -> (lo: Int, hi: Int) {
        let inf32 = unbounded32, positive = code >= 0
        let oldLo = Int(b.lo), hiInf = b.hi >= inf32, oldHi = hiInf ? Int(inf32) : Int(b.hi)
        // The rest of the row without this term.
        let restMinInf = s.minInf - (!positive && hiInf ? 1 : 0) > 0
        let restMaxInf = s.maxInf - (positive && hiInf ? 1 : 0) > 0
        let restMin = positive ? s.minSum - oldLo : s.minSum + (hiInf ? 0 : oldHi)
        let restMax = positive ? s.maxSum - (hiInf ? 0 : oldHi) : s.maxSum + oldLo
        var newLo = oldLo, newHi = oldHi
        if positive {
            if !restMinInf { newHi = min(newHi, -restMin) }
            if equation && !restMaxInf { newLo = max(newLo, -restMax) }
        } else {
            if !restMinInf { newLo = max(newLo, restMin) }
            if equation && !restMaxInf { newHi = min(newHi, restMax) }
        }
        // A lower bound beyond 2³⁰ is not kept (it would read as unbounded): only wider.
        if newLo >= Int(inf32) { newLo = oldLo }
        return (newLo, newHi)
    }

    /// Propagation to the fixed point, on `threads` threads at once. Rows are looked at in
    /// waves: every row first, then the rows of every variable a wave narrowed. Within a wave
    /// the threads take rows a chunk at a time and narrow the shared intervals in place, by
    /// compare-and-swap so that an end only ever moves inwards; a thread that narrows a
    /// variable queues its other rows for the next wave (once each: a flag per row, cleared
    /// between waves), also a row of this wave not looked at yet, which then reads the new
    /// interval twice. Small waves run on one thread. Bounded work (`budgetPerRow`): stopping
    /// early only widens intervals, and the result says so (`complete`).
    /// `from`: a box the fixed point lies in and the rows it may not hold for (`warmStart`),
    /// instead of every count's start interval and every row.
    @available(macOS 15, *)
    func propagate(half: Int, layout: RowLayout, from warm: consuming WarmStart? = nil,
                   threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                   parallelFrom: Int = parallelWave, budgetPerRow: Int = budgetPerRow) -> CountBounds {
        let n = truth.count, rows = rowCount
        guard n > 0 else { return CountBounds(box: [], half: half) }
        // Narrowed in place, through atomics laid over the array's memory (no second copy of
        // 22 MB at the audit's peak).
        var warm = warm
        var box = warm?.takeBox() ?? (0..<n).map { startInterval($0, half: half) }
        var narrowedBy = warm?.takeNarrowedBy() ?? TermMarks(count: termCode.count)
        var wave = warm?.rows ?? [Int32](unsafeUninitializedCapacity: rows) { buffer, count in
            for r in 0..<rows { buffer[r] = Int32(r) }
            count = rows
        }
        var budget = budgetPerRow * max(rows, 1)
        let workers = max(1, threads)
        let found = Found(workers)
        box.withUnsafeMutableBufferPointer { box in
        box.baseAddress!.withMemoryRebound(to: Atomic<Int32>.self, capacity: 2 * n) { ends in
        narrowedBy.words.withUnsafeMutableBufferPointer { words in
        words.baseAddress!.withMemoryRebound(to: Atomic<UInt64>.self, capacity: words.count) { marks in
        let shared = SharedIntervals(ends, rows: rows, marks: marks)
        termCode.withUnsafeBufferPointer { termCode in
        rowStart.withUnsafeBufferPointer { rowStart in
        rowIsEquation.withUnsafeBufferPointer { rowIsEquation in
        layout.rowsStart.withUnsafeBufferPointer { rowsStart in
        layout.rows.withUnsafeBufferPointer { rowsOf in
            let system = Arrays(termCode: termCode, rowStart: rowStart, rowIsEquation: rowIsEquation, rowsStart: rowsStart, rowsOf: rowsOf)
            while !wave.isEmpty && budget > 0 {
                budget -= wave.count
                wave.withUnsafeBufferPointer { wave in
                    let round = Round(wave)
                    if wave.count < parallelFrom || workers == 1 {
                        Self.narrow(round, worker: 0, system, shared, found)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: workers) { w in Self.narrow(round, worker: w, system, shared, found) }
                    }
                }
                wave = []
                for w in 0..<workers {
                    wave += found.lists[w]
                    found.lists[w].removeAll(keepingCapacity: true)
                }
                // Between waves, on one thread: the next wave's rows may be queued again.
                for r in wave { shared.unqueue(Int(r)) }
            }
        }}}}}}}}}
        return CountBounds(box: box, half: half, narrowedBy: narrowedBy, complete: wave.isEmpty)
    }

    /// Rows looked at per row of the system before propagation stops (`CountBounds.complete`
    /// false). The national audit's rounds stay far below it; the tests lower it.
    static let budgetPerRow = 60

    /// Waves smaller than this are narrowed on one thread: handing them out costs more than it
    /// saves (tests lower it to make every wave parallel).
    static let parallelWave = 16_384
    /// Rows a thread takes from a wave at a time.
    static let waveChunk = 2_048

    /// The count system's arrays as raw buffers, shared read-only by the threads.
    struct Arrays: @unchecked Sendable {
        let termCode: UnsafeBufferPointer<Int32>
        let rowStart: UnsafeBufferPointer<Int32>
        let rowIsEquation: UnsafeBufferPointer<Bool>
        let rowsStart: UnsafeBufferPointer<Int32>
        let rowsOf: UnsafeBufferPointer<Int32>
    }

    /// One wave's rows and the next chunk to take.
    @available(macOS 15, *)
    final class Round: @unchecked Sendable {
        let rows: UnsafeBufferPointer<Int32>
        let cursor = Atomic<Int>(0)
        init(_ rows: UnsafeBufferPointer<Int32>) { self.rows = rows }
    }

    /// Each thread's rows for the next wave (one array per thread, written only by it).
    final class Found: @unchecked Sendable {
        let lists: UnsafeMutablePointer<[Int32]>
        private let workers: Int
        init(_ workers: Int) {
            self.workers = workers
            lists = .allocate(capacity: workers)
            lists.initialize(repeating: [], count: workers)
        }
        deinit {
            lists.deinitialize(count: workers)
            lists.deallocate()
        }
    }

    /// One thread's part of a wave (see `propagate`).
    @available(macOS 15, *)
    static func narrow(_ round: Round, worker: Int, _ a: Arrays, _ box: SharedIntervals, _ found: Found) {
        var queue: [Int32] = []
        swap(&queue, &found.lists[worker])   // moved out, so appending does not copy it
        defer { found.lists[worker] = queue }
        let count = round.rows.count
        while true {
            let first = round.cursor.wrappingAdd(waveChunk, ordering: .relaxed).oldValue
            if first >= count { break }
            for i in first..<min(first + waveChunk, count) {
                let r = Int(round.rows[i])
                let range = Int(a.rowStart[r])..<Int(a.rowStart[r + 1])
                var sums = RowSums()
                for t in range {
                    let code = a.termCode[t]
                    sums.add(code, box[variable(ofCode: code)])
                }
                let equation = a.rowIsEquation[r]
                for t in range {
                    let code = a.termCode[t], v = variable(ofCode: code)
                    let b = box[v]
                    let (newLo, newHi) = implied(code, b, sums, equation: equation)
                    guard newLo > Int(b.lo) || newHi < Int(b.hi), newLo <= newHi else { continue }
                    var narrowed = false
                    if newLo > Int(b.lo) { narrowed = box.raiseLow(v, Int32(newLo)) }
                    if newHi < Int(b.hi) { narrowed = box.lowerHigh(v, Int32(newHi)) || narrowed }
                    guard narrowed else { continue }
                    box.markNarrowed(byTerm: t)
                    for k in Int(a.rowsStart[v])..<Int(a.rowsStart[v + 1]) {
                        let other = Int(a.rowsOf[k])
                        if other != r && box.enqueue(other) { queue.append(Int32(other)) }
                    }
                }
            }
        }
    }

    /// The same fixed point on one thread, rows first come, first served (a ring of row
    /// numbers): the reference `propagate` is compared with in the tests.
    func propagateInOrder(half: Int, layout: RowLayout, from warm: consuming WarmStart? = nil, budgetPerRow: Int = budgetPerRow) -> CountBounds {
        let n = truth.count, rows = rowCount
        var warm = warm
        var box = warm?.takeBox() ?? (0..<n).map { startInterval($0, half: half) }
        var narrowedBy = warm?.takeNarrowedBy() ?? TermMarks(count: termCode.count)
        // Every row once to start (or the warm start's); a row is in the ring at most once, so
        // `rows` slots suffice.
        var ring = Array(0..<Int32(max(rows, 1)))
        var queued = [Bool](repeating: true, count: rows)
        var size = rows
        if let warm {
            queued = [Bool](repeating: false, count: rows)
            for (i, r) in warm.rows.enumerated() { ring[i] = r; queued[Int(r)] = true }
            size = warm.rows.count
        }
        var head = 0, budget = budgetPerRow * max(rows, 1)
        while size > 0 && budget > 0 {
            let r = Int(ring[head])
            head = head + 1 == rows ? 0 : head + 1
            size -= 1
            budget -= 1
            queued[r] = false
            var sums = RowSums()
            for t in terms(of: r) { sums.add(termCode[t], box[termVariable(t)]) }
            for t in terms(of: r) {
                let v = termVariable(t), b = box[v]
                let (newLo, newHi) = Self.implied(termCode[t], b, sums, equation: rowIsEquation[r])
                guard newLo > Int(b.lo) || newHi < Int(b.hi), newLo <= newHi else { continue }
                box[v] = .init(lo: Int32(newLo), hi: Int32(newHi))
                narrowedBy.insert(t)
                for other in layout.rows(of: v) where other != r && !queued[other] {
                    queued[other] = true
                    ring[(head + size) % rows] = Int32(other)
                    size += 1
                }
            }
        }
        return CountBounds(box: box, half: half, narrowedBy: narrowedBy, complete: size == 0)
    }

    /// The start of an audit round after hiding `hidden`: nil (from scratch) for the first
    /// round and after a round that stopped at its budget (`CountBounds.complete`), else
    /// `warmStart`. Takes `previous`.
    func nextStart(after previous: inout CountBounds?, hidden: [Int], layout: RowLayout) -> WarmStart? {
        guard var before = previous.take(), before.complete else { return nil }
        if #available(macOS 15, *) { return warmStartOnThreads(after: &before, hidden: hidden, layout: layout) }
        return warmStart(after: &before, hidden: hidden, layout: layout)
    }

    /// Where to propagate from after hiding the counts `hidden`, given the fixed point `previous`
    /// of the system before (same rows, fewer hidden). Hiding only widens the fixed point, so
    /// `previous` is no start as it is; but the intervals that cannot have depended on the
    /// hidden counts still hold. Those are kept, the others start over: the hidden counts, then
    /// every count that a row of a count starting over ever narrowed (`narrowedBy`), and so on.
    /// `previous` must be a fixed point (`complete`: see `nextStart`). Why that is exact: every
    /// narrowing of a kept count came from a row without a count that starts over, so it read
    /// only kept counts, which start where they did; each such narrowing is valid now too, so
    /// the new fixed point lies inside the kept intervals, and propagating from there (the rows
    /// of the counts that start over first) ends in it.
    /// (Following every narrowed member instead of the rows that narrowed it started over 70 %
    /// of the counts in every round nationally; this, 40 % after the first round and 2 % in the
    /// last.) Takes `previous`'s arrays (not copied: 24 MB nationally).
    func warmStart(after previous: inout CountBounds, hidden: [Int], layout: RowLayout) -> WarmStart {
        var box: [CountBounds.Interval] = [], narrowedBy = TermMarks(count: 0)
        swap(&box, &previous.box)
        swap(&narrowedBy, &previous.narrowedBy)
        var again = [Bool](repeating: false, count: truth.count)
        var rowSeen = [Bool](repeating: false, count: rowCount)
        var queue: [Int32] = []
        for v in hidden where !again[v] {
            again[v] = true
            queue.append(Int32(v))
        }
        var rows: [Int32] = []
        var next = 0
        while next < queue.count {
            let v = Int(queue[next])
            next += 1
            box[v] = startInterval(v, half: previous.half)
            for k in Int(layout.rowsStart[v])..<Int(layout.rowsStart[v + 1]) {
                let r = Int(layout.rows[k])
                guard !rowSeen[r] else { continue }
                rowSeen[r] = true
                rows.append(Int32(r))
                // Every narrowing seen here is of a count that starts over, which has narrowed
                // nothing yet: the mark goes (and every row of such a count is seen).
                for t in terms(of: r) where narrowedBy.contains(t) {
                    narrowedBy.remove(t)
                    let w = termVariable(t)
                    if !again[w] {
                        again[w] = true
                        queue.append(Int32(w))
                    }
                }
            }
        }
        return WarmStart(box: box, narrowedBy: narrowedBy, rows: rows, counts: queue.count)
    }

    /// `warmStart` on `threads` threads: the counts that start over found level by level (the
    /// hidden counts, then those their rows narrowed, …), each level shared out a chunk at a
    /// time, with a flag per count and per row taken by atomic exchange and marks cleared by
    /// atomic and. The same counts start over and the same marks go whatever the threads'
    /// timing (the tests compare it with `warmStart`); only the order of `rows` differs, which
    /// propagation does not depend on.
    @available(macOS 15, *)
    func warmStartOnThreads(after previous: inout CountBounds, hidden: [Int], layout: RowLayout,
                            threads: Int = ProcessInfo.processInfo.activeProcessorCount, parallelFrom: Int = 4_096) -> WarmStart {
        var box: [CountBounds.Interval] = [], narrowedBy = TermMarks(count: 0)
        swap(&box, &previous.box)
        swap(&narrowedBy, &previous.narrowedBy)
        let half = previous.half, workers = max(1, threads)
        let countMet = AtomicFlags(truth.count), rowMet = AtomicFlags(rowCount)
        var level: [Int32] = []
        for v in hidden where countMet.claim(v) { level.append(Int32(v)) }
        var rows: [Int32] = [], counts = level.count
        let found = Found(workers), foundRows = Found(workers)
        box.withUnsafeMutableBufferPointer { box in
        narrowedBy.words.withUnsafeMutableBufferPointer { words in
        words.baseAddress!.withMemoryRebound(to: Atomic<UInt64>.self, capacity: words.count) { marks in
        termCode.withUnsafeBufferPointer { termCode in
        rowStart.withUnsafeBufferPointer { rowStart in
        layout.rowsStart.withUnsafeBufferPointer { rowsStart in
        layout.rows.withUnsafeBufferPointer { rowsOf in
            let spread = Spread(box: box, marks: marks, termCode: termCode, rowStart: rowStart, rowsStart: rowsStart, rowsOf: rowsOf)
            while !level.isEmpty {
                level.withUnsafeBufferPointer { level in
                    let round = Round(level)
                    let step: @Sendable (Int) -> Void = { w in
                        spread.visit(round, worker: w, countMet: countMet, rowMet: rowMet, found: found, foundRows: foundRows) { self.startInterval($0, half: half) }
                    }
                    if level.count < parallelFrom || workers == 1 { step(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: step) }
                }
                level = []
                for w in 0..<workers {
                    level += found.lists[w]
                    found.lists[w].removeAll(keepingCapacity: true)
                    rows += foundRows.lists[w]
                    foundRows.lists[w].removeAll(keepingCapacity: true)
                }
                counts += level.count
            }
        }}}}}}}
        return WarmStart(box: box, narrowedBy: narrowedBy, rows: rows, counts: counts)
    }

    /// The rows that set `v`'s bounds in `b`: of `v`'s rows that give exactly its lower bound
    /// (or upper bound), when that is narrower than where `v` started, the one with the fewest
    /// hidden members, the first in row order of equals (-1: none). At the fixed point the row
    /// that last narrowed a bound gives it again, so there is one whenever a bound was narrowed.
    /// Of the choices tried nationally (first or last in row order, the cheapest count of all of
    /// them) this one needed the fewest audit rounds (9, against 13 to 330) and hid the fewest
    /// (measured before `boundingRows` was fixed; nationally 10 rounds since).
    func settingRows(of v: Int, _ b: CountBounds, layout: RowLayout) -> (low: Int, high: Int) {
        let rows = boundingRows(of: v, b, layout: layout)
        // (`min` keeps the first of equals.)
        return (rows.low.min { $0.unknowns < $1.unknowns }?.row ?? -1, rows.high.min { $0.unknowns < $1.unknowns }?.row ?? -1)
    }

    /// Every row of `v` that gives its lower (upper) bound in `b` by itself, from the other
    /// members' intervals, when that bound is narrower than where `v` started, in row order,
    /// with its number of hidden members. (`v` enters the row unbounded: `implied` never widens
    /// the interval it is given, so given `v`'s own it would credit every row with its bounds.
    /// Until session 16 it did: the row picked was the one with the fewest hidden members of
    /// all of `v`'s rows, which often gave nothing.)
    func boundingRows(of v: Int, _ b: CountBounds, layout: RowLayout) -> (low: [(row: Int, unknowns: Int)], high: [(row: Int, unknowns: Int)]) {
        let start = startInterval(v, half: b.half), now = b.box[v]
        let wantLow = now.lo > start.lo, wantHigh = now.hi < start.hi
        var low: [(row: Int, unknowns: Int)] = [], high: [(row: Int, unknowns: Int)] = []
        guard wantLow || wantHigh else { return ([], []) }
        let loose = CountBounds.Interval(lo: 0, hi: Self.unbounded32)
        for r in layout.rows(of: v) {
            var sums = RowSums()
            var unknowns = 0
            for t in terms(of: r) {
                sums.add(termCode[t], termVariable(t) == v ? loose : b.box[termVariable(t)])
                if shown[termVariable(t)] == nil { unknowns += 1 }
            }
            for t in terms(of: r) where termVariable(t) == v {
                let (lo, hi) = Self.implied(termCode[t], loose, sums, equation: rowIsEquation[r])
                if wantLow && lo >= Int(now.lo) { low.append((r, unknowns)) }
                if wantHigh && hi <= Int(now.hi) { high.append((r, unknowns)) }
            }
        }
        return (low, high)
    }
}

/// One flag per item that threads claim at once: true for the one caller that sets it first.
/// (Rows queued for `propagate`'s next wave; counts and rows met by `warmStartOnThreads`.)
@available(macOS 15, *)
final class AtomicFlags: @unchecked Sendable {
    private let flags: UnsafeMutablePointer<Atomic<Bool>>
    private let count: Int

    init(_ count: Int) {
        self.count = count
        flags = .allocate(capacity: count)
        for i in 0..<count { (flags + i).initialize(to: Atomic(false)) }
    }

    deinit {
        flags.deinitialize(count: count)
        flags.deallocate()
    }

    @inline(__always)
    func claim(_ i: Int) -> Bool { !flags[i].load(ordering: .relaxed) && !flags[i].exchange(true, ordering: .relaxed) }

    /// Lets an item be claimed again (between waves: the threads' joining orders it before them).
    func clear(_ i: Int) { flags[i].store(false, ordering: .relaxed) }
}

/// What `warmStartOnThreads`' threads share: the box they reset counts in (each count by the
/// one thread that claimed it), the marks they clear, and the system's arrays.
@available(macOS 15, *)
struct Spread: @unchecked Sendable {
    let box: UnsafeMutableBufferPointer<CountBounds.Interval>
    let marks: UnsafeMutablePointer<Atomic<UInt64>>
    let termCode: UnsafeBufferPointer<Int32>
    let rowStart: UnsafeBufferPointer<Int32>
    let rowsStart: UnsafeBufferPointer<Int32>
    let rowsOf: UnsafeBufferPointer<Int32>

    /// One thread's part of a level: resets its counts, claims their rows, and claims the
    /// count of every mark in them (clearing the mark) for the next level.
    func visit(_ round: CountSystem.Round, worker: Int, countMet: AtomicFlags, rowMet: AtomicFlags, found: CountSystem.Found, foundRows: CountSystem.Found,
               start: (Int) -> CountBounds.Interval) {
        var next: [Int32] = [], seen: [Int32] = []
        swap(&next, &found.lists[worker])
        swap(&seen, &foundRows.lists[worker])
        defer {
            found.lists[worker] = next
            foundRows.lists[worker] = seen
        }
        let count = round.rows.count
        while true {
            let first = round.cursor.wrappingAdd(CountSystem.waveChunk, ordering: .relaxed).oldValue
            if first >= count { break }
            for i in first..<min(first + CountSystem.waveChunk, count) {
                let v = Int(round.rows[i])
                box[v] = start(v)
                for k in Int(rowsStart[v])..<Int(rowsStart[v + 1]) {
                    let r = Int(rowsOf[k])
                    guard rowMet.claim(r) else { continue }
                    seen.append(Int32(r))
                    for t in Int(rowStart[r])..<Int(rowStart[r + 1]) {
                        let bit: UInt64 = 1 << UInt64(t & 63)
                        guard marks[t >> 6].load(ordering: .relaxed) & bit != 0 else { continue }
                        // The row is seen once: this thread alone clears its marks.
                        _ = marks[t >> 6].bitwiseAnd(~bit, ordering: .relaxed)
                        let w = CountSystem.variable(ofCode: termCode[t])
                        if countMet.claim(w) { next.append(Int32(w)) }
                    }
                }
            }
        }
    }
}

/// A box to propagate from and the rows to look at first (`CountSystem.warmStart`).
struct WarmStart {
    var box: [CountBounds.Interval]
    var narrowedBy: TermMarks
    var rows: [Int32]
    /// How many counts start over (for tracing).
    var counts: Int

    /// The arrays moved out, so that propagation narrows them without a copy.
    mutating func takeBox() -> [CountBounds.Interval] { defer { box = [] }; return box }
    mutating func takeNarrowedBy() -> TermMarks { defer { narrowedBy = TermMarks(count: 0) }; return narrowedBy }
}

/// A set of terms as one bit each (12 million terms nationally: 1,5 MB).
struct TermMarks {
    var words: [UInt64]

    /// At least one word, so that propagation always has memory to lay its atomics over.
    init(count: Int) { words = [UInt64](repeating: 0, count: max(1, (count + 63) / 64)) }
    func contains(_ t: Int) -> Bool { words[t >> 6] & (1 << UInt64(t & 63)) != 0 }
    mutating func insert(_ t: Int) { words[t >> 6] |= 1 << UInt64(t & 63) }
    mutating func remove(_ t: Int) { words[t >> 6] &= ~(1 << UInt64(t & 63)) }
}

/// Each variable's rows (ascending) in one array, as propagation reads them.
struct RowLayout {
    let rowsStart: [Int32]
    let rows: [Int32]

    init(_ system: CountSystem) {
        // Each variable's end, then filled backwards from the last row: the ends move down to
        // the starts, and no second array of 11 MB (nationally) is needed at the audit's peak.
        var start = [Int32](repeating: 0, count: system.truth.count + 1)
        for code in system.termCode { start[CountSystem.variable(ofCode: code) + 1] += 1 }
        for v in 0..<system.truth.count { start[v + 1] += start[v] }
        var rows = [Int32](repeating: 0, count: system.termCode.count)
        for r in (0..<system.rowCount).reversed() {
            for t in system.terms(of: r).reversed() {
                let v = system.termVariable(t)
                start[v + 1] -= 1
                rows[Int(start[v + 1])] = Int32(r)
            }
        }
        // start[v + 1] is now v's start: shift down by one.
        start.removeFirst()
        start.append(Int32(system.termCode.count))
        rowsStart = start
        self.rows = rows
    }

    func rows(of v: Int) -> [Int] { rows[Int(rowsStart[v])..<Int(rowsStart[v + 1])].map { Int($0) } }
}

/// The intervals `propagate`'s threads narrow together (atomics over the memory of its array
/// of intervals, a variable's two ends side by side), and a queued flag per row.
@available(macOS 15, *)
final class SharedIntervals: @unchecked Sendable {
    private let ends: UnsafeMutablePointer<Atomic<Int32>>
    private let queued: AtomicFlags
    /// `TermMarks`' words: threads set bits of the same word at once.
    private let marks: UnsafeMutablePointer<Atomic<UInt64>>

    init(_ ends: UnsafeMutablePointer<Atomic<Int32>>, rows: Int, marks: UnsafeMutablePointer<Atomic<UInt64>>) {
        self.ends = ends
        self.marks = marks
        queued = AtomicFlags(rows)
    }

    /// A variable's interval now (each end read on its own: both only ever move inwards).
    @inline(__always)
    subscript(_ v: Int) -> CountBounds.Interval {
        .init(lo: ends[2 * v].load(ordering: .relaxed), hi: ends[2 * v + 1].load(ordering: .relaxed))
    }

    /// Raises the lower end to `value` unless it is there already; true when it moved.
    @inline(__always)
    func raiseLow(_ v: Int, _ value: Int32) -> Bool {
        var current = ends[2 * v].load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = ends[2 * v].compareExchange(expected: current, desired: value, ordering: .sequentiallyConsistent)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Lowers the upper end to `value` unless it is there already; true when it moved.
    @inline(__always)
    func lowerHigh(_ v: Int, _ value: Int32) -> Bool {
        var current = ends[2 * v + 1].load(ordering: .relaxed)
        while value < current {
            let (exchanged, original) = ends[2 * v + 1].compareExchange(expected: current, desired: value, ordering: .sequentiallyConsistent)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Notes that term `t`'s row narrowed its variable (`CountBounds.narrowedBy`).
    @inline(__always)
    func markNarrowed(byTerm t: Int) { _ = marks[t >> 6].bitwiseOr(1 << UInt64(t & 63), ordering: .relaxed) }

    /// Marks a row queued for the next wave; true when it was not (the caller queues it).
    @inline(__always)
    func enqueue(_ r: Int) -> Bool { queued.claim(r) }

    /// Lets a row be queued again (between waves: the threads' joining orders it before them).
    func unqueue(_ r: Int) { queued.clear(r) }
}

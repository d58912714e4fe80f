import Foundation
import Testing
@testable import PohjKit

/// The audit's interval propagation (`CountSystem.propagate`) narrows the intervals on several
/// threads at once. It must give exactly the box of one thread working through a queue
/// (`propagateInOrder`): the relations have coefficients ±1, so their fixed point does not
/// depend on the order they were looked at in.
struct PropagationTests {
    /// The example's count system after primary protection, as `protect` builds it.
    func exampleSystem() throws -> CountSystem {
        let computation = computeTallies(try loadExample())
        let policy = computation.config.disclosure
        let protected = computation.cells.map { cell in
            Tally(counts: cell.tally.counts.mapValues { n in n.flatMap { protectCount($0, policy) } })
        }
        return CountSystem(computation, protected: protected)
    }

    @Test func threadsGiveTheBoxOfOneThreadOnTheExample() throws {
        guard #available(macOS 15, *) else { return }
        var system = try exampleSystem()
        let layout = system.layout()
        #expect(system.truth.count > 10_000 && system.rowCount > 5_000)
        // Hide more and more shown counts, as the audit does, and compare after each step.
        var generator = SplitMix(seed: 7)
        for step in 0..<4 {
            let reference = system.propagateInOrder(half: 2, layout: layout)
            for threads in [1, 2, 4] {
                let box = system.propagate(half: 2, layout: layout, threads: threads, parallelFrom: 1).box
                #expect(box.count == reference.box.count)
                #expect(zip(box, reference.box).filter { $0 != $1 }.count == 0, "step \(step), \(threads) threads: intervals differ")
            }
            // Some intervals are narrower than the start (else there would be nothing to test).
            let narrowed = system.truth.indices.filter { reference.box[$0] != system.startInterval($0, half: 2) }.count
            #expect(narrowed > 1_000, "step \(step): \(narrowed) narrowed")
            for v in system.truth.indices where system.shown[v] != nil && generator.next() % 20 == 0 { system.shown[v] = nil }
        }
    }

    @Test func threadsGiveTheBoxOfOneThreadOnRandomSystems() {
        guard #available(macOS 15, *) else { return }
        var generator = SplitMix(seed: 42)
        for round in 0..<30 {
            // Random sums x₀ = x₁ + … + xₖ and inequalities x ≤ y over true counts, some shown.
            var system = CountSystem()
            let n = 200 + Int(generator.next() % 800)
            for _ in 0..<n {
                let truth = Int32(generator.next() % 60)
                system.truth.append(truth)
                system.published.append(true)
                system.shown.append(generator.next() % 3 == 0 ? nil : 0)   // shown values are set below
            }
            var rows: [([(Int, Int)], Bool)] = []
            for _ in 0..<(n * 2) {
                let k = 2 + Int(generator.next() % 5)
                let members = (0..<k).map { _ in Int(generator.next() % UInt64(n)) }
                guard Set(members).count == k else { continue }
                if generator.next() % 4 == 0 {
                    rows.append(([(members[0], 1), (members[1], -1)], false))
                } else {
                    rows.append(([(members[0], -1)] + members.dropFirst().map { ($0, 1) }, true))
                }
            }
            // Make the sums hold for the true counts, so the system is feasible as real data is.
            for (terms, equation) in rows {
                if equation {
                    let whole = terms[0].0
                    system.truth[whole] = terms.dropFirst().map { system.truth[$0.0] }.reduce(0, +)
                }
            }
            for v in 0..<n { system.shown[v] = system.shown[v] == nil ? nil : protectCount(Int(system.truth[v]), DisclosurePolicy()) }
            for (terms, equation) in rows where !equation || terms.dropFirst().map({ system.truth[$0.0] }).reduce(0, +) == system.truth[terms[0].0] {
                if !equation && system.truth[terms[0].0] > system.truth[terms[1].0] { continue }
                system.addRow(terms, equation: equation)
            }
            let layout = system.layout()
            let reference = system.propagateInOrder(half: 2, layout: layout)
            for v in 0..<n {
                // Sound: every true count stays inside its interval.
                #expect(reference.lo(v) <= Int(system.truth[v]) && Int(system.truth[v]) <= reference.hi(v), "round \(round) variable \(v)")
            }
            for threads in [2, 3] {
                let box = system.propagate(half: 2, layout: layout, threads: threads, parallelFrom: 1).box
                #expect(box.count == reference.box.count)
                #expect(zip(box, reference.box).filter { $0 != $1 }.count == 0, "round \(round), \(threads) threads: intervals differ")
            }
            // Hide a few more, start from this fixed point (`warmStart`), end where a start from scratch does.
            let previous = system.propagate(half: 2, layout: layout, threads: 2, parallelFrom: 1)
            let hidden = (0..<n).filter { system.shown[$0] != nil && generator.next() % 10 == 0 }
            for v in hidden { system.shown[v] = nil }
            let scratch = system.propagateInOrder(half: 2, layout: layout)
            var before = previous
            let warm = system.warmStart(after: &before, hidden: hidden, layout: layout)
            let box = system.propagate(half: 2, layout: layout, from: warm, threads: 2, parallelFrom: 1).box
            #expect(zip(box, scratch.box).filter { $0 != $1 }.count == 0, "round \(round), warm start: intervals differ")
        }
    }

    /// Each audit round after the first starts from the previous round's fixed point
    /// (`warmStart`); it must end in the box a start from scratch gives, on one thread and on
    /// several, however many counts were hidden in between.
    @Test func aWarmStartGivesTheBoxOfAStartFromScratch() throws {
        guard #available(macOS 15, *) else { return }
        var system = try exampleSystem()
        let layout = system.layout()
        var generator = SplitMix(seed: 11)
        var previous = system.propagate(half: 2, layout: layout, parallelFrom: 1)
        var keptNarrowed = 0
        // From many hidden counts at once down to a single one, as the rounds go.
        for every in [10, 50, 400, 3_000, 20_000] {
            var hidden: [Int] = []
            for v in system.truth.indices where system.shown[v] != nil && generator.next() % UInt64(every) == 0 {
                system.shown[v] = nil
                hidden.append(v)
            }
            if hidden.isEmpty, let v = system.truth.indices.first(where: { system.shown[$0] ?? 0 != 0 }) {
                system.shown[v] = nil
                hidden.append(v)
            }
            let scratch = system.propagateInOrder(half: 2, layout: layout)
            var before = previous
            let warm = system.warmStart(after: &before, hidden: hidden, layout: layout)
            // Part of the narrowed intervals is kept (else this tests a start from scratch).
            keptNarrowed += system.truth.indices.filter { warm.box[$0] != system.startInterval($0, half: 2) }.count
            #expect(warm.counts < system.truth.count)
            // On threads, level by level: the same counts start over, the same marks go.
            for threads in [1, 2, 4] {
                var before = previous
                let spread = system.warmStartOnThreads(after: &before, hidden: hidden, layout: layout, threads: threads, parallelFrom: 1)
                let same = spread.box == warm.box && spread.narrowedBy.words == warm.narrowedBy.words
                    && spread.counts == warm.counts && spread.rows.sorted() == warm.rows.sorted()
                #expect(same, "1 in \(every) hidden, \(threads) threads: the spread on threads differs")
            }
            let inOrder = system.propagateInOrder(half: 2, layout: layout, from: warm)
            #expect(zip(inOrder.box, scratch.box).filter { $0 != $1 }.count == 0, "1 in \(every) hidden, in order: intervals differ")
            for threads in [1, 2, 4] {
                var before = previous
                let warm = system.warmStart(after: &before, hidden: hidden, layout: layout)
                let box = system.propagate(half: 2, layout: layout, from: warm, threads: threads, parallelFrom: 1).box
                #expect(zip(box, scratch.box).filter { $0 != $1 }.count == 0, "1 in \(every) hidden, \(threads) threads: intervals differ")
            }
            previous = system.propagate(half: 2, layout: layout, from: {
                var before = previous
                return system.warmStart(after: &before, hidden: hidden, layout: layout)
            }(), parallelFrom: 1)
        }
        #expect(keptNarrowed > 1_000)
    }

    /// A round that stopped at its work budget left rows unlooked at where nothing starts
    /// over: the next round starts from scratch. (Found in review: two copies of a slow chain,
    /// each within the budget alone, not together; a warm start after the cut round left the
    /// second copy's end unbounded where a start from scratch bounds it.)
    @Test func aRoundCutAtItsBudgetIsNoWarmStart() {
        guard #available(macOS 15, *) else { return }
        var system = CountSystem()
        func add(_ truth: Int, shown: Int?) -> Int {
            system.truth.append(Int32(truth)); system.published.append(true); system.shown.append(shown)
            return system.truth.count - 1
        }
        // A chain x0 = x1 + c0, x1 = x2 + c1, … narrows one step a wave; z ≤ every x and 1.000
        // rows z ≤ w are queued again each time z narrows.
        let length = 100, fan = 1_000
        var sources: [Int] = [], ends: [Int] = []
        for _ in 0..<2 {
            let x = (0...length).map { i in add(2000 - 10 * i, shown: i == 0 ? 2000 : nil) }
            let c = (0..<length).map { _ in add(10, shown: 10) }
            let z = add(0, shown: nil)
            let w = (0..<fan).map { _ in add(5, shown: nil) }
            for i in (0..<length).reversed() { system.addRow([(x[i], 1), (x[i + 1], -1), (c[i], -1)], equation: true) }
            for i in 0...length { system.addRow([(z, 1), (x[i], -1)], equation: false) }
            for j in 0..<fan { system.addRow([(z, 1), (w[j], -1)], equation: false) }
            sources.append(x[0]); ends.append(x[length])
        }
        let layout = system.layout()
        for threads in [1, 2] {
            var round = system.propagate(half: 2, layout: layout, threads: threads)
            let cut = !round.complete
            #expect(cut, "\(threads) threads: the first round is within its budget")
            var hidden = system
            hidden.shown[sources[0]] = nil
            let scratch = hidden.propagate(half: 2, layout: layout, threads: threads)
            var previous: CountBounds? = round
            let next = hidden.nextStart(after: &previous, hidden: [sources[0]], layout: layout)
            #expect(next == nil && previous == nil)
            let same = hidden.propagate(half: 2, layout: layout, from: next, threads: threads).box == scratch.box
            #expect(same, "\(threads) threads")
            // What the warm start would have given: the second copy's end left wider.
            let warm = hidden.warmStart(after: &round, hidden: [sources[0]], layout: layout)
            let (wide, narrow) = (hidden.propagate(half: 2, layout: layout, from: warm, threads: threads).hi(ends[1]), scratch.hi(ends[1]))
            #expect(wide > narrow, "\(threads) threads: \(wide) against \(narrow)")
        }
        // A complete round is a warm start.
        var small = CountSystem()
        for v in 0..<3 { small.truth.append(Int32(10 * (v + 1))); small.published.append(true); small.shown.append(10 * (v + 1)) }
        small.addRow([(2, -1), (0, 1), (1, 1)], equation: true)
        var previous: CountBounds? = small.propagate(half: 2, layout: small.layout())
        #expect(previous?.complete == true)
        small.shown[0] = nil
        #expect(small.nextStart(after: &previous, hidden: [0], layout: small.layout()) != nil)
    }

    /// Each count's rows, as propagation reads them: every row that holds it, ascending.
    @Test func theLayoutListsEveryRowOfACount() throws {
        let system = try exampleSystem()
        let layout = system.layout()
        var expected = [[Int]](repeating: [], count: system.truth.count)
        for r in 0..<system.rowCount {
            for t in system.terms(of: r) { expected[system.termVariable(t)].append(r) }
        }
        #expect(layout.rowsStart.count == system.truth.count + 1)
        #expect(system.truth.indices.filter { layout.rows(of: $0) != expected[$0] }.isEmpty)
    }

    @Test func aSystemWithoutCountsHasNoIntervals() {
        guard #available(macOS 15, *) else { return }
        let system = CountSystem()
        #expect(system.propagate(half: 2, layout: system.layout(), parallelFrom: 1).box.isEmpty)
        #expect(system.propagateInOrder(half: 2, layout: system.layout()).box.isEmpty)
    }

    @Test func theRowThatSetsABoundGivesIt() throws {
        guard #available(macOS 15, *) else { return }
        let system = try exampleSystem()
        let layout = system.layout()
        let bounds = system.propagate(half: 2, layout: layout)
        var checked = 0
        for v in system.truth.indices {
            let start = system.startInterval(v, half: 2), now = bounds.box[v]
            let setting = system.settingRows(of: v, bounds, layout: layout)
            // A narrowed end has a row that gives it; an end that was not narrowed has none.
            #expect((setting.low >= 0) == (now.lo > start.lo), "variable \(v)")
            #expect((setting.high >= 0) == (now.hi < start.hi), "variable \(v)")
            for r in [setting.low, setting.high] where r >= 0 {
                #expect(system.terms(of: r).contains { system.termVariable($0) == v })
                checked += 1
            }
            // The row gives the end by itself: with s·v + rest (= or ≤) 0 and every other
            // member in its interval, v ≥ … or v ≤ … as interval arithmetic says (v's own
            // interval left out: any row would "give" an end it is clamped to).
            for (r, wantLow) in [(setting.low, true), (setting.high, false)] where r >= 0 {
                var restMin = 0, restMax = 0, infMin = false, infMax = false, sign = 0
                for t in system.terms(of: r) {
                    let w = system.termVariable(t), s = system.termIsPositive(t) ? 1 : -1
                    if w == v { sign = s; continue }
                    let lo = bounds.lo(w), hi = bounds.hi(w), unbounded = hi >= CountSystem.unbounded
                    if s > 0 { restMin += lo; if unbounded { infMax = true } else { restMax += hi } }
                    else { restMax -= lo; if unbounded { infMin = true } else { restMin -= hi } }
                }
                let equation = system.rowIsEquation[r]
                // s = +1: v ≤ −restMin, and v ≥ −restMax for =; s = −1: v ≥ restMin, v ≤ restMax for =.
                let implied: Int? = wantLow ? (sign > 0 ? (equation && !infMax ? -restMax : nil) : (!infMin ? restMin : nil))
                                            : (sign > 0 ? (!infMin ? -restMin : nil) : (equation && !infMax ? restMax : nil))
                if wantLow { #expect(implied.map { $0 >= bounds.lo(v) } == true, "row \(r) does not give variable \(v)'s lower end") }
                else { #expect(implied.map { $0 <= bounds.hi(v) } == true, "row \(r) does not give variable \(v)'s upper end") }
            }
        }
        #expect(checked > 1_000)
    }

    /// A count of a fifteen-month period made of two published periods, one of which has an exact
    /// 0 there, is its other period's published count: known to ±2 whatever the audit hides, so
    /// never hidden to protect another. The sum of two shown counts (±4) and one with a hidden
    /// part (unbounded) leave room.
    @Test func countsThePublishedPeriodsPinDownAreNotHidden() {
        var system = CountSystem()
        var fixed: [Bool] = []
        func add(_ truth: Int, shown: Int?, published: Bool) -> Int {
            system.truth.append(Int32(truth)); system.published.append(true); system.shown.append(shown)
            fixed.append(published)
            return system.truth.count - 1
        }
        // whole = first + second, three times over; whole is a count of the composite period.
        let pairs = [(42, 40, 0, 0), (42, 40, 38, 40), (12, 10, 3, nil)]
        var wholes: [Int] = []
        for (t1, s1, t2, s2) in pairs {
            let first = add(t1, shown: s1, published: true), second = add(t2, shown: s2, published: true)
            let whole = add(t1 + t2, shown: protectCount(t1 + t2, DisclosurePolicy()), published: false)
            system.addRow([(whole, -1), (first, 1), (second, 1)], equation: true)
            wholes.append(whole)
        }
        let unrelated = add(20, shown: 20, published: false)
        let layout = system.layout()
        let pinned = system.pinnedByFrozenPeriods(fixed: fixed, half: 2, layout: layout) { _ in 5 }
        // By hand: 40 ± 2 + 0 → 38…42 (width 4 < 5); 40 ± 2 + 40 ± 2 → 76…84 (8); 10 ± 2 + ≥ 0 → no end.
        #expect(pinned[wholes[0]] && !pinned[wholes[1]] && !pinned[wholes[2]] && !pinned[unrelated])
        #expect(!system.truth.indices.contains { fixed[$0] && pinned[$0] }, "published counts stay as published, not pinned")
        // With a margin of 2 (room 7), width 8 is still room; the exact-0 sum is pinned either way.
        let withMargin = system.pinnedByFrozenPeriods(fixed: fixed, half: 2, layout: layout) { _ in 7 }
        #expect(withMargin == pinned)
        let (lo, hi) = { () -> (Int, Int) in
            var hidden = system
            for v in hidden.truth.indices where !fixed[v] && hidden.shown[v] != 0 { hidden.shown[v] = nil }
            let b = hidden.propagateInOrder(half: 2, layout: layout)
            return (b.lo(wholes[1]), b.hi(wholes[1]))
        }()
        #expect(lo == 76 && hi == 84)
    }
}

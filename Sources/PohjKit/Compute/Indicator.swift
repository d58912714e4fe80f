import Foundation

/// A value of one indicator for one period and scope. Money and fractions are exact decimals;
/// rounding happens once, when a page or download formats them.
public enum IndicatorValue: Sendable, Equatable {
    case count(Int)
    case share(Decimal)
    case money(Decimal)
    // The two ranges are boxed: they are rare, and two decimals inline made every value of a
    // national table (8 million of them) twice as large.
    indirect case moneyRange(low: Decimal, high: Decimal)
    case number(Decimal)
    indirect case numberRange(low: Decimal, high: Decimal)
    /// Does not apply here (reach outside a calendar year) or unknown (no cost data): JSON `null`.
    case notApplicable
    /// Hidden by the small-number policy.
    case suppressed

    public var decimal: Decimal? {
        switch self {
        case .count(let n): return Decimal(n)
        case .share(let d), .money(let d), .number(let d): return d
        default: return nil
        }
    }
    public var count: Int? { if case .count(let n) = self { return n } else { return nil } }
}

public enum Unit: String, Sendable, CaseIterable {
    case count, share, eur, hours, fte, trajectories, number
}

/// How the small-number policy treated a published value (the `status` column of downloads).
public enum DisclosureStatus: String, Sendable, CaseIterable {
    case exact = ""
    case rounded
    case suppressed
}

public struct Indicator: Sendable, Equatable {
    public var id: String
    public var value: IndicatorValue
    public var unit: Unit
    public var status: DisclosureStatus = .exact
}

/// Indicators of one period and scope, in a stable order, looked up by id. The ids and their
/// positions (`IndicatorLayout`) are the same for every set derived alike, so once a set is
/// complete it shares them (`shared()`): a national table has 30.000 sets of 250 indicators,
/// and each kept its own ids and index (a third of the build's memory).
public struct IndicatorSet: Sendable {
    private var layout = IndicatorLayout()
    private var slots: [Slot] = []
    private struct Slot {
        var value: IndicatorValue
        var unit: Unit
        var status: DisclosureStatus
    }
    /// `layout` is a shared one this set follows (`init(following:)`): its first `slots.count`
    /// ids are this set's, in order; it is never changed.
    private var following = false

    public init() {}

    /// A set expected to get the ids of `hint` (a finished set's layout) in the same order: while
    /// it does, an id is compared with the next one expected instead of hashed and indexed, and
    /// the finished set shares `hint` as it is. A set that departs from it gets its own layout.
    init(following hint: IndicatorLayout?) {
        guard let hint else { return }
        layout = hint
        following = true
        slots.reserveCapacity(hint.ids.count)
    }

    /// The ids and positions this set has (shared by sets derived alike once `shared()`).
    var sharedLayout: IndicatorLayout { layout }

    public var list: [Indicator] {
        slots.indices.map { Indicator(id: layout.ids[$0], value: slots[$0].value, unit: slots[$0].unit, status: slots[$0].status) }
    }
    public var count: Int { slots.count }

    /// Each indicator's position in `sharedLayout`, value, unit and status, in order, without
    /// making an `Indicator` (and retaining its id) for each: the downloads walk millions.
    func forEachValue(_ body: (Int, IndicatorValue, Unit, DisclosureStatus) -> Void) {
        for i in slots.indices { body(i, slots[i].value, slots[i].unit, slots[i].status) }
    }

    public mutating func set(_ id: String, _ value: IndicatorValue, _ unit: Unit, status: DisclosureStatus = .exact) {
        if following {
            let n = slots.count
            if n < layout.ids.count && layout.ids[n] == id {
                slots.append(Slot(value: value, unit: unit, status: status))
                return
            }
            if let i = layout.index[id], i < n {
                slots[i] = Slot(value: value, unit: unit, status: status)
                return
            }
            // Departs from the hint: the ids so far become this set's own.
            layout = IndicatorLayout(layout.ids.prefix(n))
            following = false
        }
        if let i = layout.index[id] {
            slots[i] = Slot(value: value, unit: unit, status: status)
        } else {
            // A shared layout is never changed: this set gets its own copy first.
            if !isKnownUniquelyReferenced(&layout) { layout = layout.copy() }
            layout.append(id)
            slots.append(Slot(value: value, unit: unit, status: status))
        }
    }
    /// Position of `id` in this set (a followed layout may hold ids this set does not have yet).
    private func position(_ id: String) -> Int? {
        guard let i = layout.index[id], i < slots.count else { return nil }
        return i
    }
    public subscript(_ id: String) -> Indicator? {
        position(id).map { Indicator(id: layout.ids[$0], value: slots[$0].value, unit: slots[$0].unit, status: slots[$0].status) }
    }
    public func value(_ id: String) -> IndicatorValue? { position(id).map { slots[$0].value } }

    /// The indicators at the ids of `list`, in its order (nil where this set has none).
    func indicators(_ list: IndicatorIDList) -> [Indicator?] {
        let positions = layout.isInterned ? list.positions(in: layout) : list.ids.map { layout.index[$0] ?? -1 }
        return positions.map { i in
            i >= 0 && i < slots.count ? Indicator(id: layout.ids[i], value: slots[i].value, unit: slots[i].unit, status: slots[i].status) : nil
        }
    }

    /// The same set, its layout exchanged for the one all sets with these ids share.
    func shared() -> IndicatorSet {
        var s = self
        if following {
            s.following = false
            // Every id of the hint came, in order: the hint is already the shared layout.
            if slots.count == layout.ids.count { return s }
            s.layout = IndicatorLayout(layout.ids.prefix(slots.count))
        }
        s.layout = IndicatorLayout.interned(s.layout)
        return s
    }
}

/// Ids of an `IndicatorSet` in order, and the position of each. Changed only while one set
/// holds it alone (before `interned`), so sharing it between threads is safe.
final class IndicatorLayout: @unchecked Sendable {
    private(set) var ids: [String] = []
    private(set) var index: [String: Int] = [:]
    /// Shared by sets derived alike and kept for the whole run (`interned`): never changed, and
    /// its identity never reused, so positions in it can be remembered (`IndicatorIDList`).
    private(set) var isInterned = false

    init() {}
    init(_ ids: ArraySlice<String>) {
        self.ids = Array(ids)
        index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }

    func append(_ id: String) {
        index[id] = ids.count
        ids.append(id)
    }

    func copy() -> IndicatorLayout {
        let c = IndicatorLayout()
        c.ids = ids
        c.index = index
        return c
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [[String]: IndicatorLayout] = [:]

    nonisolated(unsafe) private static var hints: [String: IndicatorLayout] = [:]

    /// The layout the last set derived for `key` (a period and a kind of scope) ended with.
    static func hint(for key: String) -> IndicatorLayout? { lock.withLock { hints[key] } }
    static func remember(_ layout: IndicatorLayout, for key: String) { lock.withLock { hints[key] = layout } }

    /// The layout with these ids that sets already share, or this one from now on.
    static func interned(_ layout: IndicatorLayout) -> IndicatorLayout {
        lock.lock()
        defer { lock.unlock() }
        if let existing = known[layout.ids] { return existing }
        known[layout.ids] = layout
        layout.isInterned = true
        return layout
    }
}

/// A fixed list of ids looked up in thousands of sets (the figure tables of every practice
/// page): their positions are worked out once per shared layout, not hashed again in every set
/// (a quarter of a CPU-second for a national site's 20.000 practice pages).
final class IndicatorIDList: @unchecked Sendable {
    let ids: [String]
    private let lock = NSLock()
    /// Interned layout → the position of each id in it, -1 where it has none.
    private var known: [ObjectIdentifier: [Int]] = [:]

    init(_ ids: [String]) { self.ids = ids }

    func positions(in layout: IndicatorLayout) -> [Int] {
        precondition(layout.isInterned, "positions are remembered only for interned layouts")
        let key = ObjectIdentifier(layout)
        if let found = lock.withLock({ known[key] }) { return found }
        let found = ids.map { layout.index[$0] ?? -1 }
        lock.withLock { known[key] = found }
        return found
    }
}

/// The computed indicators of every period × scope. This is the internal, unprotected view
/// (`pohj indicators`); pages can only be built from a `PublishedTable`.
public struct IndicatorTable: Sendable {
    public struct Entry: Sendable {
        public var period: Period
        public var scope: Scope
        public var indicators: IndicatorSet
    }
    public var entries: [Entry]
    public var prices: Prices

    public func entry(_ period: String, _ scope: Scope) -> Entry? {
        entries.first { $0.period.id == period && $0.scope == scope }
    }
}

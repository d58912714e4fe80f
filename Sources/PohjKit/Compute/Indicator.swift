import Foundation

/// A value of one indicator for one period and scope. Money and fractions are exact decimals;
/// rounding happens once, when a page or download formats them.
public enum IndicatorValue: Sendable, Equatable {
    case count(Int)
    case share(Decimal)
    case money(Decimal)
    case moneyRange(low: Decimal, high: Decimal)
    case number(Decimal)
    case numberRange(low: Decimal, high: Decimal)
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

public enum Unit: String, Sendable {
    case count, share, eur, hours, fte, trajectories, number
}

/// How the small-number policy treated a published value (the `status` column of downloads).
public enum DisclosureStatus: String, Sendable {
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

/// Indicators of one period and scope, in a stable order, looked up by id.
public struct IndicatorSet: Sendable {
    public private(set) var list: [Indicator] = []
    private var index: [String: Int] = [:]

    public init() {}

    public mutating func set(_ id: String, _ value: IndicatorValue, _ unit: Unit, status: DisclosureStatus = .exact) {
        if let i = index[id] {
            list[i] = Indicator(id: id, value: value, unit: unit, status: status)
        } else {
            index[id] = list.count
            list.append(Indicator(id: id, value: value, unit: unit, status: status))
        }
    }
    public subscript(_ id: String) -> Indicator? { index[id].map { list[$0] } }
    public func value(_ id: String) -> IndicatorValue? { self[id]?.value }
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

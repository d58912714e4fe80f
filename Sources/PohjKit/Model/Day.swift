/// A calendar date without time zone: the data only ever speaks in days.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// year·512 + month·32 + day: ordered like the dates, and 4 bytes instead of 24 (a case
    /// has three dates; a national project has a million cases).
    private let packed: Int32
    public var year: Int { Int(packed >> 9) }
    public var month: Int { Int((packed >> 5) & 15) }
    public var day: Int { Int(packed & 31) }

    /// Nil when the date does not exist (31-02-2020, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), year >= 1900, year <= 2200,
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.init(unchecked: year, month, day)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        packed = Int32(year) << 9 | Int32(month) << 5 | Int32(day)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
    public static func daysIn(year: Int) -> Int { isLeap(year) ? 366 : 365 }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var ordinal: Int { Day.ordinal(year: year, month: month, day: day) }

    /// The same for any year, month and day, unchecked (the sample generators count with it).
    public static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(ordinal z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }
    public static func < (a: Day, b: Day) -> Bool { a.packed < b.packed }

    /// ISO 8601, `2020-12-31`.
    public var iso: String {
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
    public var description: String { iso }
    public var firstOfMonth: Day { Day(unchecked: year, month, 1) }
    public var lastOfMonth: Day { Day(unchecked: year, month, Day.daysIn(month: month, year: year)) }
    public var nextMonth: Day { month == 12 ? Day(unchecked: year + 1, 1, 1) : Day(unchecked: year, month + 1, 1) }
}

/// An inclusive range of days: a period, a cost row's validity, a practice's POH-J membership.
public struct DayRange: Sendable, Hashable {
    public let start: Day
    public let end: Day
    public init(_ start: Day, _ end: Day) {
        self.start = start
        self.end = end
    }
    public var days: Int { end.ordinal - start.ordinal + 1 }
    public func contains(_ d: Day) -> Bool { d >= start && d <= end }
    /// Number of days both ranges share (0 when disjoint).
    public func overlapDays(_ other: DayRange) -> Int {
        let s = max(start.ordinal, other.start.ordinal), e = min(end.ordinal, other.end.ordinal)
        return max(0, e - s + 1)
    }
    public static func year(_ y: Int) -> DayRange { DayRange(Day(year: y, month: 1, day: 1)!, Day(year: y, month: 12, day: 31)!) }
}

import Foundation

/// Where a record came from, so later stages can still point at the line.
public struct Origin: Sendable, Hashable {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// One youngster's POH-J trajectory (a row of the monitoring form, §2.1). Free-text
/// columns of the form are deliberately absent: they never enter the model.
public struct Case: Sendable {
    public var caseID: String
    public var practiceID: String
    public var age: Int?
    public var gender: Gender?
    public var referrer: Referrer?
    public var firstConsult: Day
    public var complaint: Complaint?
    public var history: History?
    public var intervention: Intervention?
    public var contacts: ContactsBand?
    /// Exact number of contacts where the source registered one (Katwijk's format).
    public var exactContacts: Int?
    public var duration: Duration?
    public var location: Location?
    public var goal: Goal?
    public var endDate: Day?
    public var aftercare: Aftercare?
    public var gpReferralDate: Day?
    public var origin: Origin
}

/// A GP practice (§2.2); `joined == nil` means no POH-J works there (it still counts for coverage).
public struct Practice: Sendable {
    public var id: String
    public var name: String
    public var municipality: String
    public var joined: Day?
    public var left: Day?
    public var hoursPerWeek: Decimal
    public var model: PracticeModel?
    public var youthOnList: Int?
    public var origin: Origin

    /// Days of `range` during which this practice had a POH-J.
    public func pohDays(in range: DayRange) -> Int {
        guard let joined else { return 0 }
        let end = left ?? Day(year: 2200, month: 12, day: 31)!
        guard end >= joined else { return 0 }
        return DayRange(joined, end).overlapDays(range)
    }
}

/// Cost of the POH-J for one municipality or practice over a range of days (§2.3).
public struct CostRow: Sendable {
    public enum Scope: Sendable, Hashable {
        case municipality(String)
        case practice(String)
    }
    public var range: DayRange
    public var scope: Scope
    public var costEUR: Decimal
    public var hoursPerWeek: Decimal?
    public var employer: String?
    public var funder: Funder?
    public var origin: Origin
}

/// Second-line trajectories and their cost, per year, municipality, referrer and care type (§2.4).
public struct ReferralRow: Sendable {
    public var year: Int
    public var municipality: String
    public var referrer: CareReferrer
    public var care: CareType
    public var trajectories: Int
    public var costEUR: Decimal
    public var origin: Origin
}

/// Registered youth 0–17 per municipality and year (§2.5).
public struct PopulationRow: Sendable {
    public var municipality: String
    public var year: Int
    public var youth: Int
}

/// A named reporting period from `site.yml`.
public struct Period: Sendable, Hashable {
    public var id: String
    public var label: String
    public var range: DayRange
    public var start: Day { range.start }
    public var end: Day { range.end }

    public init(id: String, label: String, range: DayRange) {
        self.id = id
        self.label = label
        self.range = range
    }

    /// The calendar year when the period is exactly one, else nil (reach and referral indicators need one).
    public var calendarYear: Int? {
        range == DayRange.year(start.year) ? start.year : nil
    }

    /// Days in the period ÷ days in the calendar year it starts in (§4 break-even).
    public var lengthInYears: Decimal {
        Decimal(range.days) / Decimal(Day.daysIn(year: start.year))
    }
}

/// How many case rows were read and which were left out, and why (the site's data-quality section).
public struct DataQuality: Sendable {
    public var rowsRead = 0
    /// Cases the figures are built from.
    public var rowsUsed = 0
    /// One entry per row left out: file, line and the first problem found.
    public var skipped: [Diagnostic] = []
}

/// Periods before `p` in reporting order: ending earlier, or ending the same day and listed first.
func periodsBefore(_ p: Period, in periods: [Period]) -> [Period] {
    let index = periods.firstIndex(of: p)!
    return periods.enumerated().filter { i, q in q.end < p.end || (q.end == p.end && i < index) }.map(\.element)
}

/// A narrative Markdown file: front matter plus body, placeholders still unexpanded.
public struct Narrative: Sendable {
    public var file: String
    /// `dashboard` for the site-wide text, or a period id.
    public var page: String
    /// Optional period the text belongs to; nil = every period.
    public var period: String?
    public var title: String?
    public var body: String
    /// Line in the file where the body starts, so placeholder errors point at the right line.
    public var bodyLine: Int

    /// On the dashboard of `period`: the site-wide text, or the period's own.
    func appears(on period: Period) -> Bool { page == "dashboard" && (self.period == nil || self.period == period.id) }
}

/// Everything parsed from a project folder.
public struct Project: Sendable {
    public var config: SiteConfig
    public let practices: [Practice]
    public var cases: [Case]
    public var costs: [CostRow]
    public var referrals: [ReferralRow]
    public var population: [PopulationRow]
    public var narratives: [Narrative]
    /// What happened to the case rows: read, and left out under `--skip-invalid`.
    public var quality = DataQuality()

    /// Municipality names in a stable, human order (computed once: pages ask for it often).
    public private(set) var municipalities: [String] = []
    /// Practices by id.
    public private(set) var practiceByID: [String: Practice] = [:]
    /// Each municipality's practices in human order of their names (pages list them; sorting
    /// with folded names on every page was a tenth of presenting a province).
    public private(set) var practicesOf: [String: [Practice]] = [:]

    public init(config: SiteConfig, practices: [Practice], cases: [Case], costs: [CostRow], referrals: [ReferralRow],
                population: [PopulationRow], narratives: [Narrative]) {
        self.config = config
        self.practices = practices
        self.cases = cases
        self.costs = costs
        self.referrals = referrals
        self.population = population
        self.narratives = narratives
        municipalities = Array(Set(practices.map(\.municipality))).sorted(by: humanOrder)
        practiceByID = Dictionary(practices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Fold each name once, then sort by the folded keys as `humanOrder` would.
        let keys = Dictionary(practices.map { ($0.name, humanKey($0.name)) }, uniquingKeysWith: { a, _ in a })
        practicesOf = Dictionary(grouping: practices, by: \.municipality).mapValues { ps in
            ps.sorted { (keys[$0.name]!, $0.name) < (keys[$1.name]!, $1.name) }
        }
    }
}

/// Sorts names as a reader expects (case and diacritics ignored), with a byte-order tie-break so the
/// order is total and every build writes the same bytes.
public func humanOrder(_ a: String, _ b: String) -> Bool {
    let ka = humanKey(a), kb = humanKey(b)
    return ka != kb ? ka < kb : a < b
}

/// What `humanOrder` compares first: the name without case and diacritics.
func humanKey(_ s: String) -> String { s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }

import Foundation

/// Another period whose figures the pages of a period show, and what puts them there.
struct ShownPeriod {
    var period: String
    /// The narrative naming it (`{{ value … period=<id> }}`) and the line; nil for an earlier
    /// period, which the pages show by themselves.
    var narrative: Narrative? = nil
    var line: Int? = nil
}

/// The other periods whose figures are on the pages of `p`: every earlier one in reporting order
/// (a practice's caseload per period, the comparison with the previous period), then each one a
/// narrative text on its dashboard names. A published page never changes, so `pohj publish`
/// wants these published first: an unpublished period may be protected differently by a later
/// build (new data, a period added), and readers would then have two versions of its counts,
/// the frozen page's and its own pages', which together can give a hidden count away.
func periodsShown(beside p: Period, periods: [Period], narratives: [Narrative]) -> [ShownPeriod] {
    var shown = periodsBefore(p, in: periods).map { ShownPeriod(period: $0.id) }
    for n in narratives where n.appears(on: p) {
        for named in periodsNamed(in: n) where named.period != p.id {
            shown.append(ShownPeriod(period: named.period, narrative: n, line: named.line))
        }
    }
    return shown
}

/// Why `pohj publish <p>` cannot go ahead yet: the periods its pages show that are not
/// published (`published`: folders under `archive/`), one diagnostic per cause. Empty: it can.
func unpublishedPeriodsShown(beside p: Period, periods: [Period], narratives: [Narrative], published: Set<String>) -> [Diagnostic] {
    let missing = periodsShown(beside: p, periods: periods, narratives: narratives).filter { !published.contains($0.period) }
    var problems: [Diagnostic] = []
    let earlier = missing.filter { $0.narrative == nil }.map(\.period)
    if !earlier.isEmpty {
        let list = earlier.joined(separator: ", ")
        problems.append(Diagnostic(.error, file: "site.yml",
            "the pages of \(p.id) show the figures of the earlier period(s) \(list) (a practice's caseload per period, the comparison with the previous period), which \(earlier.count == 1 ? "is" : "are") not published. A published page never changes, so what it shows of other periods must not change either: publish in reporting order, \(earlier.map { "`pohj publish \($0)`" }.joined(separator: ", ")), then `pohj publish \(p.id)`"))
    }
    for named in missing {
        guard let n = named.narrative else { continue }
        let scoped = n.period == nil ? ", or give this text `period: <id>` in its front matter so that it is not on every period's dashboard" : ""
        problems.append(Diagnostic(.error, file: n.file, line: named.line, value: "period=\(named.period)",
            "puts a figure of period \(named.period) on the dashboard of \(p.id), and \(named.period) is not published. A published page never changes, so what it shows of other periods must not change either: publish \(named.period) first, or take the figure out of this text\(scoped)"))
    }
    return problems
}

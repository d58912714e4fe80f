import Foundation

/// Another period whose figures the pages of a period show, and what puts them there.
enum ShownPeriod {
    /// An earlier period in reporting order, which the pages show by themselves.
    case earlier(Period)
    /// A period a narrative text on the dashboard names (`{{ value … period=<id> }}`), at `line`.
    case named(Period, by: Narrative, line: Int)
}

/// The other periods whose figures are on the pages of `p`: every earlier one in reporting order
/// (a practice's caseload per period, the comparison with the previous period), then each one a
/// narrative text on its dashboard names (ids not in site.yml are the build's error to report).
/// A published page never changes, so `pohj publish` wants these published first: an unpublished
/// period may be protected differently by a later build (new data, a period added), and readers
/// would then have two versions of its counts, the frozen page's and its own pages', which
/// together can give a hidden count away.
func periodsShown(beside p: Period, periods: [Period], narratives: [Narrative]) -> [ShownPeriod] {
    var shown = periodsBefore(p, in: periods).map(ShownPeriod.earlier)
    for n in narratives where n.appears(on: p) {
        for named in periodsNamed(in: n) where named.period != p.id {
            guard let q = periods.first(where: { $0.id == named.period }) else { continue }
            shown.append(.named(q, by: n, line: named.line))
        }
    }
    return shown
}

/// Why `pohj publish <p>` cannot go ahead: the earlier periods that are not published yet
/// (`published`: folders under `archive/`), and each narrative placeholder that names a later
/// period. Empty: it can.
/// `line`: where `p` is listed in site.yml.
func unpublishedPeriodsShown(beside p: Period, periods: [Period], narratives: [Narrative], published: Set<String>, line: Int? = nil) -> [Diagnostic] {
    var earlier: [String] = []
    var problems: [Diagnostic] = []
    let before = Set(periodsBefore(p, in: periods).map(\.id))
    let rule = "A published page never changes, so what it shows of other periods must not change either"
    for shown in periodsShown(beside: p, periods: periods, narratives: narratives) {
        switch shown {
        case .earlier(let q):
            if !published.contains(q.id) { earlier.append(q.id) }
        case .named(let q, let n, let textLine):
            // An earlier period is wanted published anyway (above). A later one's own pages show
            // p's figures, so it is published after p: never the other way round.
            guard !before.contains(q.id) else { continue }
            let scoping = n.period == nil ? ", or give this text `period: <id>` in its front matter so that it is not on every period's dashboard" : ""
            problems.append(Diagnostic(.error, file: n.file, line: textLine, value: "period=\(q.id)",
                "puts a figure of period \(q.id) on the dashboard of \(p.id), but \(q.id) comes after \(p.id) in reporting order and is published after it, so this text can never be frozen on the pages of \(p.id). \(rule): take the figure out of this text\(scoping)"))
        }
    }
    if !earlier.isEmpty {
        problems.insert(Diagnostic(.error, file: "site.yml", line: line,
            "the pages of \(p.id) show the figures of the earlier period(s) \(earlier.joined(separator: ", ")) (a practice's caseload per period, the comparison with the previous period), which \(earlier.count == 1 ? "is" : "are") not published. \(rule): publish in reporting order, \(earlier.map { "`pohj publish \($0)`" }.joined(separator: ", ")), then `pohj publish \(p.id)`"), at: 0)
    }
    return problems
}

/// After a restatement of `p`: the published periods whose pages show `p`'s figures, which keep
/// them as they were before the correction (a published page never changes).
func publishedPagesShowingRestated(_ p: Period, periods: [Period], narratives: [Narrative], published: Set<String>) -> [Diagnostic] {
    let showing = periods.filter { r in
        r.id != p.id && published.contains(r.id) && periodsShown(beside: r, periods: periods, narratives: narratives).contains { shown in
            switch shown {
            case .earlier(let q), .named(let q, _, _): return q.id == p.id
            }
        }
    }.map(\.id)
    guard !showing.isEmpty else { return [] }
    return [Diagnostic(.warning, file: "archive/\(p.id)",
        "the published pages of \(showing.joined(separator: ", ")) show figures of \(p.id) as they were before this correction, and keep them: a published page never changes. To show the corrected figures there too, restate \(showing.count == 1 ? "it" : "them") as well (\(showing.map { "`pohj publish \($0) --restate \"<reason>\"`" }.joined(separator: ", ")))")]
}

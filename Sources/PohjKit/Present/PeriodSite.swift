import Foundation

/// The pages of one period's site. The same pages are built for the live site (site root,
/// latest period) and for every period's archive copy under `archief/<period>/`.
enum PageKind: Hashable, Sendable {
    case dashboard
    case municipality(String)
    case practices
    case practice(String)
    case scenarios
}

struct PeriodSite {
    let project: Project
    let table: PublishedTable
    let period: Period
    /// The period figures are compared with, when there is one.
    let previous: Period?
    /// "" for the live site, "archief/<id>/" for an archive copy.
    let prefix: String
    let slugs: Slugs
    /// Periods offered in the period menu: all of them on live pages; on archive pages only
    /// earlier ones, since a frozen page cannot know later periods.
    let menuPeriods: [Period]
    /// This period and the ones before it in reporting order: what a page may look back on.
    let reportingPeriods: [Period]
    /// Corrections of a restated period, shown on every page of its archive copy.
    var corrections: [Correction] = []
    /// Folders of earlier versions kept after restatements (`2020--v1`), newest last.
    var previousVersions: [String] = []
    /// Version and date in the footer: those of the publication for a frozen period.
    var stamp: Stamp? = nil
    var isArchive: Bool { !prefix.isEmpty }
    /// The region's figures as text, made once per period site: every municipality and practice
    /// page shows them beside its own (thousands of times the same Decimal rounding), in the
    /// figures table and in a practice's breakdowns.
    var regionShown: [String: String] = [:]

    func relative(_ kind: PageKind) -> String {
        switch kind {
        case .dashboard: return "index.html"
        case .municipality(let m): return "gemeenten/\(slugs.municipality[m] ?? Slugs.slug(m))/index.html"
        case .practices: return "praktijken/index.html"
        case .practice(let p): return "praktijken/\(slugs.practice[p] ?? Slugs.slug(p))/index.html"
        case .scenarios: return "scenarios/index.html"
        }
    }
    func path(_ kind: PageKind) -> String { prefix + relative(kind) }
    func link(from kind: PageKind, to target: PageKind) -> String { relativeLink(from: path(kind), to: path(target)) }
    func link(from kind: PageKind, toSitePath target: String) -> String { relativeLink(from: path(kind), to: target) }

    var dataFolder: String { prefix + "data/\(period.id)/" }
    func chartCSVPath(_ kind: PageKind) -> String {
        let name: String
        switch kind {
        case .dashboard, .practices: name = "regio"
        case .scenarios: name = "scenarios"
        case .municipality(let m): name = "gemeente-\(slugs.municipality[m] ?? Slugs.slug(m))"
        case .practice(let p): name = "praktijk-\(slugs.practice[p] ?? Slugs.slug(p))"
        }
        return dataFolder + "grafieken/\(name).csv"
    }

    func indicator(_ id: String, _ scope: Scope, period p: Period? = nil) -> Indicator? {
        table.value(id, period: (p ?? period).id, scope: scope)
    }
    func show(_ id: String, _ scope: Scope) -> String { DutchFormat.indicator(indicator(id, scope)) }

    func scopeName(_ scope: Scope) -> String {
        switch scope {
        case .region: return "Regio \(project.config.region)"
        case .municipality(let m): return m
        case .practice(let p): return project.practiceByID[p]?.name ?? p
        }
    }

    /// Links to this page in the periods of the menu.
    func periodLinks(_ kind: PageKind) -> [(label: String, path: String, current: Bool)] { periodLinks(at: relative(kind)) }

    /// Links to the page at `relative` (its path within a period site) in the periods of the menu.
    func periodLinks(at relative: String) -> [(label: String, path: String, current: Bool)] {
        let page = prefix + relative
        var links = menuPeriods.map { p in
            // The current period links to the page itself; others to their archive copy.
            (label: p.label, path: relativeLink(from: page, to: p.id == period.id ? page : "archief/\(p.id)/" + relative),
             current: p.id == period.id)
        }
        links.append((label: "Alle perioden", path: relativeLink(from: page, to: "archief/index.html"), current: false))
        return links
    }

    /// Whether this site's pages are `twin`'s with only the links that leave the period site
    /// changed: the same period, nothing on the pages that only an archive copy shows
    /// (corrections), the same footer stamp. The live site and the latest period's archive copy
    /// are twins until that period is published (`retarget`).
    func isTwin(of twin: PeriodSite) -> Bool {
        twin.period == period && twin.previous == previous && twin.reportingPeriods == reportingPeriods
            && twin.corrections.isEmpty && corrections.isEmpty && twin.previousVersions.isEmpty && previousVersions.isEmpty
            && twin.stamp == stamp
    }

    /// `twin`'s page as this site's: links within a period site are relative and the same in
    /// both, so only its path, its period menu and the link to the site-wide accessibility
    /// statement change. Making the page again would give the same bytes (tested), at the cost of
    /// every figure table and chart once more.
    func retarget(_ page: Page, from twin: PeriodSite) -> Page {
        var page = page
        let relative = String(page.path.dropFirst(twin.prefix.count))
        page.path = prefix + relative
        page.periodLinks = periodLinks(at: relative)
        page.statement = relativeLink(from: page.path, to: "toegankelijkheid/index.html")
        return page
    }

    /// `twin`'s file (a chart's CSV) at this site's path: the same bytes, hard-linked to it.
    func retarget(_ file: OutputFile, from twin: PeriodSite) -> OutputFile {
        OutputFile(path: prefix + file.path.dropFirst(twin.prefix.count), bytes: file.bytes, sameAs: file.path)
    }

    /// Up, down, unchanged or not comparable, against the previous period (text, never colour alone).
    /// `now` and `before`: a figure in this period and in the previous one.
    func change(_ now: Indicator?, _ before: Indicator?) -> String {
        guard let previous else { return "geen vorige periode" }
        // Counts and money depend on the length of the period; only equal lengths compare.
        let lengthMatters = now?.unit == .count || now?.unit == .eur || now?.unit == .trajectories
        if lengthMatters && abs(previous.range.days - period.range.days) > 3 {
            return "niet vergelijkbaar (\(previous.label) is een periode van andere lengte)"
        }
        guard let a = now?.value.decimal, let b = before?.value.decimal else {
            return "niet vergelijkbaar (geheim of onbekend in \(previous.label))"
        }
        let was = DutchFormat.indicator(before)
        if a > b { return "▲ hoger dan \(previous.label) (\(was))" }
        if a < b { return "▼ lager dan \(previous.label) (\(was))" }
        return "= gelijk aan \(previous.label)"
    }

    func makePage(_ kind: PageKind, title: String, heading: String, description: String, body: [HTML]) -> Page {
        Page(path: path(kind), title: "\(title), \(period.label)", heading: heading,
             periodLabel: "\(period.label) (\(DutchFormat.longDate(period.start)) tot en met \(DutchFormat.longDate(period.end)))",
             description: description, body: HTML.lines([correctionNotice(kind)] + body), periodLinks: periodLinks(kind),
             breadcrumbs: breadcrumbs(kind), home: link(from: kind, to: .dashboard),
             assets: link(from: kind, toSitePath: prefix + "assets/"), stamp: stamp,
             statement: link(from: kind, toSitePath: "toegankelijkheid/index.html"))
    }

    /// "Gecorrigeerd op …: <reason>", with a link to the version before each correction.
    func correctionNotice(_ kind: PageKind) -> HTML {
        guard !corrections.isEmpty else { return .empty }
        let items = corrections.enumerated().map { i, c -> HTML in
            var parts: [HTML] = [.text("Gecorrigeerd op \(DutchFormat.longDate(c.date)): \(c.reason) ")]
            if i < previousVersions.count {
                parts.append(HTML.el("a", [("href", link(from: kind, toSitePath: "archief/\(previousVersions[i])/" + relative(kind)))], text: "Versie vóór deze correctie"))
            }
            return HTML.el("li", [], parts)
        }
        return HTML.el("aside", [("class", "correction"), ("aria-label", "Correcties")], [HTML.el("ul", [], items)])
    }

    func breadcrumbs(_ kind: PageKind) -> [(label: String, href: String)] {
        switch kind {
        case .dashboard: return []
        case .municipality, .practices, .scenarios: return [("Dashboard", link(from: kind, to: .dashboard))]
        case .practice: return [("Dashboard", link(from: kind, to: .dashboard)), ("Praktijken", link(from: kind, to: .practices))]
        }
    }

    // MARK: Shared sections

    /// Figures of a scope beside the region's, with the change since the previous period.
    func figureTable(_ rows: FigureRows, scope: Scope, caption: String, tableID: String) -> HTML {
        let compare = scope != .region
        let head = [("Cijfer", false), (scopeName(scope), true)] + (compare ? [("Regio", true)] : []) + [("Verandering", false)]
        // The scope's figures now and in the previous period, looked up once for all rows.
        let now = table.entry(period.id, scope)?.indicators.indicators(rows.ids)
        let before = previous.flatMap { table.entry($0.id, scope)?.indicators.indicators(rows.ids) }
        return HTML.dataTable(caption: caption, id: tableID, head: head) { w in
            for (k, label) in rows.labels.enumerated() {
                let figure = now?[k] ?? nil, id = rows.ids.ids[k]
                w.row(label)
                w.cell(DutchFormat.indicator(figure), numeric: true)
                if compare { w.cell(regionShown[id] ?? show(id, .region), numeric: true) }
                w.cell(change(figure, before?[k] ?? nil))
            }
        }
    }

    /// Rows of a figure table: their ids (looked up in every scope's figures alike) and labels.
    struct FigureRows: Sendable {
        let ids: IndicatorIDList
        let labels: [String]
        init(_ rows: [(id: String, label: String)]) {
            ids = IndicatorIDList(rows.map(\.id))
            labels = rows.map(\.label)
        }
    }

    /// Counts of a scope in this period and every earlier one: a practice's caseload over time,
    /// per reporting period (its monthly counts are not published).
    func periodTable(_ rows: [(id: String, label: String)], scope: Scope, caption: String, tableID: String) -> HTML {
        HTML.dataTable(caption: caption, id: tableID, head: [("Periode", false)] + rows.map { ($0.label, true) }) { w in
            for p in reportingPeriods {
                let figures = table.entry(p.id, scope)?.indicators
                w.row(p.label)
                for row in rows { w.cell(DutchFormat.indicator(figures?[row.id]), numeric: true) }
            }
        }
    }

    func section(_ id: String, _ title: String, _ content: [HTML]) -> HTML {
        HTML.el("section", [("aria-labelledby", id)], [HTML.el("h2", [("id", id)], text: title)] + content)
    }

    func charts(_ scope: Scope, uidPrefix: String) -> [ChartID: Chart] {
        [.caseload: ChartRenderer.caseload(table: table, period: period, scope: scope, uid: "\(uidPrefix)verloop"),
         .mix: ChartRenderer.mix(table: table, period: period, scope: scope, uid: "\(uidPrefix)interventies"),
         .scenarios: ChartRenderer.scenarios(table: table, period: period, scope: scope, scenarios: project.config.scenarios, uid: "\(uidPrefix)scenarios")]
    }

    func chartCSV(_ charts: [Chart]) -> String {
        (["chart,series,category,value,status"] + charts.flatMap { ChartRenderer.csvRows($0) }).joined(separator: "\r\n") + "\r\n"
    }

    func downloads(_ kind: PageKind) -> HTML {
        let links: [(String, String)] = [
            (dataFolder + "indicators.csv", "Alle indicatoren van \(period.label), per regio, gemeente en praktijk (CSV)"),
            (dataFolder + "indicators.json", "Dezelfde indicatoren als JSON"),
            (chartCSVPath(kind), "De cijfers van de grafieken op deze pagina (CSV)"),
        ]
        return section("h-downloads", "Open data", [
            HTML.el("ul", [], links.map { HTML.el("li", [], [HTML.el("a", [("href", link(from: kind, toSitePath: $0.0))], text: $0.1)]) }),
        ])
    }

    func aboutFigures() -> HTML {
        let policy = table.policy
        return section("h-over", "Over deze cijfers", [
            HTML.el("p", [], text: "Het gaat om de geestelijke gezondheid van kinderen. Daarom tonen we alleen totalen: aantallen zijn afgerond op een veelvoud van \(policy.roundingBase), aantallen van 0 tot en met \(policy.hideAtMost) tonen we als ‘geheim’, en percentages en bedragen zijn berekend uit de afgeronde aantallen. Een percentage van minder dan \(policy.minDenominator) jeugdigen tonen we niet. Totalen hoeven daardoor niet precies op te tellen."),
            HTML.el("p", [], text: "Kosten zijn naar rato van het aantal dagen aan de periode toegerekend. Vergelijkingen met de vorige periode staan alleen bij perioden van gelijke lengte."),
        ])
    }
}

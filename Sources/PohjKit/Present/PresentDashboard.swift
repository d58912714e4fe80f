import Foundation

/// present: the council dashboard of one period (region scope) from the published table.
struct DashboardPresenter {
    let project: Project
    let table: PublishedTable
    let period: Period
    let path: String
    let csvPath: String

    private var scope: Scope { .region }
    private func ind(_ id: String, _ s: Scope = .region) -> Indicator? { table.value(id, period: period.id, scope: s) }
    private func show(_ id: String, _ s: Scope = .region) -> String { DutchFormat.indicator(ind(id, s)) }

    func charts() -> [ChartID: Chart] {
        [.caseload: ChartRenderer.caseload(table: table, period: period, scope: scope, uid: "grafiek-verloop"),
         .mix: ChartRenderer.mix(table: table, period: period, scope: scope, uid: "grafiek-interventies"),
         .scenarios: ChartRenderer.scenarios(table: table, period: period, scope: scope, scenarios: project.config.scenarios, uid: "grafiek-scenarios")]
    }

    func present(diagnostics d: inout Diagnostics) -> (Page, csv: String) {
        let charts = charts()
        let csvHref = relativeLink(from: path, to: csvPath)
        var narrativeCharts: [ChartID: Int] = [:]
        func chartHTML(_ id: String) -> HTML? {
            guard let cid = ChartID(rawValue: id), var chart = charts[cid] else { return nil }
            // A chart placed twice gets its own ids the second time.
            narrativeCharts[cid, default: 0] += 1
            chart = rebuilt(cid, uid: "\(chart.uid)-\(narrativeCharts[cid]!)")
            return ChartRenderer.figure(chart, csvHref: csvHref)
        }

        var sections: [HTML] = []
        sections.append(keyFigures())

        let texts = project.narratives.filter { $0.page == "dashboard" && ($0.period == nil || $0.period == period.id) }
            .sorted { ($0.period == nil ? 0 : 1, $0.file) < ($1.period == nil ? 0 : 1, $1.file) }
        for n in texts {
            let body = renderNarrative(n, table: table, period: period, scope: scope, chart: chartHTML, diagnostics: &d)
            var parts: [HTML] = []
            if let title = n.title { parts.append(HTML.el("h2", [], text: title)) }
            parts.append(body)
            sections.append(HTML.el("section", [("class", "narrative")], parts))
        }

        // A chart the narrative already placed is not shown a second time.
        if narrativeCharts[.caseload] == nil {
            sections.append(HTML.el("section", [("aria-labelledby", "h-verloop")], [
                HTML.el("h2", [("id", "h-verloop")], text: "Aantal jeugdigen"),
                ChartRenderer.figure(charts[.caseload]!, csvHref: csvHref),
            ]))
        }
        if narrativeCharts[.mix] == nil {
            sections.append(HTML.el("section", [("aria-labelledby", "h-interventies")], [
                HTML.el("h2", [("id", "h-interventies")], text: "Wat de POH-jeugd deed"),
                ChartRenderer.figure(charts[.mix]!, csvHref: csvHref),
            ]))
        }
        sections.append(scenarioSection(narrativeCharts[.scenarios] == nil ? charts[.scenarios]! : nil, csvHref: csvHref))
        sections.append(municipalityTable())
        sections.append(downloads())
        sections.append(aboutFigures())

        let csv = (["chart,series,category,value,status"] + ChartID.allCases.flatMap { ChartRenderer.csvRows(charts[$0]!) }).joined(separator: "\r\n") + "\r\n"
        let heading = "Raadsdashboard POH-jeugd \(project.config.region)"
        let periods = project.config.periods.map { p in
            (label: p.label, path: relativeLink(from: path, to: "perioden/\(p.id)/index.html"), current: p.id == period.id)
        }
        let page = Page(path: path, title: "\(heading), \(period.label)", heading: heading,
                        periodLabel: "\(period.label) (\(DutchFormat.longDate(period.start)) tot en met \(DutchFormat.longDate(period.end)))",
                        description: "Resultaten, kosten en besparingen van de POH-jeugd in \(project.config.region), \(period.label).",
                        body: HTML.lines(sections), periodLinks: periods)
        return (page, csv)
    }

    private func rebuilt(_ id: ChartID, uid: String) -> Chart {
        switch id {
        case .caseload: return ChartRenderer.caseload(table: table, period: period, scope: scope, uid: uid)
        case .mix: return ChartRenderer.mix(table: table, period: period, scope: scope, uid: uid)
        case .scenarios: return ChartRenderer.scenarios(table: table, period: period, scope: scope, scenarios: project.config.scenarios, uid: uid)
        }
    }

    private func keyFigures() -> HTML {
        var cards: [(String, String, String)] = [
            ("Nieuwe jeugdigen", show("cases.new"), "eerste gesprek in deze periode"),
            ("Lopende trajecten", show("cases.active"), "ergens in deze periode in zorg"),
            ("Geholpen zonder tweedelijns verwijzing", show("outcome.avoided_second_line.share"), "zelf geholpen of naar preventieve hulp, van de jeugdigen met bekende interventie"),
        ]
        if case .share? = ind("reach.share")?.value {
            cards.append(("Bereik", show("reach.share"), "van de jeugdigen die de huisarts anders had verwezen"))
        }
        cards.append(("Kosten POH-jeugd", show("cost.total"), "toegerekend aan deze periode"))
        for s in project.config.scenarios.prefix(2) {
            cards.append(("Besparing \(s.label.lowercased())", show("savings.\(s.id).gross_eur"), coverageText(s)))
        }
        let items = cards.map { c in
            HTML.el("div", [("class", "kpi")], [
                HTML.el("dt", [], text: c.0),
                HTML.el("dd", [("class", "kpi-value")], text: c.1),
                HTML.el("dd", [("class", "kpi-note")], text: c.2),
            ])
        }
        return HTML.el("section", [("aria-labelledby", "h-kerncijfers")], [
            HTML.el("h2", [("id", "h-kerncijfers")], text: "Kerncijfers"),
            HTML.el("dl", [("class", "kpis")], items),
        ])
    }

    private func coverageText(_ s: Scenario) -> String {
        switch ind("savings.\(s.id).coverage")?.value {
        case .number(let c)?: return "dekt \(DutchFormat.percent(c, decimals: 0)) van de kosten"
        case .numberRange(let l, let h)?: return "dekt \(DutchFormat.percent(l, decimals: 0)) – \(DutchFormat.percent(h, decimals: 0)) van de kosten"
        default: return "kosten onbekend"
        }
    }

    private func scenarioSection(_ chart: Chart?, csvHref: String) -> HTML {
        let prices = table.prices
        let p = project.config.parameters
        func source(_ s: Prices.Source) -> String {
            switch s {
            case .configuration: return "ingesteld in site.yml"
            case .baseline: return "gemiddelde van het basisjaar \(project.config.baselineYear.map(String.init) ?? "")"
            case .defaultValue: return "standaardwaarde (TWO 2018, Rebel)"
            }
        }
        var rows: [HTML] = []
        for s in project.config.scenarios {
            rows.append(HTML.el("tr", [], [
                HTML.el("th", [("scope", "row")], text: s.label),
                HTML.el("td", [], text: assumption(s)),
                HTML.el("td", [("class", "num")], text: show("savings.\(s.id).gross_eur")),
                HTML.el("td", [("class", "num")], text: show("savings.\(s.id).net_eur")),
                HTML.el("td", [], text: s.source),
            ]))
        }
        let table = HTML.el("table", [("class", "data-table")], [
            HTML.el("caption", [], text: "Scenario's en hun aannames, \(period.label)"),
            HTML.el("thead", [], [HTML.el("tr", [], ["Scenario", "Aanname", "Vermeden kosten", "Netto resultaat", "Bron"].map { HTML.el("th", [("scope", "col")], text: $0) })]),
            HTML.el("tbody", [], rows),
        ])
        let breakeven = "Om zichzelf terug te verdienen moet de POH-jeugd in deze periode \(show("breakeven.trajectories")) B-GGZ-trajecten voorkomen; dat vraagt \(show("breakeven.hours_per_week")) uur per week, \(show("breakeven.capacity_share")) van de huidige \(show("capacity.hours_per_week")) uur per week."
        let params = "Gebruikte waarden: B-GGZ-traject \(DutchFormat.money(prices.bggz, cents: prices.bggz != prices.bggz.rounded(0))) (\(source(prices.bggzSource))), S-GGZ-traject \(DutchFormat.money(prices.sggz, cents: prices.sggz != prices.sggz.rounded(0))) (\(source(prices.sggzSource))), landelijke trajectprijs \(DutchFormat.money(prices.aef.low)) – \(DutchFormat.money(prices.aef.high)) (AEF), uurtarief POH-jeugd \(DutchFormat.money(p.pohHourly, cents: true)), indirecte tijd × \(DutchFormat.number(p.indirectFactor, decimals: 2)), \(DutchFormat.number(p.workingWeeks)) werkweken per jaar."
        return HTML.el("section", [("aria-labelledby", "h-scenarios")], [
            HTML.el("h2", [("id", "h-scenarios")], text: "Kosten en besparingen"),
            chart.map { ChartRenderer.figure($0, csvHref: csvHref) } ?? .empty,
            table,
            HTML.el("p", [], text: breakeven),
            HTML.el("p", [("class", "note")], text: params),
            HTML.el("p", [("class", "note")], text: "Let op: getrapte zorg (eerst de POH-jeugd, daarna toch een verwijzing) en overbruggingshulp kosten POH-uren zonder een traject te voorkomen. De scenario's rekenen met afgeronde aantallen, zoals alle cijfers op deze site."),
        ])
    }

    private func assumption(_ s: Scenario) -> String {
        s.avoids.map { a in
            let who: String
            switch s.base {
            case .self_helped_by_band:
                let band = a.band.map { b in b == .one ? "1 contact" : "\(b.rawValue.replacingOccurrences(of: "-", with: "–")) contacten" } ?? ""
                who = "zelf geholpen met \(band)"
            case .all_clients: who = "alle cliënten"
            }
            let what: String
            switch a.price {
            case .care(let c): what = "een \(c == .bggz ? "B-GGZ" : "S-GGZ")-traject"
            case .aef: what = "een specialistisch traject (landelijke prijs)"
            case .fixed(let l, let h): what = l == h ? "een traject van \(DutchFormat.money(l))" : "een traject van \(DutchFormat.money(l)) – \(DutchFormat.money(h))"
            }
            return "\(DutchFormat.percent(a.share, decimals: 0)) van \(who) voorkomt \(what)"
        }.joined(separator: "; ")
    }

    private func municipalityTable() -> HTML {
        let columns: [(String, String)] = [("cases.new", "Nieuwe jeugdigen"), ("outcome.avoided_second_line.share", "Zonder tweedelijns verwijzing"),
                                           ("capacity.hours_per_week", "Uren POH-jeugd per week"), ("cost.total", "Kosten"),
                                           ("savings.conservatief.gross_eur", "Besparing conservatief")]
        let scopes: [Scope] = project.municipalities.map { .municipality($0) } + [.region]
        let rows = scopes.map { s -> HTML in
            let name = s == .region ? "Regio \(project.config.region)" : s.id
            return HTML.el("tr", [], [HTML.el("th", [("scope", "row")], text: name)]
                           + columns.map { HTML.el("td", [("class", "num")], text: show($0.0, s)) })
        }
        return HTML.el("section", [("aria-labelledby", "h-gemeenten")], [
            HTML.el("h2", [("id", "h-gemeenten")], text: "Per gemeente"),
            HTML.el("div", [("class", "table-scroll"), ("role", "region"), ("aria-labelledby", "cap-gemeenten"), ("tabindex", "0")], [
                HTML.el("table", [("class", "data-table")], [
                    HTML.el("caption", [("id", "cap-gemeenten")], text: "Kerncijfers per gemeente, \(period.label)"),
                    HTML.el("thead", [], [HTML.el("tr", [], [HTML.el("th", [("scope", "col")], text: "Gemeente")] + columns.map { HTML.el("th", [("scope", "col"), ("class", "num")], text: $0.1) })]),
                    HTML.el("tbody", [], rows),
                ]),
            ]),
        ])
    }

    private func downloads() -> HTML {
        let base = "data/\(period.id)/"
        let links: [(String, String)] = [
            ("indicators.csv", "Alle indicatoren van \(period.label), per regio, gemeente en praktijk (CSV)"),
            ("indicators.json", "Dezelfde indicatoren als JSON"),
            ("grafieken.csv", "De cijfers van de grafieken op deze pagina (CSV)"),
        ]
        return HTML.el("section", [("aria-labelledby", "h-downloads")], [
            HTML.el("h2", [("id", "h-downloads")], text: "Open data"),
            HTML.el("ul", [], links.map { HTML.el("li", [], [HTML.el("a", [("href", relativeLink(from: path, to: base + $0.0))], text: $0.1)]) }),
        ])
    }

    private func aboutFigures() -> HTML {
        let policy = table.policy
        let used = protectCount(project.cases.count, policy).map(DutchFormat.count) ?? "minder dan \(policy.hideAtMost + 1)"
        return HTML.el("section", [("aria-labelledby", "h-over")], [
            HTML.el("h2", [("id", "h-over")], text: "Over deze cijfers"),
            HTML.el("p", [], text: "Het gaat om de geestelijke gezondheid van kinderen. Daarom tonen we alleen totalen: aantallen zijn afgerond op een veelvoud van \(policy.roundingBase), aantallen van 0 tot en met \(policy.hideAtMost) tonen we als ‘geheim’, en percentages en bedragen zijn berekend uit de afgeronde aantallen. Een percentage van minder dan \(policy.minDenominator) jeugdigen tonen we niet. Totalen hoeven daardoor niet precies op te tellen."),
            HTML.el("p", [], text: "Gebruikte registraties: ongeveer \(used) trajecten uit de monitoring van de POH-jeugd in \(project.practices.filter { $0.joined != nil }.count) huisartsenpraktijken. Kosten zijn naar rato van het aantal dagen aan de periode toegerekend."),
        ])
    }
}

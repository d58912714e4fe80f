import Foundation

/// present: the council dashboard (region scope) of one period.
extension PeriodSite {
    func dashboard(diagnostics d: inout Diagnostics) -> (Page, OutputFile) {
        let kind = PageKind.dashboard
        let charts = charts(.region, uidPrefix: "grafiek-")
        let csvHref = link(from: kind, toSitePath: chartCSVPath(kind))
        var placed: [ChartID: Int] = [:]
        func chartHTML(_ id: String) -> HTML? {
            guard let cid = ChartID(rawValue: id), let chart = charts[cid] else { return nil }
            // A chart placed more than once gets its own ids each time.
            placed[cid, default: 0] += 1
            var copy = chart
            if placed[cid]! > 1 { copy = self.charts(.region, uidPrefix: "grafiek-\(placed[cid]!)-")[cid]! }
            return ChartRenderer.figure(copy, csvHref: csvHref)
        }

        var sections: [HTML] = [keyFigures()]
        let texts = project.narratives.filter { $0.appears(on: period) }
            .sorted { ($0.period == nil ? 0 : 1, $0.file) < ($1.period == nil ? 0 : 1, $1.file) }
        for n in texts {
            let body = renderNarrative(n, table: table, period: period, scope: .region, chart: chartHTML, diagnostics: &d)
            sections.append(HTML.el("section", [("class", "narrative")], (n.title.map { [HTML.el("h2", [], text: $0)] } ?? []) + [body]))
        }
        // A chart the narrative already placed is not shown a second time.
        if placed[.caseload] == nil {
            sections.append(section("h-verloop", "Aantal jeugdigen", [ChartRenderer.figure(charts[.caseload]!, csvHref: csvHref)]))
        }
        if placed[.mix] == nil {
            sections.append(section("h-interventies", "Wat de POH-jeugd deed", [ChartRenderer.figure(charts[.mix]!, csvHref: csvHref)]))
        }
        sections.append(scenarioSection(.region, from: kind, chart: placed[.scenarios] == nil ? charts[.scenarios] : nil, csvHref: csvHref))
        sections.append(municipalityTable())
        sections.append(dataQuality())
        sections.append(downloads(kind))
        sections.append(aboutFigures())

        let heading = "Raadsdashboard POH-jeugd \(project.config.region)"
        let page = makePage(kind, title: heading, heading: heading,
                            description: "Resultaten, kosten en besparingen van de POH-jeugd in \(project.config.region), \(period.label).",
                            body: sections)
        let csv = OutputFile(path: chartCSVPath(kind), text: chartCSV(ChartID.allCases.map { charts[$0]! }))
        return (page, csv)
    }

    /// What the figures rest on: rows read and used, rows left out and why, and the cases the
    /// scenarios could not use. Counts are rounded like every other count.
    func dataQuality() -> HTML {
        let q = project.quality
        let policy = table.policy
        func rounded(_ n: Int) -> String { protectCount(n, policy).map(DutchFormat.count) ?? "minder dan \(policy.hideAtMost + 1)" }
        var parts: [HTML] = [
            HTML.el("p", [], text: "Gelezen: ongeveer \(rounded(q.rowsRead)) registraties uit de monitoring van de POH-jeugd. Gebruikt: ongeveer \(rounded(q.rowsUsed))."),
        ]
        if !q.skipped.isEmpty {
            var reasons: [String: Int] = [:]
            for s in q.skipped { reasons["\(s.column.map { "kolom \($0)" } ?? "rij"): \(s.message.components(separatedBy: ";")[0])", default: 0] += 1 }
            parts.append(HTML.el("p", [], text: "Weggelaten omdat de registratie niet klopte (ongeveer \(rounded(q.skipped.count)) rijen):"))
            parts.append(HTML.el("ul", [], reasons.sorted { $0.key < $1.key }.map { HTML.el("li", [], text: "\($0.key) (\(rounded($0.value)))") }))
        }
        let unknownContacts = indicator("base.self_helped.unknown.count", .region)
        if case .count(let n)? = unknownContacts?.value, n > 0 {
            parts.append(HTML.el("p", [], text: "Bij ongeveer \(DutchFormat.count(n)) zelf geholpen jeugdigen is het aantal contacten niet ingevuld; de scenario's tellen hen niet mee."))
        }
        if case .count(let n)? = indicator("mix.unknown.count", .region)?.value, n > 0 {
            parts.append(HTML.el("p", [], text: "Bij ongeveer \(DutchFormat.count(n)) nieuwe jeugdigen is (nog) niet bekend welke hulp het werd, meestal omdat het traject aan het eind van de periode nog liep."))
        }
        return section("h-kwaliteit", "Over de gegevens", parts)
    }

    func keyFigures() -> HTML {
        let r = Scope.region
        var cards: [(String, String, String)] = [
            ("Nieuwe jeugdigen", show("cases.new", r), "eerste gesprek in deze periode"),
            ("Lopende trajecten", show("cases.active", r), "ergens in deze periode in zorg"),
            ("Geholpen zonder tweedelijns verwijzing", show("outcome.avoided_second_line.share", r), "zelf geholpen of naar preventieve hulp, van de jeugdigen met bekende interventie"),
        ]
        if case .share? = indicator("reach.share", r)?.value {
            cards.append(("Bereik", show("reach.share", r), "van de jeugdigen die de huisarts anders had verwezen"))
        }
        cards.append(("Kosten POH-jeugd", show("cost.total", r), "toegerekend aan deze periode"))
        for s in project.config.scenarios.prefix(2) {
            cards.append(("Besparing \(s.label.lowercased())", show("savings.\(s.id).gross_eur", r), coverageText(s, r)))
        }
        let items = cards.map { c in
            HTML.el("div", [("class", "kpi")], [
                HTML.el("dt", [], text: c.0),
                HTML.el("dd", [("class", "kpi-value")], text: c.1),
                HTML.el("dd", [("class", "kpi-note")], text: c.2),
            ])
        }
        return section("h-kerncijfers", "Kerncijfers", [HTML.el("dl", [("class", "kpis")], items)])
    }

    func coverageText(_ s: Scenario, _ scope: Scope) -> String {
        switch indicator("savings.\(s.id).coverage", scope)?.value {
        case .number(let c)?: return "dekt \(DutchFormat.percent(c, decimals: 0)) van de kosten"
        case .numberRange(let l, let h)?: return "dekt \(DutchFormat.percent(l, decimals: 0)) – \(DutchFormat.percent(h, decimals: 0)) van de kosten"
        default: return "kosten onbekend"
        }
    }

    func scenarioSection(_ scope: Scope, from kind: PageKind, chart: Chart?, csvHref: String) -> HTML {
        let prices = table.prices
        let p = project.config.parameters
        func source(_ s: Prices.Source) -> String {
            switch s {
            case .configuration: return "ingesteld in site.yml"
            case .baseline: return "gemiddelde van het basisjaar \(project.config.baselineYear.map(String.init) ?? "")"
            case .defaultValue: return "standaardwaarde (TWO 2018, Rebel)"
            }
        }
        let rows = project.config.scenarios.map { s in
            HTML.el("tr", [], [
                HTML.el("th", [("scope", "row")], text: s.label),
                HTML.el("td", [], text: assumption(s)),
                HTML.el("td", [("class", "num")], text: show("savings.\(s.id).gross_eur", scope)),
                HTML.el("td", [("class", "num")], text: show("savings.\(s.id).net_eur", scope)),
                HTML.el("td", [], text: s.source),
            ])
        }
        let tableID = "cap-scenarios-\(scope.type)"
        let table = HTML.el("div", [("class", "table-scroll"), ("role", "region"), ("aria-labelledby", tableID), ("tabindex", "0")], [
            HTML.el("table", [("class", "data-table")], [
                HTML.el("caption", [("id", tableID)], text: "Scenario's en hun aannames, \(scopeName(scope)), \(period.label)"),
                HTML.el("thead", [], [HTML.el("tr", [], ["Scenario", "Aanname", "Vermeden kosten", "Netto resultaat", "Bron"].map { HTML.el("th", [("scope", "col")], text: $0) })]),
                HTML.el("tbody", [], rows),
            ]),
        ])
        let breakeven: String
        if case .number? = indicator("breakeven.trajectories", scope)?.value {
            breakeven = "Om zichzelf terug te verdienen moet de POH-jeugd in deze periode \(show("breakeven.trajectories", scope)) B-GGZ-trajecten voorkomen; dat vraagt \(show("breakeven.hours_per_week", scope)) uur per week, \(show("breakeven.capacity_share", scope)) van de huidige \(show("capacity.hours_per_week", scope)) uur per week."
        } else {
            breakeven = "De kosten van deze periode zijn niet bekend, dus het break-evenpunt ook niet."
        }
        let params = "Gebruikte waarden: B-GGZ-traject \(DutchFormat.money(prices.bggz, cents: prices.bggz != prices.bggz.rounded(0))) (\(source(prices.bggzSource))), S-GGZ-traject \(DutchFormat.money(prices.sggz, cents: prices.sggz != prices.sggz.rounded(0))) (\(source(prices.sggzSource))), landelijke trajectprijs \(DutchFormat.money(prices.aef.low)) – \(DutchFormat.money(prices.aef.high)) (AEF), uurtarief POH-jeugd \(DutchFormat.money(p.pohHourly, cents: true)), indirecte tijd × \(DutchFormat.number(p.indirectFactor, decimals: 2)), \(DutchFormat.number(p.workingWeeks)) werkweken per jaar."
        return section("h-scenarios", "Kosten en besparingen", [
            chart.map { ChartRenderer.figure($0, csvHref: csvHref) } ?? .empty,
            table,
            HTML.el("p", [], text: breakeven),
            HTML.el("p", [("class", "note")], text: params),
            HTML.el("p", [], [HTML.el("a", [("href", link(from: kind, to: .scenarios))], text: "Alle scenario's, hun aannames en hoe gevoelig ze zijn")]),
            HTML.el("p", [("class", "note")], text: "Let op: getrapte zorg (eerst de POH-jeugd, daarna toch een verwijzing) en overbruggingshulp kosten POH-uren zonder een traject te voorkomen. De scenario's rekenen met afgeronde aantallen, zoals alle cijfers op deze site."),
        ])
    }

    func assumption(_ s: Scenario) -> String {
        if s.base == .baseline_spend {
            let share = DutchFormat.percent(s.spendShare ?? 0, decimals: 0)
            let of = s.spendAmount.map { "een uitgave van \(DutchFormat.money($0)) per jaar" }
                ?? "de uitgaven aan jeugd-GGZ (alle verwijzers, zonder jeugd- en opvoedhulp) in het basisjaar \(project.config.baselineYear.map(String.init) ?? "")"
            let ramp: String
            switch s.ramp {
            case .none: ramp = "vanaf het eerste jaar volledig"
            case .coverage: ramp = "naar rato van het aandeel praktijken met een POH-jeugd"
            case .linear(let start, let years): ramp = "lineair opgebouwd in \(years) jaar vanaf \(start.map(String.init) ?? "het eerste jaar met een POH-jeugd")"
            }
            return "\(share) van \(of), \(ramp)"
        }
        return s.avoids.map { a in
            let who: String
            switch s.base {
            case .self_helped_by_band:
                let band = a.band.map { b in b == .one ? "1 contact" : "\(b.rawValue.replacingOccurrences(of: "-", with: "–")) contacten" } ?? ""
                who = "zelf geholpen met \(band)"
            case .all_clients, .baseline_spend: who = "alle cliënten"
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

    func municipalityTable() -> HTML {
        let kind = PageKind.dashboard
        let columns: [(String, String)] = [("cases.new", "Nieuwe jeugdigen"), ("outcome.avoided_second_line.share", "Zonder tweedelijns verwijzing"),
                                           ("capacity.hours_per_week", "Uren POH-jeugd per week"), ("cost.total", "Kosten"),
                                           ("savings.conservatief.gross_eur", "Besparing conservatief")]
        let scopes: [Scope] = project.municipalities.map { .municipality($0) } + [.region]
        let rows = scopes.map { s -> HTML in
            let name: HTML
            if case .municipality(let m) = s {
                name = HTML.el("a", [("href", link(from: kind, to: .municipality(m)))], text: m)
            } else {
                name = .text(scopeName(s))
            }
            return HTML.el("tr", [], [HTML.el("th", [("scope", "row")], [name])]
                           + columns.map { HTML.el("td", [("class", "num")], text: indicator($0.0, s) == nil ? "–" : show($0.0, s)) })
        }
        return section("h-gemeenten", "Per gemeente", [
            HTML.el("div", [("class", "table-scroll"), ("role", "region"), ("aria-labelledby", "cap-gemeenten"), ("tabindex", "0")], [
                HTML.el("table", [("class", "data-table")], [
                    HTML.el("caption", [("id", "cap-gemeenten")], text: "Kerncijfers per gemeente, \(period.label)"),
                    HTML.el("thead", [], [HTML.el("tr", [], [HTML.el("th", [("scope", "col")], text: "Gemeente")] + columns.map { HTML.el("th", [("scope", "col"), ("class", "num")], text: $0.1) })]),
                    HTML.el("tbody", [], rows),
                ]),
            ]),
            HTML.el("p", [], [HTML.el("a", [("href", link(from: kind, to: .practices))], text: "Alle huisartsenpraktijken met een POH-jeugd")]),
        ])
    }
}

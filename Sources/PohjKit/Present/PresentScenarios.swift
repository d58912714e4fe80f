import Foundation

/// present: the scenarios page, where a council member sees the assumptions behind each savings
/// figure side by side, computed from this region's own (protected) data.
extension PeriodSite {
    func scenariosPage() -> (Page, OutputFile) {
        let kind = PageKind.scenarios, r = Scope.region
        let charts = charts(r, uidPrefix: "grafiek-")
        let csvHref = link(from: kind, toSitePath: chartCSVPath(kind))
        var chartList = [charts[.scenarios]!]
        var sections: [HTML] = [
            HTML.el("p", [], text: "Raadsbrieven noemen besparingen van ‘30% van de uitgaven’ tot ‘€ 170.000 – € 205.000’ of ‘€ 62 – 88 miljoen landelijk’. Ze verschillen omdat ze op verschillende aannames rusten. Hier staan die aannames naast elkaar, doorgerekend met de cijfers van \(project.config.region) over \(period.label)."),
        ]
        // Assumptions and results.
        let rows = project.config.scenarios.map { s in
            HTML.el("tr", [], [
                HTML.el("th", [("scope", "row")], text: s.label),
                HTML.el("td", [], text: assumption(s)),
                HTML.el("td", [], text: s.source),
                HTML.el("td", [("class", "num")], text: show("savings.\(s.id).gross_eur", r)),
                HTML.el("td", [("class", "num")], text: show("savings.\(s.id).net_eur", r)),
                HTML.el("td", [], text: coverageText(s, r)),
            ])
        }
        sections.append(section("h-aannames", "Scenario's, aannames en uitkomsten", [
            scrollTable(caption: "Scenario's naast elkaar, \(period.label); kosten POH-jeugd \(show("cost.total", r))", id: "cap-aannames",
                        head: ["Scenario", "Aanname", "Bron", "Vermeden kosten", "Netto resultaat", "Dekking van de kosten"], rows: rows),
            ChartRenderer.figure(charts[.scenarios]!, csvHref: csvHref),
        ]))

        // Break-even beside what was achieved, per municipality.
        let beRows = ([Scope.region] + project.municipalities.map { Scope.municipality($0) }).map { s -> HTML in
            HTML.el("tr", [], [HTML.el("th", [("scope", "row")], text: scopeName(s))] + [
                show("cost.total", s), show("breakeven.trajectories", s), show("breakeven.hours_per_week", s),
                show("breakeven.capacity_share", s), achieved(s),
            ].map { HTML.el("td", [("class", "num")], text: $0) })
        }
        sections.append(section("h-breakeven", "Wat de POH-jeugd moet bereiken om zichzelf terug te verdienen", [
            HTML.el("p", [], text: "Break-even: de kosten gedeeld door de prijs van een B-GGZ-traject (\(DutchFormat.money(table.prices.bggz))) is het aantal trajecten dat voorkomen moet worden. Met gemiddeld \(DutchFormat.number(project.config.parameters.breakevenContacts, decimals: 0)) contacten per traject, \(DutchFormat.number(project.config.parameters.hoursPerContact, decimals: 0)) uur per contact en \(DutchFormat.number(project.config.parameters.indirectFactor, decimals: 2)) × voor indirecte tijd volgt het aantal uren per week, naast de uren die er nu zijn."),
            scrollTable(caption: "Break-even en wat bereikt is, \(period.label)", id: "cap-breakeven",
                        head: ["", "Kosten", "Trajecten nodig", "Uren per week nodig", "Deel van de huidige uren", "Zelf geholpen met 2 of meer contacten"], rows: beRows),
        ]))

        // Sensitivity of the conservative scenario.
        if let sens = sensitivity() { sections.append(sens) }

        // Capacity and the cost model.
        let capRows = ([Scope.region] + project.municipalities.map { Scope.municipality($0) }).map { s -> HTML in
            HTML.el("tr", [], [HTML.el("th", [("scope", "row")], text: scopeName(s))] + [
                show("capacity.hours_per_week", s), show("capacity.fte_per_10k_youth", s), show("capacity.norm_hours_per_week", s),
                show("cost.per_case", s), show("overhead.municipality_eur", s),
            ].map { HTML.el("td", [("class", "num")], text: $0) })
        }
        let band = ContactsBand.allCases.map { "\($0.label): \(show("cost.per_trajectory.\($0.rawValue)", r))" }.joined(separator: "; ")
        sections.append(section("h-capaciteit", "Capaciteit en kostenmodel", [
            HTML.el("p", [], text: "AEF adviseert \(DutchFormat.number(project.config.parameters.fteNormMin, decimals: 1)) – \(DutchFormat.number(project.config.parameters.fteNormMax, decimals: 1)) fte POH-jeugd per 10.000 jeugdigen (\(DutchFormat.number(project.config.parameters.hoursPerFTE)) uur per fte). Kosten van een traject bij \(DutchFormat.money(project.config.parameters.pohHourly, cents: true)) per uur: \(band)."),
            scrollTable(caption: "Capaciteit, kosten per jeugdige en vergoeding praktijkkosten, \(period.label)", id: "cap-capaciteit",
                        head: ["", "Uren per week", "Fte per 10.000 jeugdigen", "Uren volgens de norm", "Kosten per nieuwe jeugdige", "Vergoeding praktijkkosten door de gemeente (eerste jaar)"], rows: capRows),
            HTML.el("p", [("class", "note")], text: "Vergoeding praktijkkosten volgens het regionale plan: ruimte \(DutchFormat.money(project.config.parameters.overheadRoomPerHour)) per POH-uur, HIS-licentie \(DutchFormat.money(project.config.parameters.overheadHIS)), verzekering \(DutchFormat.money(project.config.parameters.overheadInsurance)) per jaar en inwerken eenmalig; de gemeente betaalt 50% (model aanvullend) of 50 – 100% (model extra)."),
        ]))

        // Multi-year projection of ramped scenarios.
        for s in project.config.scenarios where s.base == .baseline_spend {
            if case .none = s.ramp { continue }
            if let chart = projection(s) {
                chartList.append(chart)
                sections.append(section("h-opbouw-\(s.id)", "Opbouw over de jaren: \(s.label)", [ChartRenderer.figure(chart, csvHref: csvHref)]))
            }
        }

        sections.append(section("h-kanttekeningen", "Kanttekeningen", [
            HTML.el("ul", [], [
                "Getrapte zorg: soms ziet de POH-jeugd een jeugdige eerst en volgt daarna toch een verwijzing. Dat kost POH-uren zonder een traject te voorkomen.",
                "Overbruggingshulp helpt jeugdigen die wachten op tweedelijns zorg, maar voorkomt dat traject niet.",
                "Aanzuigende werking: een laagdrempelige POH-jeugd trekt ook jeugdigen aan die anders geen hulp hadden gezocht. Dat is winst voor hen, maar geen besparing.",
                "2020 was een coronajaar: aanmeldingen en verwijzingen waren anders dan in een gewoon jaar.",
                "De scenario's rekenen met afgeronde aantallen, zoals alle cijfers op deze site, en met gemiddelde trajectprijzen.",
            ].map { HTML.el("li", [], text: $0) }),
        ]))
        sections.append(downloads(kind))
        let page = makePage(kind, title: "Besparingsscenario's", heading: "Besparingsscenario's en hun aannames",
                            description: "Besparingsscenario's van de POH-jeugd in \(project.config.region), \(period.label), met aannames en bronnen.", body: sections)
        return (page, OutputFile(path: chartCSVPath(kind), text: chartCSV(chartList)))
    }

    func scrollTable(caption: String, id: String, head: [String], rows: [HTML]) -> HTML {
        HTML.dataTable(caption: caption, id: id, head: head.enumerated().map { ($0.element, $0.offset > 0) }) { w in
            for row in rows { w.append(row) }
        }
    }

    /// Self-helped trajectories of 2 or more contacts: what the conservative scenario counts as avoided.
    func achieved(_ s: Scope) -> String {
        guard case .count(let a)? = indicator("base.self_helped.2-5.count", s)?.value,
              case .count(let b)? = indicator("base.self_helped.6-10.count", s)?.value else { return "geheim" }
        return DutchFormat.count(a + b)
    }

    /// How the conservative result moves with the B-GGZ price and with the share self-helped.
    func sensitivity() -> HTML? {
        guard project.config.scenarios.contains(where: { $0.id == "conservatief" }),
              case .count(let a)? = indicator("base.self_helped.2-5.count", .region)?.value,
              case .count(let b)? = indicator("base.self_helped.6-10.count", .region)?.value,
              case .share(let share)? = indicator("mix.self_helped.share", .region)?.value, share > 0 else { return nil }
        let base = Decimal(a + b), price = table.prices.bggz
        let prices = [price * Decimal(string: "0.7")!, price * Decimal(string: "0.85")!, price, price * Decimal(string: "1.15")!, price * Decimal(string: "1.3")!].map { $0.rounded(0) }
        let shares = [share - Decimal(string: "0.1")!, share, share + Decimal(string: "0.1")!].filter { $0 > 0 && $0 <= 1 }
        let cost = indicator("cost.total", .region)?.value.decimal
        let rows = prices.map { p -> HTML in
            HTML.el("tr", [], [HTML.el("th", [("scope", "row")], text: DutchFormat.money(p) + (p == price.rounded(0) ? " (gebruikt)" : ""))] + shares.map { sh in
                let gross = base * sh / share * p
                var text = DutchFormat.money(gross)
                if let cost, cost > 0 { text += " (\(DutchFormat.percent(gross / cost, decimals: 0)))" }
                return HTML.el("td", [("class", "num")], text: text)
            })
        }
        let head = ["Prijs B-GGZ-traject"] + shares.map { "Zelf geholpen \(DutchFormat.percent($0, decimals: 0))" + ($0 == share ? " (gemeten)" : "") }
        return section("h-gevoeligheid", "Hoe gevoelig is het conservatieve scenario?", [
            HTML.el("p", [], text: "Het conservatieve scenario hangt vooral af van de prijs van een B-GGZ-traject en van het aandeel jeugdigen dat de POH-jeugd zelf helpt. De tabel toont de vermeden kosten (en tussen haakjes de dekking van de kosten) als die anders zijn dan gemeten."),
            scrollTable(caption: "Vermeden kosten in het conservatieve scenario bij andere prijzen en aandelen, \(period.label)", id: "cap-gevoeligheid", head: head, rows: rows),
        ])
    }

    /// Yearly savings of a ramped scenario over the ramp years, beside the latest yearly cost.
    func projection(_ s: Scenario) -> Chart? {
        guard let inputs = table.inputs(period.id, .region) else { return nil }
        let first: Int
        let years: Int
        switch s.ramp {
        case .linear(let start, let n): first = start ?? inputs.firstPOHYear ?? period.start.year; years = n
        case .coverage, .none: first = period.start.year; years = 1
        }
        var bars: [ChartRenderer.Bar] = []
        var points: [ChartPoint] = []
        for year in first..<(first + years + 1) {
            let p = Period(id: String(year), label: String(year), range: .year(year))
            guard let saving = spendSaving(s, inputs: inputs, period: p) else { return nil }
            let ind = Indicator(id: "savings.\(s.id).gross_eur", value: .money(saving), unit: .eur)
            bars.append(.init(label: String(year), indicator: ind, colour: Palette.series[0]))
            points.append(ChartPoint(series: "Vermeden kosten", category: String(year), indicator: ind))
        }
        var chart = Chart(id: .scenarios, uid: "grafiek-opbouw-\(s.id)", title: "Opbouw van de besparing: \(s.label)",
                          summary: "Vermeden kosten per jaar volgens het scenario ‘\(s.label)’: \(assumption(s)). Vanaf \(first + years - 1) is de volle besparing bereikt.",
                          points: points, svg: .empty)
        ChartRenderer.bars(&chart, bars, emptyNote: "")
        return chart
    }
}

import Foundation

/// present: municipality pages, the practice index and practice pages of one period.
extension PeriodSite {
    /// The figures a municipality or practice sees beside the region's.
    static let scopeFigures = FigureRows([
        ("cases.new", "Nieuwe jeugdigen"),
        ("cases.active", "Lopende trajecten"),
        ("cases.closed", "Afgesloten trajecten"),
        ("mix.self_helped.share", "Zelf geholpen door de POH-jeugd"),
        ("mix.referred.share", "Verwezen"),
        ("mix.bridging.share", "Overbruggingshulp"),
        ("outcome.avoided_second_line.share", "Zonder tweedelijns verwijzing (van bekende interventies)"),
        ("wait.within_2_weeks", "Binnen 2 weken na verwijzing gezien"),
    ])

    func municipality(_ name: String) -> (Page, OutputFile) {
        let kind = PageKind.municipality(name), scope = Scope.municipality(name)
        let charts = charts(scope, uidPrefix: "grafiek-")
        let csvHref = link(from: kind, toSitePath: chartCSVPath(kind))
        let practices = project.practicesOf[name] ?? []

        var capacity = "De POH-jeugd werkt in \(show("coverage.practices_with_poh", scope)) van de \(show("coverage.practices_total", scope)) huisartsenpraktijken, gemiddeld \(show("capacity.hours_per_week", scope)) uur per week (\(show("capacity.fte", scope)) fte)."
        if case .numberRange? = indicator("capacity.norm_hours_per_week", scope)?.value {
            capacity += " Voor \(show("capacity.youth", scope)) jeugdigen adviseert AEF \(DutchFormat.number(project.config.parameters.fteNormMin, decimals: 1)) – \(DutchFormat.number(project.config.parameters.fteNormMax, decimals: 1)) fte per 10.000 jeugdigen: \(show("capacity.norm_fte", scope)) fte, ofwel \(show("capacity.norm_hours_per_week", scope)) uur per week."
        }
        var costText = "Kosten in deze periode: \(show("cost.total", scope))."
        let funders = Funder.allCases.compactMap { f -> String? in
            guard case .money? = indicator("cost.funder.\(f.rawValue)", scope)?.value else { return nil }
            return "\(f.label.lowercased()) \(show("cost.funder.\(f.rawValue)", scope))"
        }
        if !funders.isEmpty { costText += " Betaald door: \(funders.joined(separator: ", "))." }

        let sections: [HTML] = [
            section("h-cijfers", "Cijfers naast de regio", [figureTable(Self.scopeFigures, scope: scope, caption: "\(name) en de regio, \(period.label)", tableID: "cap-cijfers")]),
            section("h-verloop", "Aantal jeugdigen", [ChartRenderer.figure(charts[.caseload]!, csvHref: csvHref)]),
            section("h-interventies", "Wat de POH-jeugd deed", [ChartRenderer.figure(charts[.mix]!, csvHref: csvHref)]),
            section("h-capaciteit", "Capaciteit", [HTML.el("p", [], text: capacity)]),
            HTML.el("div", [("class", "cost-intro")], [HTML.el("p", [], text: costText)]),
            scenarioSection(scope, from: kind, chart: charts[.scenarios], csvHref: csvHref),
            section("h-praktijken", "Praktijken in \(name)", [
                HTML.el("ul", [], practices.map { p in
                    HTML.el("li", [], [HTML.el("a", [("href", link(from: kind, to: .practice(p.id)))], text: p.name),
                                       .text(p.joined == nil ? " (geen POH-jeugd)" : "")])
                }),
            ]),
            downloads(kind),
            aboutFigures(),
        ]
        let page = makePage(kind, title: "POH-jeugd in \(name)", heading: "POH-jeugd in \(name)",
                            description: "Cijfers, capaciteit en kosten van de POH-jeugd in \(name), \(period.label).", body: sections)
        return (page, OutputFile(path: chartCSVPath(kind), text: chartCSV(ChartID.allCases.map { charts[$0]! })))
    }

    /// The distributions over new cases whose counts tell whether a practice page is nearly all hidden.
    static let distributionIDs = IndicatorIDList(Distributions.overNew.flatMap { d in d.members.map { "\(d.name).\($0).count" } })

    /// The shares a practice page shows as tables beside the region's: the same ids and labels
    /// on every practice page, made once.
    static let breakdowns: [(name: String, title: String, rows: FigureRows)] = {
        let named: [(name: String, title: String, labels: [String: String])] = [
            ("contacts", "Aantal contacten", Dictionary(uniqueKeysWithValues: ContactsBand.allCases.map { ($0.rawValue, $0.label) })),
            ("complaint", "Klachten en vragen", Dictionary(uniqueKeysWithValues: Complaint.allCases.map { ($0.rawValue, $0.label) })),
            ("referrer", "Verwezen door", Dictionary(uniqueKeysWithValues: Referrer.allCases.map { ($0.rawValue, $0.label) })),
            ("goal", "Doel bereikt (afgesloten trajecten)", Dictionary(uniqueKeysWithValues: Goal.allCases.map { ($0.rawValue, $0.label) })),
            ("aftercare", "Nazorg (afgesloten trajecten)", Dictionary(uniqueKeysWithValues: Aftercare.allCases.map { ($0.rawValue, $0.label) })),
        ]
        return named.map { b in
            let members = (Distributions.overNew + Distributions.overClosed).first { $0.name == b.name }!.members
            return (b.name, b.title, FigureRows(members.map { (id: "\(b.name).\($0).share", label: b.labels[$0] ?? "Onbekend") }))
        }
    }()

    func practiceIndex() -> Page {
        let kind = PageKind.practices
        var sections: [HTML] = [HTML.el("p", [], text: "Elke praktijk ziet hier haar eigen cijfers naast die van de regio. Er is geen ranglijst: praktijken verschillen in grootte, populatie en in hoe lang de POH-jeugd er werkt.")]
        for m in project.municipalities {
            let practices = project.practicesOf[m] ?? []
            let id = "h-\(slugs.municipality[m] ?? Slugs.slug(m))"
            sections.append(section(id, m, [
                HTML.el("ul", [], practices.map { p in
                    var note = ""
                    if let j = p.joined { note = " (POH-jeugd sinds \(DutchFormat.longDate(j)), \(DutchFormat.number(p.hoursPerWeek, decimals: p.hoursPerWeek == p.hoursPerWeek.rounded(0) ? 0 : 1)) uur per week)" } else { note = " (geen POH-jeugd)" }
                    return HTML.el("li", [], [HTML.el("a", [("href", link(from: kind, to: .practice(p.id)))], text: p.name), .text(note)])
                }),
                HTML.el("p", [], [HTML.el("a", [("href", link(from: kind, to: .municipality(m)))], text: "Cijfers van \(m)")]),
            ]))
        }
        return makePage(kind, title: "Huisartsenpraktijken", heading: "Huisartsenpraktijken met een POH-jeugd",
                        description: "Alle huisartsenpraktijken in \(project.config.region), per gemeente.", body: sections)
    }

    func practice(_ p: Practice) -> (Page, OutputFile) {
        let kind = PageKind.practice(p.id), scope = Scope.practice(p.id)
        // A practice page has no savings chart and no monthly caseload: draw only what it shows.
        let charts: [ChartID: Chart] = [
            .mix: ChartRenderer.mix(table: table, period: period, scope: scope, uid: "grafiek-interventies"),
        ]
        let csvHref = link(from: kind, toSitePath: chartCSVPath(kind))
        var intro: String
        if let j = p.joined {
            intro = "De POH-jeugd werkt sinds \(DutchFormat.longDate(j)) in deze praktijk, \(DutchFormat.number(p.hoursPerWeek, decimals: p.hoursPerWeek == p.hoursPerWeek.rounded(0) ? 0 : 1)) uur per week."
            if let left = p.left { intro += " De POH-jeugd stopte op \(DutchFormat.longDate(left))." }
        } else {
            intro = "In deze praktijk werkt (nog) geen POH-jeugd; ze telt mee voor de dekking van de gemeente."
        }
        var sections: [HTML] = [HTML.el("p", [], [.text(intro + " Gemeente: "), HTML.el("a", [("href", link(from: kind, to: .municipality(p.municipality)))], text: p.municipality), .text(".")])]

        // Practices are small: when nearly everything is hidden, say why instead of drawing empty charts.
        let figures = table.entry(period.id, scope)?.indicators
        let shown = (figures?.indicators(Self.distributionIDs) ?? []).filter { if case .count? = $0?.value { return true } else { return false } }.count
        let mostlyHidden = shown * 10 < Self.distributionIDs.ids.count
        if mostlyHidden {
            sections.append(HTML.el("p", [("class", "notice")], text: "Bijna alle cijfers van deze praktijk zijn geheim: het gaat om weinig jeugdigen, en aantallen van 0 tot en met \(table.policy.hideAtMost) tonen we niet om de privacy van de kinderen te beschermen. De cijfers van de gemeente en de regio staan wel volledig op de site."))
        }
        sections.append(section("h-cijfers", "Cijfers naast de regio", [figureTable(Self.scopeFigures, scope: scope, caption: "\(p.name) en de regio, \(period.label)", tableID: "cap-cijfers")]))
        let caseload = [("cases.new", "Nieuwe jeugdigen"), ("cases.active", "Lopende trajecten"), ("cases.closed", "Afgesloten trajecten")].map { (id: $0.0, label: $0.1) }
        sections.append(section("h-verloop", "Aantal jeugdigen per periode", [
            HTML.el("p", [], text: "Per verslagperiode, afgerond op 5. Maandcijfers van een praktijk publiceren we niet: het zijn bijna altijd kleine aantallen."),
            periodTable(caseload, scope: scope, caption: "Jeugdigen bij \(p.name), per periode", tableID: "cap-verloop"),
        ]))
        if !mostlyHidden {
            sections.append(section("h-interventies", "Wat de POH-jeugd deed", [ChartRenderer.figure(charts[.mix]!, csvHref: csvHref)]))
        }
        for (i, b) in Self.breakdowns.enumerated() {
            sections.append(section("h-\(b.name)", b.title, [figureTable(b.rows, scope: scope, caption: "\(b.title): aandeel, \(p.name) en de regio", tableID: "cap-\(i)-\(b.name)")]))
        }
        sections.append(downloads(kind))
        sections.append(aboutFigures())
        let page = makePage(kind, title: p.name, heading: p.name, description: "Cijfers van de POH-jeugd in \(p.name), \(period.label).", body: sections)
        return (page, OutputFile(path: chartCSVPath(kind), text: chartCSV([charts[.mix]!])))
    }
}

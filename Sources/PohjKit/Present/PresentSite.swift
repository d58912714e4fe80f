import Foundation

/// present: every page and download of the site: the live site (latest period at the root),
/// a complete copy per period under `archief/<period>/`, the archive index and site-wide files.
struct SitePresenter {
    let project: Project
    let table: PublishedTable
    let periods: [Period]
    let slugs: Slugs

    init(project: Project, table: PublishedTable, periods: [Period]) {
        self.project = project
        self.table = table
        self.periods = periods
        self.slugs = Slugs(project)
    }

    /// The period the site root shows: the one that ends last (the first listed of equals).
    var current: Period { currentPeriod(periods) }


    /// The previous period a period is compared with: the latest one that ends before it starts.
    func previous(of p: Period) -> Period? {
        periods.filter { $0.end < p.start }.max { $0.end < $1.end }
    }

    func site(_ p: Period, archive: Bool) -> PeriodSite {
        let reporting = periodsBefore(p, in: periods) + [p]
        var site = PeriodSite(project: project, table: table, period: p, previous: previous(of: p),
                              prefix: archive ? "archief/\(p.id)/" : "", slugs: slugs,
                              menuPeriods: archive ? reporting : periods, reportingPeriods: reporting)
        let besideRegion = PeriodSite.scopeFigures.ids.ids + PeriodSite.breakdowns.flatMap(\.rows.ids.ids)
        site.regionShown = Dictionary(besideRegion.map { ($0, site.show($0, .region)) }, uniquingKeysWith: { a, _ in a })
        return site
    }

    /// The period sites of a build: the live one and every period's archive copy (or only the
    /// copy `pohj publish` freezes). An archive copy shows its corrections and, once frozen, the
    /// stamp of its publication; every other site the stamp of this build.
    func periodSites(frozen: [String: ArchiveManifest], archiveOnly: Period?, pending: Correction?, stamp: Stamp) -> [PeriodSite] {
        let jobs = archiveOnly.map { [($0, true)] } ?? ([(current, false)] + periods.map { ($0, true) })
        return jobs.map { period, archive in
            var site = self.site(period, archive: archive)
            site.stamp = stamp
            guard archive else { return site }
            let manifest = frozen[period.id]
            site.corrections = (manifest?.corrections ?? []) + (pending.map { [$0] } ?? [])
            site.previousVersions = manifest?.previousVersions ?? []
            if pending != nil, let manifest {
                site.previousVersions.append(previousVersionFolder(period.id, manifest.previousVersions.count + 1))
            }
            site.stamp = pending == nil ? manifest.map { Stamp(version: $0.toolVersion, date: $0.frozenOn) } ?? stamp : stamp
            return site
        }
    }

    /// The pages and files of one period site but its practices' (`practicePages`), which are
    /// nearly all of them: a build makes those a batch at a time, so a national period site's
    /// practice pages (5.000, about 60 MB of HTML bodies) are never held together.
    func periodSite(_ s: PeriodSite, diagnostics d: inout Diagnostics) -> (pages: [Page], files: [OutputFile]) {
        var pages: [Page] = []
        var files: [OutputFile] = []
        let (dash, dashCSV) = s.dashboard(diagnostics: &d)
        pages.append(dash)
        files.append(dashCSV)
        // Pages are independent: made on all cores, also when fewer period sites than cores are
        // left (five period sites, two at a time, left one core idle for the last).
        for (page, csv) in parallelMap(project.municipalities, { s.municipality($0) }) {
            pages.append(page)
            files.append(csv)
        }
        pages.append(s.practiceIndex())
        let (scenarios, scenarioCSV) = s.scenariosPage()
        pages.append(scenarios)
        files.append(scenarioCSV)
        return (pages, files)
    }

    /// The practices in the order their pages are listed (and made).
    var practicesInPageOrder: [Practice] { project.practices.sorted { $0.id < $1.id } }

    /// The pages and chart files of some practices of a period site, made on all cores.
    func practicePages(_ s: PeriodSite, _ practices: ArraySlice<Practice>) -> (pages: [Page], files: [OutputFile]) {
        let made = parallelMap(Array(practices)) { s.practice($0) }
        return (made.map(\.0), made.map(\.1))
    }

    /// The period's downloads (every scope's indicators, CSV and JSON), handed to `sink` in
    /// pieces as they are made: 300 MB a period at national scale, never held whole by a build.
    /// They belong to the archive copy; the root gets the same bytes from it (applyArchives).
    func writeDownloads(_ s: PeriodSite, into sink: FileSink) throws {
        guard s.isArchive else { return }
        let entries = table.entries.filter { $0.period.id == s.period.id }
        try sink.addStreamed([s.dataFolder + "indicators.csv", s.dataFolder + "indicators.json"]) { emit in
            try Downloads.writeIndicatorFiles(entries, emit)
        }
    }
}

/// The period the site root shows: the one that ends last (the first listed of equals).
func currentPeriod(_ periods: [Period]) -> Period {
    periods.reduce(periods[0]) { $1.end > $0.end ? $1 : $0 }
}

/// Site-wide pages and files: the archive index, 404, robots.txt, sitemap and Atom feed.
struct SiteFiles {
    let config: SiteConfig
    let periods: [Period]
    /// Period id → date it was frozen by `pohj publish`, when it was.
    let frozen: [String: Day]
    /// Period id → folders of versions before its corrections.
    var previousVersions: [String: [String]] = [:]

    func archiveIndex() -> Page {
        let path = "archief/index.html"
        let items = periods.reversed().map { p -> HTML in
            var note = "\(DutchFormat.longDate(p.start)) tot en met \(DutchFormat.longDate(p.end))"
            if let f = frozen[p.id] { note += ", vastgesteld op \(DutchFormat.longDate(f))" }
            var parts: [HTML] = [HTML.el("a", [("href", relativeLink(from: path, to: "archief/\(p.id)/index.html"))], text: p.label), .text(" (\(note))")]
            for (i, folder) in (previousVersions[p.id] ?? []).enumerated() {
                parts += [.text(" · "), HTML.el("a", [("href", relativeLink(from: path, to: "archief/\(folder)/index.html"))], text: "versie \(i + 1) (vóór correctie)")]
            }
            return HTML.el("li", [], parts)
        }
        let body = HTML.lines([
            HTML.el("p", [], text: "Elke periode staat hier zoals zij is gepubliceerd: dashboard, gemeenten, praktijken en open data. Een vastgestelde periode verandert niet meer; een correctie staat met datum en reden op de pagina."),
            HTML.el("ul", [("class", "archive-list")], items),
            HTML.el("p", [], [HTML.el("a", [("href", relativeLink(from: path, to: "feed.xml"))], text: "Nieuwe perioden volgen (Atom-feed)")]),
        ])
        return Page(path: path, title: "Archief, alle perioden – \(config.title)", heading: "Archief",
                    periodLabel: "alle perioden", description: "Alle gepubliceerde perioden van \(config.title).", body: body,
                    periodLinks: [], breadcrumbs: [("Dashboard", relativeLink(from: path, to: "index.html"))],
                    home: relativeLink(from: path, to: "index.html"), assets: relativeLink(from: path, to: "assets/"),
                    statement: relativeLink(from: path, to: "toegankelijkheid/index.html"))
    }

    /// Served by web servers for any missing path, so relative links cannot work: its links are
    /// root-relative to base_url's path, and it loads no stylesheet (which could not be found
    /// from every depth either).
    func notFound() -> Page {
        var root = "/"
        if let base = config.baseURL, let url = URL(string: base), !url.path.isEmpty {
            root = url.path.hasSuffix("/") ? url.path : url.path + "/"
        }
        let body = HTML.lines([
            HTML.el("p", [], text: "Deze pagina bestaat niet (meer). Misschien is de link verouderd of verkeerd overgenomen."),
            HTML.el("p", [], [HTML.el("a", [("href", root + "index.html")], text: "Naar het dashboard"), .text(" of "),
                              HTML.el("a", [("href", root + "archief/index.html")], text: "naar het archief van alle perioden"), .text(".")]),
        ])
        return Page(path: "404.html", title: "Pagina niet gevonden – \(config.title)", heading: "Pagina niet gevonden",
                    periodLabel: "", description: "Deze pagina bestaat niet.", body: body, periodLinks: [],
                    home: root + "index.html", assets: "", statement: root + "toegankelijkheid/index.html")
    }

    /// The toegankelijkheidsverklaring, after the Dutch government's model statement, from `accessibility:`.
    func accessibilityStatement() -> Page {
        let path = "toegankelijkheid/index.html"
        let a = config.accessibility
        let org = config.organisation.isEmpty ? config.title : config.organisation
        var parts: [HTML] = [
            HTML.el("p", [], text: "\(org) wil dat iedereen deze website kan gebruiken: op een computer, telefoon of tablet, met een schermlezer, alleen met het toetsenbord, vergroot of afgedrukt."),
            HTML.el("h2", [], text: "Status"),
            HTML.el("p", [], text: "Deze website \(a.status) aan de eisen van de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA, zoals de Europese norm EN 301 549 en het Besluit digitale toegankelijkheid overheid die stellen." + (a.evaluatedOn.map { " Dat is voor het laatst beoordeeld op \(DutchFormat.longDate($0))." } ?? "")),
            HTML.el("h2", [], text: "Hoe dit wordt gecontroleerd"),
            HTML.el("ul", [], [
                "Elke pagina wordt bij het maken van de site automatisch getest met axe-core in een echte browser (WCAG 2.0 en 2.1, niveau A en AA) en met de W3C Nu HTML checker.",
                "Grafieken zijn beschreven met een titel, een samenvatting in tekst en een tabel met dezelfde cijfers; kleuren hebben voldoende contrast en zijn nooit de enige aanwijzing.",
                "De site werkt zonder JavaScript, laadt niets van andere websites en zet geen cookies.",
                "Elke pagina heeft een afdrukversie die past op A4.",
            ].map { HTML.el("li", [], text: $0) }),
        ]
        if !a.knownIssues.isEmpty {
            parts.append(HTML.el("h2", [], text: "Bekende problemen"))
            parts.append(HTML.el("ul", [], a.knownIssues.map { HTML.el("li", [], text: $0) }))
        }
        let contact = a.contact ?? config.contact
        parts.append(HTML.el("h2", [], text: "Loopt u tegen iets aan?"))
        parts.append(HTML.el("p", [], text: "Kunt u iets op deze website niet gebruiken, of niet goed lezen? Laat het ons weten" + (contact.map { " via \($0)" } ?? "") + ". U krijgt binnen \(a.responseDays) werkdagen antwoord. Wilt u de cijfers in een andere vorm? Alle cijfers staan ook als CSV- en JSON-bestand op de site."))
        return Page(path: path, title: "Toegankelijkheidsverklaring – \(config.title)", heading: "Toegankelijkheidsverklaring",
                    periodLabel: "", description: "Hoe toegankelijk deze website is en hoe u problemen meldt.",
                    body: HTML.lines(parts), periodLinks: [], breadcrumbs: [("Dashboard", relativeLink(from: path, to: "index.html"))],
                    home: relativeLink(from: path, to: "index.html"), assets: relativeLink(from: path, to: "assets/"),
                    statement: "index.html")
    }

    func robots() -> OutputFile {
        var text = "User-agent: *\nAllow: /\n"
        if let base = config.baseURL { text += "Sitemap: \(base.hasSuffix("/") ? base : base + "/")sitemap.xml\n" }
        return OutputFile(path: "robots.txt", text: text)
    }

    func xml(_ s: String) -> String { HTML.escape(s) }

    /// Every HTML page, with absolute URLs when base_url is known (relative ones otherwise).
    func sitemap(_ paths: [String]) -> OutputFile {
        let base = config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        let urls = paths.filter { $0.hasSuffix(".html") && $0 != "404.html" }.sorted().map { "  <url><loc>\(xml(base + $0))</loc></url>" }
        return OutputFile(path: "sitemap.xml", text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n" + urls.joined(separator: "\n") + "\n</urlset>\n")
    }

    /// One entry per published period, newest first.
    func feed() -> OutputFile {
        let base = config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        let idBase = "tag:pohj,\(periods.map(\.start.year).min() ?? 2000):\(Slugs.slug(config.title))"
        func stamp(_ d: Day) -> String { d.iso + "T00:00:00Z" }
        let dated = periods.map { p in (p, frozen[p.id] ?? p.end) }
        let updated = dated.map(\.1).max() ?? Day(year: 2000, month: 1, day: 1)!
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nl\">\n"
        out += "  <title>\(xml(config.title))</title>\n  <id>\(xml(idBase))</id>\n  <updated>\(stamp(updated))</updated>\n"
        out += "  <author><name>\(xml(config.organisation.isEmpty ? config.title : config.organisation))</name></author>\n"
        out += "  <link rel=\"self\" href=\"\(xml(base + "feed.xml"))\"/>\n"
        for (p, date) in dated.sorted(by: { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.id < $1.0.id) }) {
            out += "  <entry>\n    <title>\(xml(config.title)): \(xml(p.label))</title>\n    <id>\(xml(idBase + ":" + p.id))</id>\n"
            out += "    <updated>\(stamp(date))</updated>\n    <link href=\"\(xml(base + "archief/\(p.id)/index.html"))\"/>\n"
            out += "    <summary>Cijfers van de POH-jeugd over \(xml(p.label)) (\(xml(DutchFormat.shortDate(p.start))) tot en met \(xml(DutchFormat.shortDate(p.end)))).</summary>\n  </entry>\n"
        }
        return OutputFile(path: "feed.xml", text: out + "</feed>\n")
    }
}

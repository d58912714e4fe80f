import Foundation

/// Charts a page or narrative can show (`{{ chart <id> }}`).
public enum ChartID: String, CaseIterable, Sendable {
    case caseload, mix, scenarios
}

/// One data point of a chart, as it appears in the chart's table and CSV.
struct ChartPoint {
    var series: String
    var category: String
    var indicator: Indicator?
}

/// A chart ready to place: its SVG, the text summary, the same numbers as a table, and the rows
/// of the page's chart CSV.
struct Chart {
    var id: ChartID
    /// Prefix of the ids inside the chart, unique on its page.
    var uid: String
    var title: String
    var summary: String
    var points: [ChartPoint]
    var svg: HTML
}

/// The palette (UK Analysis Function: 3:1 against white and against each other's neighbours).
enum Palette {
    static let series = ["#12436D", "#28A197", "#801650", "#F46A25"]
    static let text = "#0B0C0C"
    static let axis = "#505A5F"
    static let grid = "#B1B4B6"
    static let muted = "#6F777B"
}

/// Formats an SVG coordinate: fixed precision, decimal point.
private func f(_ x: Double) -> String { svgNumber(x) }

/// `String(format: "%.1f", x)`, which took 0,8 s of a national build (a format string parsed
/// and an NSString made per coordinate), by integer arithmetic: x·10 rounded, unless x·10 lies
/// so near a half that the rounding of the multiplication could decide it (printf rounds the
/// exact binary value; below 10⁷ its error is under 10⁻⁷): then, and beyond 10⁷, by printf.
func svgNumber(_ x: Double) -> String {
    let m = abs(x), tenfold = m * 10
    guard x.isFinite, m < 1e7, abs(tenfold - tenfold.rounded(.down) - 0.5) > 1e-6 else { return String(format: "%.1f", x) }
    let tenths = Int(tenfold.rounded())
    return (x.sign == .minus ? "-" : "") + String(tenths / 10) + "." + String(tenths % 10)
}

private func decimalValue(_ ind: Indicator?) -> Double? {
    guard let d = ind?.value.decimal else { return nil }
    return NSDecimalNumber(decimal: d).doubleValue
}

/// Rounds an axis maximum up to a readable step (1, 2, 2,5 or 5 × 10ⁿ) and returns the ticks.
func niceTicks(max value: Double, count: Int = 4) -> [Double] {
    guard value > 0 else { return [0, 1] }
    let raw = value / Double(count)
    let mag = pow(10, floor(log10(raw)))
    let step = [1, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
    let top = ceil(value / step) * step
    return stride(from: 0, through: top + step / 2, by: step).map { $0 }
}

/// Builds the SVG and its accessible wrapper. `uid` keeps ids unique when a chart appears twice.
enum ChartRenderer {
    static func svgRoot(_ chart: Chart, uid: String, width: Double, height: Double, _ body: [HTML]) -> HTML {
        let titleID = "\(uid)-t", descID = "\(uid)-d"
        return HTML.el("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(f(width)) \(f(height))"),
                               ("class", "chart-svg"), ("role", "img"), ("aria-labelledby", titleID), ("aria-describedby", descID),
                               ("focusable", "false")],
                       [HTML.el("title", [("id", titleID)], text: chart.title),
                        HTML.el("desc", [("id", descID)], text: chart.summary)] + body)
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", cls: String = "chart-label") -> HTML {
        HTML.el("text", [("x", f(x)), ("y", f(y)), ("text-anchor", anchor), ("class", cls), ("fill", Palette.text)], text: s)
    }

    // MARK: caseload: monthly new, active and closed cases as three lines with distinct markers and dashes.

    static func caseload(table: PublishedTable, period: Period, scope: Scope, uid: String) -> Chart {
        let months = PohjKit.months(of: period)
        let series: [(key: String, label: String)] = [("active", "Lopend"), ("new", "Nieuw"), ("closed", "Afgesloten")]
        var points: [ChartPoint] = []
        for m in months {
            for s in series {
                points.append(ChartPoint(series: s.label, category: DutchFormat.monthName(m.start),
                                         indicator: table.value("caseload.\(m.start.iso.prefix(7)).\(s.key)", period: period.id, scope: scope)))
            }
        }
        let visible = points.compactMap { decimalValue($0.indicator) }
        let summary: String
        let first = months.first.map { DutchFormat.monthName($0.start) } ?? ""
        let last = months.last.map { DutchFormat.monthName($0.start) } ?? ""
        let newPoints = points.filter { $0.series == "Nieuw" }
        let peak = newPoints.max { (decimalValue($0.indicator) ?? -1) < (decimalValue($1.indicator) ?? -1) }
        if visible.isEmpty {
            summary = "Alle maandcijfers van \(first) tot en met \(last) zijn geheim (kleine aantallen); er is niets te tekenen."
        } else {
            summary = "Aantal jeugdigen per maand van \(first) tot en met \(last): nieuw aangemeld, lopend en afgesloten. "
                + (peak.flatMap { p in decimalValue(p.indicator).map { _ in "De meeste nieuwe aanmeldingen waren er in \(p.category) (\(DutchFormat.indicator(p.indicator)))." } } ?? "")
                + " Aantallen afgerond op 5."
        }
        var chart = Chart(id: .caseload, uid: uid, title: "Jeugdigen per maand", summary: summary, points: points, svg: .empty)
        guard !visible.isEmpty else { return chart }

        let w = 640.0, h = 300.0, left = 48.0, right = 96.0, top = 16.0, bottom = 40.0
        let ticks = niceTicks(max: visible.max() ?? 1)
        let yMax = ticks.last ?? 1
        let plotW = w - left - right, plotH = h - top - bottom
        func x(_ i: Int) -> Double { months.count == 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(months.count - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - v / yMax) }
        var body: [HTML] = []
        for t in ticks {
            body.append(HTML.void("line", [("x1", f(left)), ("x2", f(w - right)), ("y1", f(y(t))), ("y2", f(y(t))), ("stroke", Palette.grid), ("stroke-width", "1")], selfClosing: true))
            body.append(text(DutchFormat.number(Decimal(t)), x: left - 6, y: y(t) + 4, anchor: "end", cls: "chart-axis"))
        }
        let step = max(1, months.count / 8)
        for (i, m) in months.enumerated() where i % step == 0 || i == months.count - 1 {
            let label = DutchFormat.monthShort(m.start) + (m.start.month == 1 || i == 0 ? " \(m.start.year)" : "")
            body.append(text(label, x: x(i), y: h - bottom + 18, anchor: "middle", cls: "chart-axis"))
        }
        let dashes = ["", "6 4", "2 3"]
        var endLabels: [(label: String, x: Double, y: Double)] = []
        for (si, s) in series.enumerated() {
            let colour = Palette.series[si]
            let vals = months.indices.map { decimalValue(points[$0 * series.count + si].indicator) }
            // A hidden month breaks the line rather than drawing a false zero.
            var segment: [String] = []
            func flush() {
                if segment.count > 1 {
                    var attrs: [(StaticString, String)] = [("points", segment.joined(separator: " ")), ("fill", "none"), ("stroke", colour), ("stroke-width", "2.5")]
                    if !dashes[si].isEmpty { attrs.append(("stroke-dasharray", dashes[si])) }
                    body.append(HTML.void("polyline", attrs, selfClosing: true))
                }
                segment = []
            }
            for (i, v) in vals.enumerated() {
                guard let v else { flush(); continue }
                segment.append("\(f(x(i))),\(f(y(v)))")
                body.append(marker(si, x: x(i), y: y(v), colour: colour))
            }
            flush()
            if let lastIndex = vals.lastIndex(where: { $0 != nil }), let v = vals[lastIndex] {
                endLabels.append((s.label, x(lastIndex) + 10, y(v) + 4))
            }
        }
        // Direct labels at the line ends, pushed apart so they never overlap.
        endLabels.sort { $0.y < $1.y }
        for i in endLabels.indices.dropFirst() where endLabels[i].y - endLabels[i - 1].y < 15 {
            endLabels[i].y = endLabels[i - 1].y + 15
        }
        for l in endLabels { body.append(text(l.label, x: l.x, y: l.y)) }
        chart.svg = HTML.lines(body)
        chart.svg = svgRoot(chart, uid: chart.uid, width: w, height: h, [chart.svg])
        return chart
    }

    /// Distinct marker shapes per series: colour is never the only cue.
    static func marker(_ series: Int, x: Double, y: Double, colour: String) -> HTML {
        switch series {
        case 0: return HTML.void("circle", [("cx", f(x)), ("cy", f(y)), ("r", "3.5"), ("fill", colour)], selfClosing: true)
        case 1: return HTML.void("rect", [("x", f(x - 3.5)), ("y", f(y - 3.5)), ("width", "7"), ("height", "7"), ("fill", colour)], selfClosing: true)
        default: return HTML.void("path", [("d", "M\(f(x)) \(f(y - 4.5))L\(f(x + 4.5)) \(f(y + 3.5))L\(f(x - 4.5)) \(f(y + 3.5))Z"), ("fill", colour)], selfClosing: true)
        }
    }

    // MARK: horizontal bars with direct labels (intervention mix, scenarios).

    struct Bar {
        var label: String
        var indicator: Indicator?
        /// Shown after the bar; defaults to the formatted value.
        var valueText: String?
        var colour: String
        /// For ranges: the high end, drawn as a hatched extension.
        var high: Double? = nil
    }

    static func bars(_ chart: inout Chart, _ bars: [Bar], emptyNote: String) {
        let values = bars.compactMap { b in decimalValue(b.indicator).map { max($0, b.high ?? $0) } }
        guard !values.isEmpty else {
            chart.summary += " " + emptyNote
            return
        }
        let w = 720.0, labelW = 290.0, valueW = 190.0, rowH = 34.0, top = 8.0
        let h = top * 2 + rowH * Double(bars.count)
        let maxV = max(values.max() ?? 1, 1)
        let plotW = w - labelW - valueW
        var body: [HTML] = []
        body.append(HTML.void("line", [("x1", f(labelW)), ("x2", f(labelW)), ("y1", f(top)), ("y2", f(h - top)), ("stroke", Palette.axis), ("stroke-width", "1")], selfClosing: true))
        for (i, b) in bars.enumerated() {
            let y0 = top + rowH * Double(i)
            body.append(text(b.label, x: labelW - 8, y: y0 + rowH / 2 + 5, anchor: "end"))
            let valueText = b.valueText ?? DutchFormat.indicator(b.indicator)
            if let v = decimalValue(b.indicator) {
                let bw = max(1, plotW * max(0, v) / maxV)
                body.append(HTML.void("rect", [("x", f(labelW)), ("y", f(y0 + 6)), ("width", f(bw)), ("height", f(rowH - 12)), ("fill", b.colour)], selfClosing: true))
                var end = labelW + bw
                if let high = b.high, high > v {
                    let hw = plotW * (high - v) / maxV
                    body.append(HTML.void("rect", [("x", f(end)), ("y", f(y0 + 6)), ("width", f(hw)), ("height", f(rowH - 12)), ("fill", "url(#\(chart.uid)-hatch)"), ("stroke", b.colour), ("stroke-width", "1.5")], selfClosing: true))
                    end += hw
                }
                body.append(text(valueText, x: end + 6, y: y0 + rowH / 2 + 5))
            } else {
                body.append(text(valueText, x: labelW + 6, y: y0 + rowH / 2 + 5, cls: "chart-label chart-muted"))
            }
        }
        let hatch = HTML.el("defs", [], [HTML.el("pattern", [("id", "\(chart.uid)-hatch"), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse"), ("patternTransform", "rotate(45)")],
                                                  [HTML.void("rect", [("width", "6"), ("height", "6"), ("fill", "#FFFFFF")], selfClosing: true),
                                                   HTML.void("line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", Palette.series[0]), ("stroke-width", "3")], selfClosing: true)])])
        chart.svg = svgRoot(chart, uid: chart.uid, width: w, height: h, [hatch, HTML.lines(body)])
    }

    static func mix(table: PublishedTable, period: Period, scope: Scope, uid: String) -> Chart {
        let members: [(id: String, label: String)] = InterventionGroup.allCases.map { ("mix.\($0.rawValue)", $0.label) } + [("mix.unknown", "Onbekend of nog lopend")]
        func ind(_ id: String) -> Indicator? { table.value(id, period: period.id, scope: scope) }
        var points: [ChartPoint] = []
        var bars: [Bar] = []
        for (i, m) in members.enumerated() {
            let count = ind("\(m.id).count"), share = ind("\(m.id).share")
            points.append(ChartPoint(series: "Aantal", category: m.label, indicator: count))
            points.append(ChartPoint(series: "Aandeel", category: m.label, indicator: share))
            let text: String
            if case .share? = share?.value { text = "\(DutchFormat.indicator(count)) (\(DutchFormat.indicator(share)))" } else { text = DutchFormat.indicator(count) }
            bars.append(Bar(label: m.label, indicator: count, valueText: text, colour: i < 4 ? Palette.series[0] : Palette.muted))
        }
        let selfShare = ind("mix.self_helped.share")
        var summary = "Wat de POH-jeugd deed voor de nieuwe jeugdigen van \(period.label)."
        if case .share? = selfShare?.value {
            summary += " \(DutchFormat.indicator(selfShare)) werd door de POH-jeugd zelf geholpen, \(DutchFormat.indicator(ind("mix.referred.share"))) werd verwezen en \(DutchFormat.indicator(ind("mix.bridging.share"))) kreeg overbruggingshulp."
        }
        var chart = Chart(id: .mix, uid: uid, title: "Wat de POH-jeugd deed (interventies)", summary: summary, points: points, svg: .empty)
        ChartRenderer.bars(&chart, bars, emptyNote: "Alle aantallen zijn geheim (kleine aantallen); er is niets te tekenen.")
        return chart
    }

    static func scenarios(table: PublishedTable, period: Period, scope: Scope, scenarios: [Scenario], uid: String) -> Chart {
        func ind(_ id: String) -> Indicator? { table.value(id, period: period.id, scope: scope) }
        let cost = ind("cost.total")
        var bars = [Bar(label: "Kosten POH-jeugd", indicator: cost, colour: Palette.series[2])]
        var points = [ChartPoint(series: "Kosten", category: "Kosten POH-jeugd", indicator: cost)]
        for s in scenarios {
            let gross = ind("savings.\(s.id).gross_eur")
            var bar = Bar(label: "Besparing: \(s.label)", indicator: gross, colour: Palette.series[0])
            if case .moneyRange(let l, let h)? = gross?.value {
                bar.indicator = Indicator(id: gross!.id, value: .money(l), unit: .eur, status: gross!.status)
                bar.high = NSDecimalNumber(decimal: h).doubleValue
                bar.valueText = DutchFormat.indicator(gross)
            }
            bars.append(bar)
            points.append(ChartPoint(series: "Vermeden kosten", category: s.label, indicator: gross))
        }
        var summary = "Vermeden kosten van tweedelijns jeugdhulp volgens \(scenarios.count) scenario's, naast de kosten van de POH-jeugd in \(period.label)."
        if case .money? = cost?.value {
            let covering = scenarios.filter { s in
                if case .number(let c)? = ind("savings.\(s.id).coverage")?.value { return c >= 1 }
                if case .numberRange(let l, _)? = ind("savings.\(s.id).coverage")?.value { return l >= 1 }
                return false
            }
            summary += covering.isEmpty ? " In geen van de scenario's dekken de vermeden kosten de kosten van de POH-jeugd."
                : " De vermeden kosten dekken de kosten in: \(covering.map(\.label).joined(separator: ", "))."
        } else {
            summary += " De kosten van deze periode zijn onbekend."
        }
        summary += " Een gearceerd stuk is een bandbreedte."
        var chart = Chart(id: .scenarios, uid: uid, title: "Besparingsscenario's tegenover de kosten", summary: summary, points: points, svg: .empty)
        ChartRenderer.bars(&chart, bars, emptyNote: "Er zijn geen bedragen om te tekenen.")
        return chart
    }

    /// The figure: SVG (or the reason there is none), summary, the numbers as a table, and the CSV link.
    static func figure(_ chart: Chart, csvHref: String) -> HTML {
        var rows: [HTML] = []
        var categories: [String] = []
        var seriesNames: [String] = []
        for p in chart.points {
            if !categories.contains(p.category) { categories.append(p.category) }
            if !seriesNames.contains(p.series) { seriesNames.append(p.series) }
        }
        for c in categories {
            var cells = [HTML.el("th", [("scope", "row")], text: c)]
            for s in seriesNames {
                let p = chart.points.first { $0.category == c && $0.series == s }
                cells.append(HTML.el("td", [("class", "num")], text: DutchFormat.indicator(p?.indicator)))
            }
            rows.append(HTML.el("tr", [], cells))
        }
        let head = HTML.el("tr", [], [HTML.el("th", [("scope", "col")], text: chart.id == .caseload ? "Maand" : "Categorie")]
                            + seriesNames.map { HTML.el("th", [("scope", "col"), ("class", "num")], text: $0) })
        let table = HTML.el("table", [("class", "data-table")], [
            HTML.el("caption", [], text: chart.title),
            HTML.el("thead", [], [head]),
            HTML.el("tbody", [], rows),
        ])
        return HTML.el("figure", [("class", "chart"), ("id", chart.uid)], [
            HTML.el("figcaption", [], [HTML.el("span", [("class", "chart-title")], text: chart.title)]),
            chart.svg == .empty ? .empty : HTML.el("div", [("class", "chart-canvas")], [chart.svg]),
            HTML.el("p", [("class", "chart-summary")], text: chart.summary),
            HTML.el("details", [("class", "chart-data")], [
                HTML.el("summary", [], text: "Tabel met de cijfers van deze grafiek"),
                table,
            ]),
            HTML.el("p", [("class", "chart-download")], [HTML.el("a", [("href", csvHref)], text: "Cijfers van de grafieken downloaden (CSV)")]),
        ])
    }

    /// Rows of the page's chart CSV (`chart,series,category,value,status`).
    static func csvRows(_ chart: Chart) -> [String] {
        chart.points.map { p in
            let value: String
            switch p.indicator?.value {
            case .count(let n)?: value = String(n)
            case .share(let d)?, .money(let d)?, .number(let d)?: value = Downloads.plain(d)
            case .moneyRange(let l, let h)?, .numberRange(let l, let h)?: value = "\(Downloads.plain(l))-\(Downloads.plain(h))"
            default: value = ""
            }
            return [chart.id.rawValue, Downloads.csvCell(p.series), Downloads.csvCell(p.category), value, p.indicator?.status.rawValue ?? ""].joined(separator: ",")
        }
    }
}


import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import PohjKit

/// Names and texts from data and configuration stay text everywhere they appear (DOMAIN.md §6,
/// issue 5): HTML, attributes, SVG, CSV, JSON, feed and file paths.
struct HostileInputTests {
    static let evil = [
        "<script>alert('x')</script>",
        "Praktijk \"De Linde\" & 'Zn' <img src=x onerror=alert(1)>",
        "../../../etc/passwd",
        "Twee\nregels",
        "Ev\u{202E}lirpa",
        "=cmd|' /C calc'!A0",
        "+31 Gezondheid",
        "@SUM(A1)",
        // A quote with a combining mark is one Character: an escaper that compares Characters
        // leaves it, and the quote ends the attribute it stands in.
        "Q\"\u{301} onmouseover=alert(1) x=\"\u{301}",
    ]

    /// A project whose municipality and practice names are the list above.
    static func project() throws -> URL {
        let root = temporaryFolder("pohj-hostile")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("narrative"), withIntermediateDirectories: true)
        try """
        title: "Regio <script>alert(1)</script> \\"quote\\""
        organisation: "=HYPERLINK(\\"http://evil\\")"
        region: "<b>Regio</b>"
        contact: "<a href=javascript:alert(1)>mail</a>"
        base_url: "https://example.invalid/\\"><script>/"
        periods:
          - {id: "2022", label: "<i>2022</i>", start: 2022-01-01, end: 2022-12-31}

        """.write(to: root.appendingPathComponent("site.yml"), atomically: false, encoding: .utf8)
        // Quotes doubled byte by byte (a quote with a combining mark is one Character, which
        // Character-wise replacing would miss).
        func q(_ s: String) -> String { "\"" + String(decoding: s.utf8.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] }, as: UTF8.self) + "\"" }
        var practices = "Praktijkcode;Naam;Gemeente;Start POH-J;Einde POH-J;Uren POH-J per week;Model\r\n"
        var cases = "Patiëntnummer;Praktijk;Datum eerste consult;Welke interventie is er ingezet?;Intensiteit POH inzet;Toelichting klacht\r\n"
        for (i, name) in evil.enumerated() {
            let id = "P\(i)<x>"
            practices += "\(q(id));\(q(name));\(q(evil[(i + 1) % evil.count]));01-01-2022;;8;aanvullend\r\n"
            for n in 0..<(i == 0 ? 1 : 12) {
                cases += "\(q("\(i)-\(n)"));\(q(id));\(String(format: "%02d", 1 + n % 28))-0\(1 + n % 9)-2022;Kortdurende begeleiding;2 tot 5 contacten;\(q("<script>geheim</script>"))\r\n"
            }
        }
        try practices.write(to: root.appendingPathComponent("data/practices.csv"), atomically: false, encoding: .utf8)
        try cases.write(to: root.appendingPathComponent("data/cases.csv"), atomically: false, encoding: .utf8)
        try "Jaar;Gemeente/praktijk;Kosten (EUR)\r\n2022;\(q(evil[1]));10.000\r\n".write(to: root.appendingPathComponent("data/costs.csv"), atomically: false, encoding: .utf8)
        try "---\ntitle: \"<script>x</script>\"\n---\nTekst <script>alert(1)</script> Ev\u{202E}lirpa [klik](javascript:alert(1)) {{ value cases.new }}\n"
            .write(to: root.appendingPathComponent("narrative/dashboard.md"), atomically: false, encoding: .utf8)
        return root
    }

    @Test func hostileNamesAreInertEverywhere() throws {
        let root = try Self.project()
        let container = temporaryFolder("pohj-hostile-out")
        let out = container.appendingPathComponent("Site")
        _ = try buildSite(BuildOptions(content: root.path, output: out.path, themeSearch: Repo.themes, version: "test", buildDate: Day(year: 2023, month: 1, day: 1)!))
        let files = tree(out)
        #expect(files.count > 20)
        // Nothing was written outside the output folder but pohj's build cache beside it, whose
        // name comes from the output folder's, never from the input.
        #expect(try FileManager.default.contentsOfDirectory(atPath: container.path).sorted() == [".Site.pohj-cache", "Site"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: container.appendingPathComponent(".Site.pohj-cache").path) == ["cache.tsv"])
        // The narrative with the bidi control is on a page, without it (so the scan below sees it).
        #expect(files.contains { $0.key.hasSuffix(".html") && String(decoding: $0.value, as: UTF8.self).contains("--> Evlirpa") },
                "the narrative's text is on no page")
        for (path, bytes) in files {
            #expect(isSafeRelativePath(path), "unsafe output path \(path)")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.unicodeScalars.contains { isBidiControl($0) }, "\(path) carries a bidi control")
            if path.hasSuffix(".html") {
                let lower = text.lowercased()
                #expect(!lower.contains("<script"), "\(path) has a script element")
                #expect(attributes(text).contains { $0.0 == "href" }, "the attribute scanner sees nothing in \(path)")
                for (name, value) in attributes(text) {
                    #expect(!name.hasPrefix("on"), "\(path) has an event handler attribute \(name)")
                    #expect(!value.lowercased().trimmingCharacters(in: .whitespaces).hasPrefix("javascript:"), "\(path) has a javascript: URL in \(name)")
                    #expect(name != "style", "\(path) has a style attribute")
                }
                #expect(!lower.contains("<img"), "\(path) has an injected image")
                #expect(!lower.contains("<b>") && !lower.contains("<i>"), "\(path) has injected markup")
                #expect(text.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">"))
            }
            if path.hasSuffix(".csv") {
                for line in text.components(separatedBy: "\r\n") {
                    for cell in line.components(separatedBy: ",") {
                        let c = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
                        #expect(!(c.hasPrefix("=") || c.hasPrefix("+") || c.hasPrefix("@")), "\(path): live formula in \(cell)")
                    }
                }
            }
            if path.hasSuffix(".json") {
                #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil, "\(path) is not valid JSON")
            }
            if path.hasSuffix(".xml") {
                let parser = XMLParser(data: Data(bytes))
                #expect(parser.parse(), "\(path) is not well-formed XML")
            }
        }
        // The names are there, as text.
        let practices = String(decoding: files["praktijken/index.html"]!, as: UTF8.self)
        #expect(practices.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(practices.contains("Praktijk &quot;De Linde&quot; &amp; &#39;Zn&#39;"))
        #expect(files.keys.contains { $0.hasPrefix("gemeenten/etc-passwd/") })
        let csv = String(decoding: files["data/2022/indicators.csv"]!, as: UTF8.self)
        #expect(csv.contains(",'=cmd|' /C calc'!A0,"))
    }

    /// Every attribute of every tag, as a browser would tokenise our (always double-quoted) markup:
    /// after a quoted value the next attribute may follow without a space (a parse error that
    /// browsers forgive), so `content="x"́ onmouseover=…` has an `onmouseover`.
    func attributes(_ html: String) -> [(String, String)] {
        var out: [(String, String)] = []
        let tag = try! NSRegularExpression(pattern: #"<[a-zA-Z][^\s>/]*+((?:\s*[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*/?>"#)
        let attr = try! NSRegularExpression(pattern: #"([^\s=>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?"#)
        // In UTF-16 units throughout: a match may end inside a Character (a quote with a
        // combining mark), where a String index cannot point.
        let text = html as NSString
        for m in tag.matches(in: html, range: NSRange(location: 0, length: text.length)) {
            let inner = text.substring(with: m.range(at: 1)) as NSString
            for a in attr.matches(in: inner as String, range: NSRange(location: 0, length: inner.length)) {
                let name = inner.substring(with: a.range(at: 1)).lowercased()
                let value = a.range(at: 2).location == NSNotFound ? "" : inner.substring(with: a.range(at: 2)).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                out.append((name, value))
            }
        }
        return out
    }

    @Test func byteScanFindsExactlyTheBidiControls() {
        // Every scalar of the Basic Multilingual Plane, alone and between other text: the byte
        // scan says yes exactly where isBidiControl holds.
        var controls = 0
        for value in UInt32(0)...0xFFFF {
            guard let u = Unicode.Scalar(value) else { continue }
            let isControl = isBidiControl(u)
            if isControl { controls += 1 }
            #expect(holdsBidiControl(String(u)) == isControl, "U+\(String(value, radix: 16))")
            #expect(holdsBidiControl("€ 1.263.977 ab" + String(u) + "cd") == isControl, "U+\(String(value, radix: 16))")
        }
        #expect(controls == 12)
        // Page text without one: euro, minus, dashes, ellipsis, curly quotes, no-break space, accents, Arabic letters.
        #expect(!holdsBidiControl("€\u{00A0}1.263.977 − 53,4% – … “Café” ‘Noord’ عربي"))
        #expect(!holdsBidiControl("") && !holdsBidiControl("a") && !holdsBidiControl("\u{E2}\u{80}"))
        // At the very end of the text, and as the whole text.
        #expect(holdsBidiControl("abc\u{202E}") && holdsBidiControl("\u{061C}"))
    }

    /// Text that needs nothing done is returned as it is after a byte check; anything else goes
    /// scalar by scalar. Both give the same, for random mixes of what pages carry.
    @Test func escapeByBytesMatchesEscapeByScalars() {
        let pieces = ["a", "1.263", "&", "<", ">", "\"", "'", "\u{00A0}", "−", "€", "…", "–", "é", "\u{301}", "\u{202E}",
                      "\u{2066}", "\u{061C}", "\u{0}", "\u{1F}", "\u{7F}", "\t", "\n", "\r\n", "\u{85}", "عربي"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            // Byte for byte (String's == would call canonically equivalent texts equal).
            #expect(Array(HTML.escape(text).utf8) == Array(HTML.escapeByScalars(text).utf8), "\(text.debugDescription)")
        }
        #expect(HTML.escape("€\u{00A0}−71.838") == "€\u{00A0}−71.838")
        #expect(HTML.escape("a\u{202E}b") == "ab" && HTML.escape("x\u{0}") == "x\u{FFFD}")
    }

    /// A data table written in one string is the markup `el` gives element by element, hostile
    /// text escaped the same way.
    @Test func dataTableWriterGivesTheMarkupOfElements() {
        let rows = Self.evil.enumerated().map { i, text in (text, [("\(i),5 %", true), (Self.evil[(i + 1) % Self.evil.count], i % 2 == 0)]) }
        let head = [(Self.evil[0], false), (Self.evil[1], true), (Self.evil[2], false)]
        let made = HTML.el("tr", [], [HTML.el("th", [("scope", "row")], text: "gemaakt"), HTML.el("td", [], text: Self.evil[3])])
        let written = HTML.dataTable(caption: Self.evil[4], id: Self.evil[7], head: head) { w in
            for (header, cells) in rows {
                w.row(header)
                for (text, numeric) in cells { w.cell(text, numeric: numeric) }
            }
            w.append(made)
            w.row("leeg")
        }
        let built = HTML.el("div", [("class", "table-scroll"), ("role", "region"), ("aria-labelledby", Self.evil[7]), ("tabindex", "0")], [
            HTML.el("table", [("class", "data-table")], [
                HTML.el("caption", [("id", Self.evil[7])], text: Self.evil[4]),
                HTML.el("thead", [], [HTML.el("tr", [], head.map { text, numeric in
                    HTML.el("th", [("scope", "col")] + (numeric ? [("class", "num")] : []), text: text) })]),
                HTML.el("tbody", [], rows.map { header, cells in
                    HTML.el("tr", [], [HTML.el("th", [("scope", "row")], text: header)]
                        + cells.map { text, numeric in HTML.el("td", numeric ? [("class", "num")] : [], text: text) })
                } + [made, HTML.el("tr", [], [HTML.el("th", [("scope", "row")], text: "leeg")])]),
            ]),
        ])
        #expect(written.rendered == built.rendered)
        #expect(!written.rendered.contains("<script") && written.rendered.contains("&lt;script&gt;"))
        #expect(HTML.dataTable(caption: "c", id: "i", head: []) { _ in }.rendered
            == #"<div class="table-scroll" role="region" aria-labelledby="i" tabindex="0"><table class="data-table"><caption id="i">c</caption><thead><tr></tr></thead><tbody></tbody></table></div>"#)
    }

    @Test func attributeScannerFindsHandlers() {
        let found = attributes("<p>x</p><a href=\"javascript:alert(1)\" onclick='y' data-x=1>t</a>")
        #expect(found.map(\.0) == ["href", "onclick", "data-x"])
        #expect(found[0].1 == "javascript:alert(1)")
    }

    @Test func symlinkOutOfTheProjectIsRefused() throws {
        let root = try Self.project()
        let outside = temporaryFolder("pohj-outside").appendingPathComponent("secret.csv")
        try "Gemeente;Jaar;Jeugdigen 0-17\r\nX;2022;100\r\n".write(to: outside, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("data/population.csv"), withDestinationURL: outside)
        do {
            _ = try loadProject(content: root.path, themeSearch: Repo.themes)
            Issue.record("followed a symlink out of the project")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.first?.description.hasPrefix("data/population.csv: error: is a link to a place outside the project folder") == true)
        }
    }

    /// A pipe where a data file should be would block the build for ever on reading it.
    @Test func pipeInsteadOfADataFileIsRefusedNotWaitedOn() throws {
        let root = try Self.project()
        let path = root.appendingPathComponent("data/costs.csv").path
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o644) == 0)
        let watchdog = PipeWatchdog(path)
        defer { watchdog.stop() }
        do {
            _ = try loadProject(content: root.path, themeSearch: Repo.themes)
            Issue.record("read a pipe as a data file")
        } catch let f as BuildFailure {
            #expect(f.diagnostics.first?.description.hasPrefix("data/costs.csv: error: is not an ordinary file") == true)
        }
        #expect(!watchdog.fired, "the build waited on the pipe until the watchdog wrote to it")
    }
}

/// Unblocks a reader stuck on a pipe after a few seconds (by opening it for writing), so a
/// regression fails the test instead of hanging the suite.
final class PipeWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private var didFire = false
    var fired: Bool { lock.withLock { didFire } }

    init(_ paths: String..., after seconds: Double = 5) {
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: seconds)
            guard lock.withLock({ !done }) else { return }
            lock.withLock { didFire = true }
            for path in paths {
                let fd = open(path, O_WRONLY | O_NONBLOCK)
                if fd >= 0 { close(fd) }
            }
        }
    }

    func stop() { lock.withLock { done = true } }
}

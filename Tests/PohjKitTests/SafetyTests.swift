import Foundation
import Testing
@testable import PohjKit

/// Escaping by construction and safe Markdown.
struct SafetyTests {
    @Test func textAndAttributesAreEscaped() {
        let html = HTML.el("a", [("href", "x\" onclick=\"alert(1)")], text: "<script>alert('x')</script> & co")
        #expect(html.rendered == "<a href=\"x&quot; onclick=&quot;alert(1)\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</a>")
    }

    @Test func markdownDropsRawHTMLAndJavascriptLinks() {
        let html = Markdown.html("Hallo <script>alert(1)</script> [klik](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<div>blok</div>").rendered
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<div"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test func placeholdersParse() {
        #expect(parsePlaceholder(" value cases.new ") == .value(id: "cases.new", scope: nil, period: nil))
        #expect(parsePlaceholder(" value cost.total scope=municipality:\"Alphen aan den Rijn\" period=2020 ")
                == .value(id: "cost.total", scope: .municipality("Alphen aan den Rijn"), period: "2020"))
        #expect(parsePlaceholder(" chart caseload ") == .chart(id: "caseload"))
        #expect(parsePlaceholder(" waarde x ") == nil)
    }

    @Test func substitutedValuesStayText() {
        #expect(Markdown.escapeText("€ 1.000 *x* <b>") == "€ 1\\.000 \\*x\\* \\<b\\>")
    }

    @Test func csvCellsCannotBecomeFormulas() {
        #expect(Downloads.csvCell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        #expect(Downloads.csvCell("+31") == "'+31")
        #expect(Downloads.csvCell("@SUM(A1)") == "'@SUM(A1)")
        #expect(Downloads.csvCell("De \"Linde\", Leiden") == "\"De \"\"Linde\"\", Leiden\"")
        // A quote with a combining mark, and CR LF, are single Characters: still quoted, the quote doubled.
        #expect(Downloads.csvCell("Q\"\u{301}x") == "\"Q\"\"\u{301}x\"")
        #expect(Downloads.csvCell("Twee\r\nregels") == "\"Twee\r\nregels\"")
        // The build cache's fields: any text comes back as it went in, tabs and line ends escaped.
        let pieces = ["a", "\\", "\t", "\n", "\r", "\r\n", "\u{301}", "\"", "é", "\\t"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let escaped = esc(text)
            #expect(unesc(escaped) == text && !escaped.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }, "\(text.debugDescription)")
        }
    }

    @Test func outputPathsStayInsideTheOutputFolder() {
        #expect(isSafeRelativePath("perioden/2020/index.html"))
        #expect(!isSafeRelativePath("../etc/passwd"))
        #expect(!isSafeRelativePath("/etc/passwd"))
        #expect(!isSafeRelativePath("a/../../b"))
        #expect(!isSafeRelativePath(".hidden/x"))
        #expect(!isSafeRelativePath("a/b\nc"))
        #expect(!isSafeRelativePath("a//b") && !isSafeRelativePath("a/") && !isSafeRelativePath("a/./b") && !isSafeRelativePath("a\\b"))
        #expect(!isSafeRelativePath("a/\u{7F}") && !isSafeRelativePath("a/b\u{85}") && isSafeRelativePath("gemeenten/café/index.html"))
        // ASCII paths are checked byte by byte: the same answers as scalar by scalar, for
        // random paths of slashes, dots, backslashes, controls, letters and accents.
        let pieces = ["a", "/", ".", "..", "\\", "\n", "\u{7F}", "\u{0}", "é", "x.html", " "]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(isSafeRelativePath(path) == isSafeRelativePathByScalars(path), "\(path.debugDescription)")
        }
    }
}

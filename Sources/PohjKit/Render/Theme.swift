import Foundation
import Mustache

/// render: wraps page bodies in the theme's Mustache layout. Mustache escapes every `{{value}}`;
/// the body is the one triple-stash `{{{body}}}`, and it is `HTML` built by construction.
struct ThemeRenderer {
    let library: MustacheLibrary
    let theme: RawTheme
    /// The page layout compiled (`CompiledLayout`), when it uses no more of Mustache than that
    /// renders; else the library renders every page.
    let compiledPage: CompiledLayout?

    init(_ theme: RawTheme) throws {
        var library = MustacheLibrary()
        EscapedHTML.register()
        for (name, text) in theme.templates.sorted(by: { $0.key < $1.key }) {
            let file = "\(theme.folder)/templates/\(name).mustache"
            do {
                // On a line of its own, which Mustache drops whole (a standalone tag): the
                // template renders as written, one line further down.
                try library.register("{{% CONTENT_TYPE: \(EscapedHTML.name) }}\n" + text, named: name)
            } catch let failure as MustacheTemplate.ParserError {
                throw BuildFailure(step: "render", diagnostics: [Diagnostic(.error, file: file, line: failure.context.lineNumber - 1,
                    "template does not parse: \(failure.error) (column \(failure.context.columnNumber): \(failure.context.line.trimmingCharacters(in: .whitespaces)))")])
            } catch {
                throw BuildFailure(step: "render", file: file, "template does not parse: \(error)")
            }
        }
        guard library.getTemplate(named: "page") != nil else {
            throw BuildFailure(step: "render", file: "\(theme.folder)/templates/page.mustache", "the theme needs a page.mustache template")
        }
        self.library = library
        self.theme = theme
        compiledPage = theme.templates["page"].flatMap(CompiledLayout.init)
    }

    func render(_ page: Page, site: SiteConfig, version: String, buildDate: Day) -> OutputFile {
        typealias Value = CompiledLayout.Value
        // Mustache escapes markup but keeps bidirectional controls: none in any value.
        func text(_ s: String) -> Value { .text(withoutBidiControls(s)) }
        var values: [String: Value] = [
            "lang": .text("nl"),
            "title": text(page.title),
            "heading": text(page.heading),
            "period": text(page.periodLabel),
            "description": text(page.description),
            "home": text(page.home),
            "stylesheet": text(page.assets + "site.css"),
            "printStylesheet": text(page.assets + "print.css"),
            "hasStylesheet": .flag(!page.assets.isEmpty),
            "hasPeriod": .flag(!page.periodLabel.isEmpty),
            "breadcrumbs": .items(page.breadcrumbs.map { ["label": text($0.label), "href": text($0.href)] }),
            "hasBreadcrumbs": .flag(!page.breadcrumbs.isEmpty),
            "hasPeriods": .flag(!page.periodLinks.isEmpty),
            "statement": text(page.statement),
            "organisation": text(site.organisation),
            "siteTitle": text(site.title),
            "contact": text(site.contact ?? ""),
            "hasContact": .flag(site.contact != nil),
            "version": text(page.stamp?.version ?? version),
            "buildDate": text(DutchFormat.longDate(page.stamp?.date ?? buildDate)),
            "periods": .items(page.periodLinks.map { ["label": text($0.label), "href": text($0.path), "current": .flag($0.current)] }),
        ]
        // The body is `HTML`, which holds no bidirectional control (escaped text, cmark's output
        // cleaned): tens of KB a page, not scanned again.
        assert(!holdsBidiControl(page.body.rendered), "\(page.path): an HTML value holds a bidi control")
        values["body"] = .text(page.body.rendered)
        let html = compiledPage?.render(values)
            ?? library.render(CompiledLayout.mustacheContext(values), withTemplate: "page") ?? ""
        return OutputFile(path: page.path, text: html)
    }
}

/// How Mustache escapes `{{value}}` in pohj's templates. Mustache's own HTML escaping compares
/// whole Characters, so a quote followed by a combining mark (`"\u{301}`, one Character) is left
/// as it is and ends an attribute value early: a practice named `x"\u{301} onmouseover=…` would
/// have added an attribute. This escapes the same five characters (& < > " ') byte by byte,
/// wherever they stand, and is quicker too. Named in a pragma put before every template.
struct EscapedHTML: MustacheContentType {
    static let name = "POHJ_HTML"
    private static let registration: Void = MustacheContentTypes.register(EscapedHTML(), named: name)
    static func register() { _ = registration }

    func escapeText(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out += "&amp;".utf8
            case 0x3C: out += "&lt;".utf8
            case 0x3E: out += "&gt;".utf8
            case 0x22: out += "&quot;".utf8
            case 0x27: out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Foundation
import Mustache

/// render: wraps page bodies in the theme's Mustache layout. Mustache escapes every `{{value}}`;
/// the body is the one triple-stash `{{{body}}}`, and it is `HTML` built by construction.
struct ThemeRenderer {
    let library: MustacheLibrary
    let theme: RawTheme

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
    }

    func render(_ page: Page, site: SiteConfig, version: String, buildDate: Day) -> OutputFile {
        let context: [String: Any] = [
            "lang": "nl",
            "title": page.title,
            "heading": page.heading,
            "period": page.periodLabel,
            "description": page.description,
            "home": page.home,
            "stylesheet": page.assets + "site.css",
            "printStylesheet": page.assets + "print.css",
            "hasStylesheet": !page.assets.isEmpty,
            "hasPeriod": !page.periodLabel.isEmpty,
            "breadcrumbs": page.breadcrumbs.map { ["label": $0.label, "href": $0.href] },
            "hasBreadcrumbs": !page.breadcrumbs.isEmpty,
            "hasPeriods": !page.periodLinks.isEmpty,
            "statement": page.statement,
            "organisation": site.organisation,
            "siteTitle": site.title,
            "contact": site.contact ?? "",
            "hasContact": site.contact != nil,
            "version": page.stamp?.version ?? version,
            "buildDate": DutchFormat.longDate(page.stamp?.date ?? buildDate),
            "periods": page.periodLinks.map { ["label": $0.label, "href": $0.path, "current": $0.current] as [String: Any] },
        ]
        // The body is `HTML`, which holds no bidirectional control (escaped text, cmark's output
        // cleaned): tens of KB a page, not scanned again.
        assert(!holdsBidiControl(page.body.rendered), "\(page.path): an HTML value holds a bidi control")
        var values = context.mapValues(sanitized)
        values["body"] = page.body.rendered
        let html = library.render(values, withTemplate: "page") ?? ""
        return OutputFile(path: page.path, text: html)
    }

    /// Mustache escapes markup but keeps bidirectional controls; drop them from every value.
    private func sanitized(_ value: Any) -> Any {
        switch value {
        case let s as String:
            // Rebuild only the rare string that has one.
            guard holdsBidiControl(s) else { return s }
            return String(String.UnicodeScalarView(s.unicodeScalars.filter { !isBidiControl($0) }))
        case let d as [String: Any]: return d.mapValues(sanitized)
        case let a as [[String: Any]]: return a.map { $0.mapValues(sanitized) }
        default: return value
        }
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

import Foundation
import Mustache

/// render: wraps page bodies in the theme's Mustache layout. Mustache escapes every `{{value}}`;
/// the body is the one triple-stash `{{{body}}}`, and it is `HTML` built by construction.
struct ThemeRenderer {
    let library: MustacheLibrary
    let theme: RawTheme

    init(_ theme: RawTheme) throws {
        var library = MustacheLibrary()
        for (name, text) in theme.templates.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(text, named: name)
            } catch {
                throw BuildFailure(step: "render", file: "\(theme.folder)/templates/\(name).mustache", "template does not parse: \(error)")
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
            "body": page.body.rendered,
        ]
        let html = library.render(sanitized(context), withTemplate: "page") ?? ""
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

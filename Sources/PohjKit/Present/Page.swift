/// A page ready for the theme: where it goes, what it is called, and its body. Bodies are `HTML`,
/// so nothing unescaped can reach the layout.
public struct Page: Sendable {
    /// Output path relative to the site root, always ending in `index.html`.
    public var path: String
    /// `<title>`: page and period, e.g. "Raadsdashboard 2020 – POH-Jeugd Holland Rijnland".
    public var title: String
    public var heading: String
    public var periodLabel: String
    public var description: String
    public var body: HTML
    /// Links to the same page in other periods.
    public var periodLinks: [(label: String, path: String, current: Bool)]
    public var breadcrumbs: [(label: String, href: String)] = []
    /// Relative links to the period's dashboard and to its stylesheet folder.
    public var home: String = "index.html"
    public var assets: String = "assets/"
    /// Tool version and date shown in the footer; a frozen period keeps those of its publication.
    public var stamp: Stamp? = nil
    /// Relative link to the accessibility statement (in every footer).
    public var statement: String = "toegankelijkheid/index.html"

}

public struct Stamp: Sendable, Equatable {
    public var version: String
    public var date: Day
}

/// A file of the built site.
public struct OutputFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    /// Another output file with the same bytes (a period's downloads at the root and in its
    /// archive copy): written once, then hard-linked.
    public var sameAs: String?
    public init(path: String, bytes: [UInt8], sameAs: String? = nil) {
        self.path = path
        self.bytes = bytes
        self.sameAs = sameAs
    }
    public init(path: String, text: String) { self.init(path: path, bytes: Array(text.utf8)) }
}

/// Shortest relative link from one page to another site path. Links inside one period's archive
/// copy never name the copy's own folder, so a copy stays whole when it is kept under another name.
func relativeLink(from page: String, to target: String) -> String {
    let from = page.split(separator: "/").dropLast()
    let to = target.split(separator: "/", omittingEmptySubsequences: false)
    var common = 0
    while common < from.count && common < to.count - 1 && from[from.startIndex + common] == to[common] { common += 1 }
    let up = String(repeating: "../", count: from.count - common)
    let rest = to[common...].joined(separator: "/")
    return up + rest
}

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

    /// `../../` for `perioden/2020/index.html`: links stay relative so the site works from disk.
    public var rootPrefix: String {
        String(repeating: "../", count: path.split(separator: "/").count - 1)
    }
}

/// A file of the built site.
public struct OutputFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
    public init(path: String, text: String) { self.init(path: path, bytes: Array(text.utf8)) }
}

/// Relative link from one page to another site path.
func relativeLink(from page: String, to target: String) -> String {
    String(repeating: "../", count: page.split(separator: "/").count - 1) + target
}

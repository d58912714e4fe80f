import Foundation

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
    // Every page computes dozens of these: compared byte by byte, segment by segment, for the
    // paths the site writes (no empty segments); anything else by splitting.
    var page = page, target = target
    let fast = page.withUTF8 { p -> String? in
        target.withUTF8 { t -> String? in
            let slash = UInt8(ascii: "/")
            guard let first = p.first, let last = p.last, first != slash, last != slash,
                  !zip(p, p.dropFirst()).contains(where: { $0 == slash && $1 == slash }) else { return nil }
            let folders = p.reduce(0) { $0 + ($1 == slash ? 1 : 0) }
            // The page's folders that open the target too (the target's last segment is its own).
            var common = 0, i = 0
            while common < folders {
                var end = i
                while p[end] != slash { end += 1 }
                guard end < t.count, t[end] == slash, memcmp(p.baseAddress! + i, t.baseAddress! + i, end - i) == 0 else { break }
                common += 1
                i = end + 1
            }
            var link: [UInt8] = []
            link.reserveCapacity(3 * (folders - common) + t.count - i)
            for _ in common..<folders { link += [UInt8(ascii: "."), UInt8(ascii: "."), slash] }
            link += t[i...]
            return String(decoding: link, as: UTF8.self)
        }
    }
    return fast ?? relativeLinkBySegments(from: page, to: target)
}

/// `relativeLink` by splitting paths into segments: for unusual paths, and the tests' reference.
func relativeLinkBySegments(from page: String, to target: String) -> String {
    let from = page.split(separator: "/").dropLast()
    let to = target.split(separator: "/", omittingEmptySubsequences: false)
    var common = 0
    while common < from.count && common < to.count - 1 && from[from.startIndex + common] == to[common] { common += 1 }
    let up = String(repeating: "../", count: from.count - common)
    let rest = to[common...].joined(separator: "/")
    return up + rest
}

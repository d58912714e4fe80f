import Foundation
import Testing
@testable import PohjKit

/// Crawls the built example site from its root: every internal link resolves, every page type is
/// reachable, and archive pages lead back to the archive index.
struct SiteLinksTests {
    static let site: URL = {
        let out = temporaryFolder().appendingPathComponent("Site")
        _ = try! buildSite(BuildOptions(content: Repo.content, output: out.path, themeSearch: Repo.themes, version: "test",
                                        buildDate: Day(year: 2021, month: 4, day: 15)!))
        return out
    }()

    /// href and src values of a page (our pages always quote attributes with `"`).
    func links(_ html: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 1), in: html)!]).replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    @Test func everyInternalLinkResolvesAndEveryPageIsReachable() throws {
        let root = Self.site.standardizedFileURL
        var queue = ["index.html"], seen: Set<String> = ["index.html"], broken: [String] = []
        while let page = queue.popLast() {
            let url = root.appendingPathComponent(page)
            let html = try String(contentsOf: url, encoding: .utf8)
            for href in links(html) {
                #expect(!href.hasPrefix("http:") && !href.hasPrefix("https:") && !href.hasPrefix("//"), "\(page) links to another host: \(href)")
                guard !href.hasPrefix("#"), !href.hasPrefix("mailto:") else { continue }
                #expect(!href.hasSuffix("/"), "\(page): link \(href) does not end in a file name (breaks file://)")
                let target = URL(fileURLWithPath: href.components(separatedBy: "#")[0], relativeTo: url.deletingLastPathComponent()).standardizedFileURL
                guard target.path.hasPrefix(root.path + "/") else { broken.append("\(page) → \(href) (outside the site)"); continue }
                let rel = String(target.path.dropFirst(root.path.count + 1))
                guard FileManager.default.fileExists(atPath: target.path) else { broken.append("\(page) → \(href)"); continue }
                if rel.hasSuffix(".html") && seen.insert(rel).inserted { queue.append(rel) }
            }
        }
        #expect(broken.isEmpty, "broken links: \(broken.prefix(10))")
        let allPages = Set(tree(root).keys.filter { $0.hasSuffix(".html") })
        #expect(allPages.subtracting(seen) == ["404.html"], "unreachable: \(allPages.subtracting(seen).sorted().prefix(10))")
        for kind in ["gemeenten/katwijk/index.html", "praktijken/index.html", "archief/index.html", "archief/2020/index.html",
                     "archief/2020/gemeenten/lisse/index.html", "archief/monitoring/praktijken/index.html"] {
            #expect(seen.contains(kind), "\(kind) not reached from the root")
        }
        #expect(seen.contains { $0.hasPrefix("archief/2021-Q1/praktijken/") && $0 != "archief/2021-Q1/praktijken/index.html" })
    }

    @Test func archivePagesLinkOnlyToEarlierPeriodsAndTheArchive() throws {
        let page = try String(contentsOf: Self.site.appendingPathComponent("archief/2020/gemeenten/katwijk/index.html"), encoding: .utf8)
        #expect(page.contains("<a href=\"../../../index.html\">Alle perioden</a>"))
        #expect(page.contains("<a href=\"index.html\" aria-current=\"page\">2020</a>"))
        #expect(!page.contains("archief/2021-Q1/"), "a 2020 page cannot know the later period 2021-Q1")
        let live = try String(contentsOf: Self.site.appendingPathComponent("gemeenten/katwijk/index.html"), encoding: .utf8)
        #expect(live.contains("<a href=\"../../archief/2020/gemeenten/katwijk/index.html\">2020</a>"))
        #expect(live.contains("Periode: eerste kwartaal 2021"))
    }

    @Test func siteWideFiles() throws {
        let sitemap = try String(contentsOf: Self.site.appendingPathComponent("sitemap.xml"), encoding: .utf8)
        #expect(sitemap.contains("<loc>https://jeugd.voorbeeld.nl/poh/gemeenten/katwijk/index.html</loc>"))
        let feed = try String(contentsOf: Self.site.appendingPathComponent("feed.xml"), encoding: .utf8)
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 3)
        let robots = try String(contentsOf: Self.site.appendingPathComponent("robots.txt"), encoding: .utf8)
        #expect(robots.contains("Sitemap: https://jeugd.voorbeeld.nl/poh/sitemap.xml"))
        #expect(FileManager.default.fileExists(atPath: Self.site.appendingPathComponent("404.html").path))
    }

    @Test func relativeLinksAreShortest() {
        #expect(relativeLink(from: "index.html", to: "gemeenten/a/index.html") == "gemeenten/a/index.html")
        #expect(relativeLink(from: "gemeenten/a/index.html", to: "index.html") == "../../index.html")
        #expect(relativeLink(from: "archief/2020/gemeenten/a/index.html", to: "archief/2020/data/2020/x.csv") == "../../data/2020/x.csv")
        #expect(relativeLink(from: "archief/2020/index.html", to: "archief/2019/index.html") == "../2019/index.html")
        #expect(relativeLink(from: "a/b/index.html", to: "a/b/index.html") == "index.html")
        #expect(relativeLink(from: "archief/2020/index.html", to: "archief/2020/assets/") == "assets/")
        #expect(relativeLink(from: "ab/x.html", to: "abc/y.html") == "../abc/y.html")
        #expect(relativeLink(from: "a/b/c/p.html", to: "a/b") == "../../b")
        // The byte-by-byte path gives what splitting gives, for site paths and odd ones alike
        // (empty segments, leading and trailing slashes, a folder named like a file).
        let segments = ["a", "ab", "b", "", "index.html", "é", "2020"]
        var generator = SystemRandomNumberGenerator()
        func path() -> String {
            (0..<Int.random(in: 1...5, using: &generator)).map { _ in segments.randomElement(using: &generator)! }.joined(separator: "/")
        }
        for _ in 0..<20_000 {
            let (page, target) = (path(), path())
            #expect(relativeLink(from: page, to: target) == relativeLinkBySegments(from: page, to: target), "\(page) → \(target)")
        }
    }

    @Test func slugsAreSafeAndStable() {
        #expect(Slugs.slug("Huisartsenpraktijk Ménière & Zn.") == "huisartsenpraktijk-meniere-zn")
        #expect(Slugs.slug("../../etc/passwd") == "etc-passwd")
        #expect(Slugs.slug("a\u{0}b\nc") == "a-b-c")
        #expect(Slugs.slug("’s-Gravenhage") == "s-gravenhage")
        let assigned = Slugs.assign([("P2", "De Linde"), ("P1", "de linde"), ("P3", "Oost")])
        #expect(assigned == ["P1": "de-linde-p1", "P2": "de-linde-p2", "P3": "oost"])
        #expect(Slugs.assign([("<script>", "")]) == ["<script>": "script"])
    }
}

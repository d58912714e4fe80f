import Foundation

/// URL slugs for municipalities and practices: diacritics folded, lowercase ASCII letters, digits
/// and hyphens only, so no `/`, `..` or control character can reach a path. Names that fold to
/// the same slug all get their id appended, which keeps the result independent of order.
public struct Slugs: Sendable {
    public private(set) var municipality: [String: String] = [:]
    public private(set) var practice: [String: String] = [:]

    public init(_ project: Project) {
        municipality = Slugs.assign(project.municipalities.map { ($0, $0) })
        practice = Slugs.assign(project.practices.map { ($0.id, $0.name) })
    }

    public static func slug(_ s: String) -> String {
        let folded = s.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out = ""
        for u in folded.unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") {
                out.unicodeScalars.append(u)
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(80))
    }

    /// (id, name) → id → slug; empty or colliding slugs are made unique with the id's slug.
    static func assign(_ items: [(id: String, name: String)]) -> [String: String] {
        var byBase: [String: [String]] = [:]
        for item in items { byBase[slug(item.name), default: []].append(item.id) }
        var result: [String: String] = [:]
        for item in items {
            let base = slug(item.name)
            if base.isEmpty || byBase[base]!.count > 1 {
                let idSlug = slug(item.id)
                result[item.id] = [base, idSlug.isEmpty ? "x\(abs(item.id.hashValueStable))" : idSlug].filter { !$0.isEmpty }.joined(separator: "-")
            } else {
                result[item.id] = base
            }
        }
        // Two ids that slug alike (`P 1`, `P-1`) still collide: number them in id order.
        var used: [String: Int] = [:]
        for id in result.keys.sorted() {
            let s = result[id]!
            used[s, default: 0] += 1
            if used[s]! > 1 { result[id] = "\(s)-\(used[s]!)" }
        }
        return result
    }
}

extension String {
    /// FNV-1a: a hash that is the same in every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var h: UInt64 = 0xcbf29ce484222325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h >> 1)
    }
}

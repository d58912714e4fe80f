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
        // Folding ASCII only lowercases it; Foundation's folding is most of the time of slugging
        // the 5.000 practices of a national project, and nearly every name is ASCII.
        let folded = s.utf8.allSatisfy { $0 < 0x80 } ? s.lowercased()
            : s.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out: [UInt8] = []
        for u in folded.unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") {
                out.append(UInt8(u.value))
            } else if !out.isEmpty && out.last != 0x2D {
                out.append(0x2D)
            }
        }
        while out.last == 0x2D { out.removeLast() }
        return String(decoding: out.prefix(80), as: UTF8.self)
    }

    /// (id, name) → id → slug; empty or colliding slugs are made unique with the id's slug.
    static func assign(_ items: [(id: String, name: String)]) -> [String: String] {
        let bases = items.map { slug($0.name) }
        var byBase: [String: [String]] = [:]
        for (item, base) in zip(items, bases) { byBase[base, default: []].append(item.id) }
        var result: [String: String] = [:]
        for (item, base) in zip(items, bases) {
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

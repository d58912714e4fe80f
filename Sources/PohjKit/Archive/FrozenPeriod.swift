import Foundation

/// A dated correction of a published period (`pohj publish <period> --restate "<reason>"`).
public struct Correction: Sendable, Equatable {
    public var date: Day
    public var reason: String
}

/// `archive/<folder>/manifest.json`: what `pohj publish` froze, so any later build can copy the
/// period byte for byte and notice when a file was changed by hand.
public struct ArchiveManifest: Sendable, Equatable {
    public var period: String
    public var frozenOn: Day
    public var toolVersion: String
    /// SHA-256 over the input files (site.yml, data, narrative) the period was built from.
    public var inputHash: String
    public var corrections: [Correction]
    /// Earlier versions kept after a restatement, as folder names under `archive/`.
    public var previousVersions: [String]
    public var files: [(path: String, sha256: String)]

    public static func == (a: ArchiveManifest, b: ArchiveManifest) -> Bool { a.json() == b.json() }

    public func json() -> String {
        func s(_ v: String) -> String { Downloads.jsonString(v) }
        var out = "{\n"
        out += "  \"period\": \(s(period)),\n  \"frozen_on\": \"\(frozenOn.iso)\",\n  \"tool_version\": \(s(toolVersion)),\n"
        out += "  \"input_sha256\": \"\(inputHash)\",\n"
        out += "  \"corrections\": [" + corrections.map { "{\"date\": \"\($0.date.iso)\", \"reason\": \(s($0.reason))}" }.joined(separator: ", ") + "],\n"
        out += "  \"previous_versions\": [" + previousVersions.map(s).joined(separator: ", ") + "],\n"
        out += "  \"files\": [\n" + files.map { "    {\"path\": \(s($0.path)), \"sha256\": \"\($0.sha256)\"}" }.joined(separator: ",\n") + "\n  ]\n}\n"
        return out
    }

    public static func parse(_ bytes: [UInt8]) -> ArchiveManifest? {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let period = obj["period"] as? String, let frozen = (obj["frozen_on"] as? String).flatMap(DutchValues.date),
              let files = obj["files"] as? [[String: Any]] else { return nil }
        let corrections = (obj["corrections"] as? [[String: Any]] ?? []).compactMap { c -> Correction? in
            guard let d = (c["date"] as? String).flatMap(DutchValues.date), let r = c["reason"] as? String else { return nil }
            return Correction(date: d, reason: r)
        }
        return ArchiveManifest(period: period, frozenOn: frozen, toolVersion: obj["tool_version"] as? String ?? "",
                               inputHash: obj["input_sha256"] as? String ?? "", corrections: corrections,
                               previousVersions: obj["previous_versions"] as? [String] ?? [],
                               files: files.compactMap { f in (f["path"] as? String).flatMap { p in (f["sha256"] as? String).map { (p, $0) } } })
    }
}

/// One folder under `archive/`: a frozen period (`2020`) or an earlier version of one (`2020--v1`).
public struct FrozenPeriod: Sendable {
    public var folder: String
    public var manifest: ArchiveManifest
    /// Path relative to the folder → bytes, manifest excluded.
    public var files: [(path: String, bytes: [UInt8])]

    /// Files whose bytes no longer match the manifest, and files missing or added since publishing.
    public func tampered() -> [String] {
        var problems: [String] = []
        let listed = Dictionary(manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let present = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        for (path, hash) in listed.sorted(by: { $0.key < $1.key }) {
            guard let bytes = present[path] else { problems.append("\(path) (missing)"); continue }
            if SHA256.hex(bytes) != hash { problems.append("\(path) (changed)") }
        }
        for path in present.keys.sorted() where listed[path] == nil { problems.append("\(path) (added)") }
        return problems
    }
}

/// Name of the folder that keeps version `n` of a period after a restatement.
func previousVersionFolder(_ period: String, _ n: Int) -> String { "\(period)--v\(n)" }

/// SHA-256 over the project's input files, in path order.
func inputHash(_ raw: RawProject) -> String {
    var all: [UInt8] = []
    for f in raw.files {
        all += Array(f.path.utf8) + [0] + Array(SHA256.hex(f.bytes).utf8) + [0x0A]
    }
    return SHA256.hex(all)
}

import Foundation

/// What a build leaves beside its output (`.<output>.pohj-cache`, next to the staging folder and
/// never published) so the next build can skip everything but the dashboards when only narrative
/// changed: a fingerprint of every other input, and what a dashboard shows that comes from the
/// cases — the published figures of the region and the municipalities, the data-quality counts —
/// plus the build's warnings and, per published period, which of its files the current input
/// would change (the build warns about those).
struct BuildCache {
    static let format = "pohj-build-cache 1"

    /// `fingerprint(_:options:)` of the build that wrote the cache.
    var fingerprint: String
    /// The output as the build left it; anything else there means someone else wrote it.
    var output: OutputStamp
    /// Files that build wrote (reported again by the rebuild).
    var files: Int
    /// When that build started reading (nanoseconds since 1970). A file modified less than two
    /// seconds before it may have changed again within the same clock tick without its
    /// modification time showing it (git's "racily clean" entries); the rebuild then declines.
    var readAt: Int
    var quality: DataQuality
    /// Warnings of that build, except those about narrative files (the rebuild finds those anew).
    var warnings: [Diagnostic]
    /// Published period → files of its fresh copy that differ from the frozen one, except its dashboard.
    var frozenDiffering: [String: [String]]
    /// Published figures of the region and every municipality, in every built period.
    var entries: [IndicatorTable.Entry]

    /// Whether every file the fingerprint covers is older than the build that wrote the cache,
    /// so an unchanged stat means unchanged contents.
    func predates(_ raw: RawProject) -> Bool {
        raw.stats.allSatisfy { $0.path.hasPrefix("narrative/") || $0.stat.modified < readAt - 2_000_000_000 }
    }

    static func folder(for output: String) -> URL {
        let out = URL(fileURLWithPath: output).standardizedFileURL
        return out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).pohj-cache")
    }

    /// Everything a build reads except the narrative: the program, options, tool version, theme,
    /// published periods' manifests, and each project file's size, modification time and inode (as
    /// make and git do: the case files are not read to find out they did not change).
    static func fingerprint(_ raw: RawProject, options: BuildOptions) -> String {
        var text = "\(format)\n\(options.version)\n\(options.theme ?? "")\n\(options.period ?? "")\n\(options.skipInvalid)\n\(options.buildDate.iso)\n"
        // The program itself: a rebuilt pohj with the same version number may compute otherwise.
        if let exe = FileStat(path: "/proc/self/exe") ?? FileStat(path: CommandLine.arguments.first ?? "") {
            text += "program\t\(exe.size)\t\(exe.modified)\t\(exe.inode)\t\(exe.device)\n"
        }
        for (path, stat) in raw.stats where !path.hasPrefix("narrative/") {
            text += "file\t\(path)\t\(stat.size)\t\(stat.modified)\t\(stat.inode)\t\(stat.device)\n"
        }
        text += "theme\t\(raw.theme.name)\t\(raw.theme.folder)\n"
        for (name, template) in raw.theme.templates.sorted(by: { $0.key < $1.key }) { text += "template\t\(name)\t\(SHA256.hex(Array(template.utf8)))\n" }
        for asset in raw.theme.assets { text += "asset\t\(asset.path)\t\(SHA256.hex(asset.bytes))\n" }
        for archive in raw.archives { text += "archive\t\(archive.folder)\t\(SHA256.hex(Array(archive.manifest.json().utf8)))\n" }
        return SHA256.hex(Array(text.utf8))
    }

    // MARK: File format: lines of tab-separated fields, strings escaped (\t \n \\).

    func encoded() -> [UInt8] {
        var whole: [UInt8] = []
        encode { whole += $0 }
        return whole
    }

    /// The cache's bytes, handed to `emit` in pieces of about a megabyte: the figures are 24 MB
    /// at national scale, and the end of a build is no place to hold them twice.
    func encode(_ emit: ([UInt8]) throws -> Void) rethrows {
        var out = "\(Self.format)\nprobe\t\(Self.value(.money(Self.probe)))\nfingerprint\t\(fingerprint)\noutput\t\(output.folder.device)\t\(output.folder.inode)\t\(output.sitemap.size)\t\(output.sitemap.modified)\t\(output.sitemap.inode)\t\(output.sitemap.device)\nfiles\t\(files)\nread-at\t\(readAt)\n"
        out += "quality\t\(quality.rowsRead)\t\(quality.rowsUsed)\n"
        for w in warnings {
            out += ["warning", w.severity.rawValue, esc(w.file), opt(w.line.map(String.init)), opt(w.column), opt(w.value), esc(w.message)].joined(separator: "\t") + "\n"
        }
        for (period, paths) in frozenDiffering.sorted(by: { $0.key < $1.key }) {
            out += "frozen\t\(esc(period))" + paths.map { "\t" + esc($0) }.joined() + "\n"
        }
        var bytes = Array(out.utf8)
        for e in entries {
            if bytes.count >= 1 << 20 { try emit(bytes); bytes.removeAll(keepingCapacity: true) }
            bytes.append(utf8: "entry\t\(esc(e.period.id))\t\(e.scope.type)\t\(esc(e.scope.id))\n")
            for i in e.indicators.list {
                bytes.append(utf8: esc(i.id)); bytes.append(0x09)
                bytes.append(utf8: i.unit.rawValue); bytes.append(0x09)
                bytes.append(utf8: i.status.rawValue); bytes.append(0x09)
                bytes.append(utf8: Self.value(i.value)); bytes.append(0x0A)
            }
        }
        // A cache cut short (a full disk) must not pass for one with fewer scopes.
        bytes.append(utf8: "end\t\(entries.count)\n")
        try emit(bytes)
    }

    /// The cache as written, or nil when it is of another format, damaged, or names a period the
    /// configuration no longer has: the build then simply does all the work.
    static func decode(_ bytes: [UInt8], periods: [Period], headOnly: Bool = false) -> BuildCache? {
        bytes.withUnsafeBufferPointer { decode(CacheBytes(base: $0), periods: periods, headOnly: headOnly) }
    }

    private static func decode(_ bytes: CacheBytes, periods: [Period], headOnly: Bool) -> BuildCache? {
        let lines = bytes.lines()
        guard let first = lines.first, bytes.string(first) == format else { return nil }
        var cache = BuildCache(fingerprint: "", output: .none, files: 0, readAt: 0, quality: DataQuality(), warnings: [], frozenDiffering: [:], entries: [])
        var probed = false
        var i = 1
        // The head, warnings and frozen files; the figures from the first `entry` line on, up
        // to the last line (`end`).
        while i < lines.count - 1, !bytes.isEntry(lines[i]) {
            let f = bytes.fields(lines[i]).map { unesc(bytes.string($0)) }
            // The head (format, probe, fingerprint, output, files, read-at) ends where quality begins.
            if headOnly && f[0] == "quality" { return probed && !cache.fingerprint.isEmpty ? cache : nil }
            switch f[0] {
            case "probe" where f.count == 3:
                // Decimals are stored as their bytes: only a binary that reads them back alike may use them.
                guard case .money(let d)? = value(f[1].utf8, f[2].utf8, nil), d == probe, "\(d)" == "\(probe)" else { return nil }
                probed = true
            case "fingerprint" where f.count == 2: cache.fingerprint = f[1]
            case "output" where f.count == 7:
                guard let d = UInt64(f[1]), let folder = UInt64(f[2]), let size = Int(f[3]), let modified = Int(f[4]),
                      let inode = UInt64(f[5]), let device = UInt64(f[6]) else { return nil }
                cache.output = OutputStamp(folder: .init(device: d, inode: folder),
                                           sitemap: FileStat(size: size, modified: modified, inode: inode, device: device))
            case "files" where f.count == 2:
                guard let n = Int(f[1]) else { return nil }
                cache.files = n
            case "read-at" where f.count == 2:
                guard let t = Int(f[1]) else { return nil }
                cache.readAt = t
            case "quality" where f.count == 3:
                guard let r = Int(f[1]), let u = Int(f[2]) else { return nil }
                cache.quality = DataQuality(rowsRead: r, rowsUsed: u)
            case "warning" where f.count == 7:
                guard let severity = Diagnostic.Severity(rawValue: f[1]) else { return nil }
                cache.warnings.append(Diagnostic(severity, file: f[2], line: unopt(f[3]).flatMap { Int($0) }, column: unopt(f[4]), value: unopt(f[5]), f[6]))
            case "frozen" where f.count >= 2: cache.frozenDiffering[f[1]] = Array(f.dropFirst(2))
            default: return nil
            }
            i += 1
        }
        // A cache cut short (a full disk) must not pass for one with fewer scopes: it ends with
        // `end` and the number of entries.
        guard probed, !cache.fingerprint.isEmpty, !headOnly, let last = lines.last, i < lines.count else { return nil }
        let end = bytes.fields(last).map { bytes.string($0) }
        guard end.count == 2, end[0] == "end", let count = Int(end[1]) else { return nil }
        // Entries are independent: read in stretches on all cores.
        let starts = (i..<lines.count - 1).filter { bytes.isEntry(lines[$0]) }
        guard starts.count == count, starts.first ?? i == i else { return nil }
        guard !starts.isEmpty else { return cache }
        let pieces = max(1, min(starts.count, 4 * ProcessInfo.processInfo.activeProcessorCount))
        let stretches = (0..<pieces).map { p in
            lines[starts[starts.count * p / pieces]..<(p + 1 < pieces ? starts[starts.count * (p + 1) / pieces] : lines.count - 1)]
        }
        let byID = Dictionary(periods.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let read = parallelMap(stretches) { stretch in entries(stretch, in: bytes, periods: byID) }
        for piece in read {
            guard let piece else { return nil }
            cache.entries += piece
        }
        return cache
    }

    /// Entries from their lines (each `entry` line followed by its indicators), or nil when one is
    /// damaged or names a period the configuration no longer has. A scope follows the ids of the
    /// previous one of its kind and period (`IndicatorSet(following:)`): they nearly always agree,
    /// and then share one layout instead of each hashing its own.
    private static func entries(_ lines: ArraySlice<Range<Int>>, in bytes: CacheBytes, periods: [String: Period]) -> [IndicatorTable.Entry]? {
        var result: [IndicatorTable.Entry] = []
        var layouts: [String: IndicatorLayout] = [:]
        var current: IndicatorTable.Entry? = nil
        var kind = ""
        func finish() {
            guard var e = current else { return }
            e.indicators = e.indicators.shared()
            layouts[kind] = e.indicators.sharedLayout
            result.append(e)
        }
        for line in lines {
            let raw = bytes.base[line]
            // Indicator lines (nearly all of them) hold no escapes and go straight into the entry.
            if current != nil, !bytes.isEntry(line), !raw.contains(0x5C) {
                let f = bytes.fields(line)
                if f.count >= 4, let unit = Unit(rawValue: bytes.string(f[1])), let status = DisclosureStatus(rawValue: bytes.string(f[2])),
                   let value = Self.value(bytes.base[f[3]], f.count > 4 ? bytes.base[f[4]] : nil, f.count > 5 ? bytes.base[f[5]] : nil) {
                    current!.indicators.set(bytes.string(f[0]), value, unit, status: status)
                    continue
                }
            }
            let f = bytes.fields(line).map { unesc(bytes.string($0)) }
            if f[0] == "entry" && f.count == 4 {
                finish()
                guard let period = periods[f[1]] else { return nil }
                let scope: Scope
                switch f[2] {
                case "region": scope = .region
                case "municipality": scope = .municipality(f[3])
                case "practice": scope = .practice(f[3])
                default: return nil
                }
                kind = f[1] + "\u{1F}" + f[2]
                current = .init(period: period, scope: scope, indicators: IndicatorSet(following: layouts[kind]))
                continue
            }
            guard current != nil, f.count >= 4, let unit = Unit(rawValue: f[1]), let status = DisclosureStatus(rawValue: f[2]),
                  let value = Self.value(f[3].utf8, f.count > 4 ? f[4].utf8 : nil, f.count > 5 ? f[5].utf8 : nil) else { return nil }
            current!.indicators.set(f[0], value, unit, status: status)
        }
        finish()
        return result
    }

    /// A value that needs all of Decimal's digits, to check that decimals read back as written.
    static let probe = Decimal(string: "-1234567.45951903807615230460921843687374749498", locale: Locale(identifier: "en_US_POSIX"))!

    /// Decimals are written as their bytes in hex: exact, and read back without parsing digits
    /// (parsing text was most of the time of a rebuild at national scale).
    private static func value(_ v: IndicatorValue) -> String {
        switch v {
        case .count(let n): return "count\t\(n)"
        case .share(let d): return "share\t\(hex(d))"
        case .money(let d): return "money\t\(hex(d))"
        case .number(let d): return "number\t\(hex(d))"
        case .moneyRange(let l, let h): return "moneyRange\t\(hex(l))\t\(hex(h))"
        case .numberRange(let l, let h): return "numberRange\t\(hex(l))\t\(hex(h))"
        case .notApplicable: return "notApplicable"
        case .suppressed: return "suppressed"
        }
    }

    /// A value from its fields: the kind, then none, one or two decimals in hex (or a count).
    private static func value<C: Collection<UInt8>>(_ kind: C, _ a: C?, _ b: C?) -> IndicatorValue? {
        func dec(_ s: C?) -> Decimal? { s.flatMap { decimal(hex: $0) } }
        switch String(decoding: kind, as: UTF8.self) {
        case "count": return a.flatMap { Int(String(decoding: $0, as: UTF8.self)) }.map(IndicatorValue.count)
        case "share": return dec(a).map(IndicatorValue.share)
        case "money": return dec(a).map(IndicatorValue.money)
        case "number": return dec(a).map(IndicatorValue.number)
        case "moneyRange": return dec(a).flatMap { l in dec(b).map { IndicatorValue.moneyRange(low: l, high: $0) } }
        case "numberRange": return dec(a).flatMap { l in dec(b).map { IndicatorValue.numberRange(low: l, high: $0) } }
        case "notApplicable": return .notApplicable
        case "suppressed": return .suppressed
        default: return nil
        }
    }

    private static func hex(_ d: Decimal) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        withUnsafeBytes(of: d) { for b in $0 { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) } }
        return String(decoding: out, as: UTF8.self)
    }

    private static func decimal<C: Collection<UInt8>>(hex: C) -> Decimal? {
        guard hex.count == 2 * MemoryLayout<Decimal>.size else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        var d = Decimal()
        let ok = withUnsafeMutableBytes(of: &d) { out -> Bool in
            var digits = hex.makeIterator()
            for k in out.indices {
                guard let h = digits.next().flatMap(nibble), let l = digits.next().flatMap(nibble) else { return false }
                out[k] = h << 4 | l
            }
            return true
        }
        return ok ? d : nil
    }

    // MARK: Reading and writing beside the output

    /// Only the head of the cache (fingerprint, output, read-at), from its first few kilobytes:
    /// enough to know whether a rebuild can use it before reading the project's other files.
    static func head(for output: String) -> BuildCache? {
        guard let handle = FileHandle(forReadingAtPath: folder(for: output).appendingPathComponent("cache.tsv").path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 8192) else { return nil }
        return decode([UInt8](data), periods: [], headOnly: true)
    }

    static func load(for output: String, periods: [Period]) -> BuildCache? {
        guard let data = FileManager.default.contents(atPath: folder(for: output).appendingPathComponent("cache.tsv").path) else { return nil }
        return decode([UInt8](data), periods: periods)
    }

    /// Written after the new site is in place; a cache that cannot be written only costs the next
    /// build its shortcut, so failure is silent (and an old cache is removed first, never left stale).
    func save(for output: String) {
        let fm = FileManager.default
        let dir = Self.folder(for: output)
        let file = dir.appendingPathComponent("cache.tsv")
        try? fm.removeItem(at: file)
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            let temp = dir.appendingPathComponent("cache.tsv.\(ProcessInfo.processInfo.processIdentifier)")
            // Written as it is made (a leftover of the same name is cut). Opened directly:
            // Foundation's `createFile` on Linux writes through a `TemporaryDirectory.*` folder in
            // /tmp that it leaves behind, one per build.
            let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return }
            struct WriteFailed: Error {}
            var written = true
            do {
                try encode { if writeAll($0, to: fd) != nil { throw WriteFailed() } }
            } catch {
                written = false
            }
            // Closed once, whatever happened (a failed close leaves the number freed on Linux).
            if close(fd) != 0 { written = false }
            guard written else { try? fm.removeItem(at: temp); return }
            do { try fm.moveItem(at: temp, to: file) } catch { try? fm.removeItem(at: temp); return }
        } catch {
            return
        }
    }

    static func remove(for output: String) {
        try? FileManager.default.removeItem(at: folder(for: output).appendingPathComponent("cache.tsv"))
    }
}

/// Which output folder a build left, and its sitemap as written: a folder removed and made anew
/// can get the same inode number back, a sitemap with the same inode, size and nanosecond
/// modification time cannot (in practice).
struct OutputStamp: Equatable {
    var folder: FileStat.Identity
    var sitemap: FileStat

    static let none = OutputStamp(folder: .init(device: 0, inode: 0), sitemap: FileStat(size: -1, modified: 0, inode: 0, device: 0))

    init(folder: FileStat.Identity, sitemap: FileStat) {
        self.folder = folder
        self.sitemap = sitemap
    }

    /// The stamp of an output folder now, or nil without one (or without a sitemap).
    init?(of output: String) {
        guard let folder = FileStat(path: output), let sitemap = FileStat(path: output + "/sitemap.xml") else { return nil }
        self.init(folder: folder.identity, sitemap: sitemap)
    }
}

extension FileStat {
    /// Which file or folder it is, whatever its contents.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }
    var identity: Identity { Identity(device: device, inode: inode) }

    init(size: Int, modified: Int, inode: UInt64, device: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
        self.device = device
    }
}

/// Backslash, tab, LF and CR as `\\`, `\t`, `\n`, `\r`, byte by byte (Character by Character, a
/// tab or backslash followed by a combining mark would be missed and break the line).
func esc(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x5C || $0 == 0x0D }) else { return s }
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count + 8)
    for byte in s.utf8 {
        switch byte {
        case 0x5C: out += [0x5C, 0x5C]
        case 0x09: out += [0x5C, UInt8(ascii: "t")]
        case 0x0A: out += [0x5C, UInt8(ascii: "n")]
        case 0x0D: out += [0x5C, UInt8(ascii: "r")]
        default: out.append(byte)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

func unesc(_ s: String) -> String {
    guard s.utf8.contains(0x5C) else { return s }
    var out: [UInt8] = [], escaped = false
    out.reserveCapacity(s.utf8.count)
    for byte in s.utf8 {
        if escaped {
            switch byte {
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            default: out.append(byte)
            }
            escaped = false
        } else if byte == 0x5C { escaped = true } else { out.append(byte) }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Optional strings: empty for none, `=` before a present one (so an empty string survives).
private func opt(_ s: String?) -> String { s.map { "=" + esc($0) } ?? "" }
private func unopt(_ s: String) -> String? { s.hasPrefix("=") ? String(s.dropFirst()) : nil }

/// The bytes of a cache being read, shared read-only by the threads that read its entries, and
/// cut into lines and fields by position (slices of an array would retain and release it, from
/// both threads at once, for each of its 300.000 lines at national scale).
private struct CacheBytes: @unchecked Sendable {
    let base: UnsafeBufferPointer<UInt8>

    /// Ranges of the non-empty lines.
    func lines() -> [Range<Int>] {
        var result: [Range<Int>] = [], start = 0
        for i in base.indices where base[i] == 0x0A {
            if i > start { result.append(start..<i) }
            start = i + 1
        }
        if base.count > start { result.append(start..<base.count) }
        return result
    }

    func fields(_ line: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = [], start = line.lowerBound
        for i in line where base[i] == 0x09 {
            result.append(start..<i)
            start = i + 1
        }
        result.append(start..<line.upperBound)
        return result
    }

    func string(_ r: Range<Int>) -> String { String(decoding: base[r], as: UTF8.self) }

    func isEntry(_ line: Range<Int>) -> Bool { base[line].starts(with: "entry\t".utf8) }
}

import Foundation

/// The project folder as bytes: the only stage besides `write` that touches the file system.
public struct RawProject: Sendable {
    /// Path relative to the project folder (`data/cases/katwijk.csv`) → bytes, sorted by path.
    public var files: [(path: String, bytes: [UInt8])]
    public var theme: RawTheme
    /// Periods frozen by `pohj publish`, read from `archive/`.
    public var archives: [FrozenPeriod] = []
    /// Size, modification time and inode of every data file, read or not: what the build cache
    /// compares to know the data did not change (`BuildCache`).
    public var stats: [(path: String, stat: FileStat)] = []

    public func file(_ path: String) -> [UInt8]? { files.first { $0.path == path }?.bytes }
    public func files(under folder: String, ext: String) -> [(path: String, bytes: [UInt8])] {
        files.filter { $0.path.hasPrefix(folder + "/") && $0.path.hasSuffix("." + ext) && !$0.path.dropFirst(folder.count + 1).contains("/") }
    }
}

/// What `stat` says about a file: enough to notice that it was replaced or written to.
public struct FileStat: Sendable, Equatable {
    public var size: Int
    public var modified: Int   // nanoseconds since 1970
    public var inode: UInt64
    public var device: UInt64

    public init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        size = Int(st.st_size)
        #if canImport(Darwin)
        modified = Int(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int(st.st_mtimespec.tv_nsec)
        #else
        modified = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
        #endif
        inode = UInt64(st.st_ino)
        device = UInt64(st.st_dev)
    }
}

/// The path names an ordinary file (after links): not a folder, pipe, socket or device, whose
/// reading could block the build or never end.
func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
}

/// A file's bytes read straight into an array (not through `Data` and a copy: the case files of
/// a country are 200 MB); nil when it cannot be opened or read.
func readBytes(_ path: String, size: Int) -> [UInt8]? {
    // Non-blocking: a file swapped for a pipe after it was checked fails instead of hanging.
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buffer, count in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            if n < 0 { if errno == EINTR { continue }; failed = true; break }
            if n == 0 { break }   // the file shrank while being read
            done += n
        }
        count = done
    }
    if failed { return nil }
    // A file that grew while being read: take the rest too.
    var more = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = more.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 65_536) }
        if n < 0 { if errno == EINTR { continue }; return nil }
        if n == 0 { break }
        bytes += more[0..<n]
    }
    return bytes
}

/// A theme's templates and static assets, read from `Themes/<name>/`.
public struct RawTheme: Sendable {
    public var name: String
    public var folder: String
    /// `templates/page.mustache` → text; `assets/site.css` → bytes.
    public var templates: [String: String]
    public var assets: [(path: String, bytes: [UInt8])]
}

/// Files the reader looks at; anything else in the folder is left alone.
private let contentPatterns: [(folder: String, ext: String)] = [
    ("data", "csv"), ("data/cases", "csv"), ("narrative", "md"),
]

/// Largest file read into memory; a bigger one is refused with a clear message instead of exhausting memory.
public let maxInputFileBytes = 512 * 1024 * 1024

/// `caseBytes: false` stats the case files without reading them (a rebuild that reuses the
/// cache of the previous build needs to know they did not change, not what is in them).
public func readProject(content: String, themeName: String?, themeSearch: [String], caseBytes: Bool = true) throws -> RawProject {
    let fm = FileManager.default
    let root = URL(fileURLWithPath: content).standardizedFileURL
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
        throw BuildFailure(step: "read", file: content, "project folder not found; pass --content with the folder that holds site.yml")
    }
    let realRoot = root.resolvingSymlinksInPath().path
    var files: [(String, [UInt8])] = []
    var stats: [(path: String, stat: FileStat)] = []
    // Checked one by one, then read on all cores (hundreds of case files nationally).
    var toRead: [(relative: String, real: String, size: Int)] = []

    func load(_ relative: String) throws {
        let url = root.appendingPathComponent(relative)
        // Never follow a symlink out of the project folder.
        let real = url.resolvingSymlinksInPath().path
        guard real == realRoot || real.hasPrefix(realRoot + "/") else {
            throw BuildFailure(step: "read", file: relative, "is a link to a place outside the project folder; copy the file into the project instead")
        }
        guard let stat = FileStat(path: real) else {
            throw BuildFailure(step: "read", file: relative, "cannot be read; check its permissions")
        }
        guard isRegularFile(real) else {
            throw BuildFailure(step: "read", file: relative, "is not an ordinary file (a pipe, socket or device); save the data as a file in the project folder")
        }
        if stat.size > maxInputFileBytes {
            throw BuildFailure(step: "read", file: relative, "is \(stat.size / 1_048_576) MB; files over \(maxInputFileBytes / 1_048_576) MB are refused. Split it into one file per POH-J under data/cases/")
        }
        stats.append((relative, stat))
        if !caseBytes && (relative == "data/cases.csv" || relative.hasPrefix("data/cases/")) { return }
        toRead.append((relative, real, stat.size))
    }

    /// Reads the files checked so far; the first that cannot be read is the error.
    func readChecked() throws {
        for (file, bytes) in zip(toRead, parallelMap(toRead) { readBytes($0.real, size: $0.size) }) {
            guard let bytes else { throw BuildFailure(step: "read", file: file.relative, "cannot be read; check its permissions") }
            files.append((file.relative, bytes))
        }
    }
    do {
        if fm.fileExists(atPath: root.appendingPathComponent("site.yml").path) { try load("site.yml") }
        for (folder, ext) in contentPatterns {
            let dir = root.appendingPathComponent(folder)
            guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { continue }
            for name in names.sorted() where name.hasSuffix("." + ext) && !name.hasPrefix(".") && !name.hasPrefix("~$") {
                var sub: ObjCBool = false
                if fm.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &sub), !sub.boolValue {
                    try load(folder + "/" + name)
                }
            }
        }
    } catch {
        // A file checked before the one refused may be unreadable: that one comes first, as when
        // each file was read as soon as it was checked.
        try readChecked()
        throw error
    }
    try readChecked()
    files.sort { $0.0 < $1.0 }
    let theme = try readTheme(name: themeName ?? "default", search: [root.appendingPathComponent("themes").path] + themeSearch)
    let archives = try readArchives(root.appendingPathComponent("archive"), realRoot: realRoot)
    var raw = RawProject(files: files.map { (path: $0.0, bytes: $0.1) }, theme: theme, archives: archives)
    raw.stats = stats.sorted { $0.path < $1.path }
    return raw
}

/// Every `archive/<folder>/` with a manifest, all its files read (so tampering can be noticed).
func readArchives(_ folder: URL, realRoot: String) throws -> [FrozenPeriod] {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else { return [] }
    var out: [FrozenPeriod] = []
    for name in names.sorted() where !name.hasPrefix(".") {
        let dir = folder.appendingPathComponent(name)
        guard let manifestData = fm.contents(atPath: dir.appendingPathComponent("manifest.json").path) else { continue }
        guard let manifest = ArchiveManifest.parse([UInt8](manifestData)) else {
            throw BuildFailure(step: "read", file: "archive/\(name)/manifest.json", "is not a valid manifest; restore it from version control (pohj publish writes it)")
        }
        var files: [(String, [UInt8])] = []
        let e = fm.enumerator(atPath: dir.path)
        while let rel = e?.nextObject() as? String {
            let url = dir.appendingPathComponent(rel)
            var isDir: ObjCBool = false
            guard rel != "manifest.json", fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let real = url.resolvingSymlinksInPath().path
            guard real.hasPrefix(realRoot + "/") else {
                throw BuildFailure(step: "read", file: "archive/\(name)/\(rel)", "is a link out of the project folder")
            }
            files.append((rel, [UInt8](fm.contents(atPath: real) ?? Data())))
        }
        files.sort { $0.0 < $1.0 }
        out.append(FrozenPeriod(folder: name, manifest: manifest, files: files.map { (path: $0.0, bytes: $0.1) }))
    }
    return out
}

func readTheme(name: String, search: [String]) throws -> RawTheme {
    guard !name.contains("/"), !name.hasPrefix(".") else {
        throw BuildFailure(step: "read", file: name, "a theme name is a folder name without '/'")
    }
    let fm = FileManager.default
    guard let folder = search.map({ URL(fileURLWithPath: $0).appendingPathComponent(name) })
        .first(where: { fm.fileExists(atPath: $0.appendingPathComponent("templates").path) }) else {
        throw BuildFailure(step: "read", file: "Themes/\(name)", "theme not found (looked in \(search.joined(separator: ", "))); pass --theme with a folder name under Themes/")
    }
    var templates: [String: String] = [:]
    var assets: [(String, [UInt8])] = []
    let enumerator = fm.enumerator(atPath: folder.path)
    while let rel = enumerator?.nextObject() as? String {
        let url = folder.appendingPathComponent(rel)
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue,
              !rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
              let data = fm.contents(atPath: url.path) else { continue }
        if rel.hasPrefix("templates/") && rel.hasSuffix(".mustache") {
            templates[String(rel.dropFirst("templates/".count).dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
        } else if rel.hasPrefix("assets/") {
            assets.append((String(rel.dropFirst("assets/".count)), [UInt8](data)))
        }
    }
    assets.sort { $0.0 < $1.0 }
    return RawTheme(name: name, folder: folder.path, templates: templates, assets: assets.map { (path: $0.0, bytes: $0.1) })
}

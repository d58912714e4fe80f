import Foundation

/// Where finished files go: the staging folder of a build (`StagedSite`), or a list in memory
/// (`CollectedFiles`, for `pohj publish`, which freezes one archive copy).
protocol FileSink: Sendable {
    func add(_ files: [OutputFile]) throws
    /// Files made together in pieces (a period's downloads, hundreds of MB at national scale):
    /// `make` hands each piece to `emit` with the index of its file in `paths`.
    func addStreamed(_ paths: [String], make: (_ emit: (Int, [UInt8]) throws -> Void) throws -> Void) throws
}

extension FileSink {
    /// Collects the pieces, then adds the files whole.
    func addStreamed(_ paths: [String], make: (_ emit: (Int, [UInt8]) throws -> Void) throws -> Void) throws {
        var files = [[UInt8]](repeating: [], count: paths.count)
        try make { i, bytes in files[i] += bytes }
        try add(zip(paths, files).map { OutputFile(path: $0, bytes: $1) })
    }
}

/// Files kept in memory, in the order they were added.
final class CollectedFiles: FileSink, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [OutputFile] = []
    var files: [OutputFile] { lock.withLock { collected } }
    func add(_ files: [OutputFile]) throws { lock.withLock { collected += files } }
}

/// write: files go into a staging folder next to the output as they are made (a period site at a
/// time, so the whole site is never held in memory), and the staging folder is swapped in only
/// when every file is there, so a failed or interrupted build leaves the previous site as it was.
/// Files whose bytes did not change are hard-linked from the previous output; a file that is a
/// copy of another (`sameAs`: a period's root downloads, the live site's chart CSVs) is linked to it. Safe to call `add` from
/// two period sites at once: each writes its own folders.
final class StagedSite: FileSink, @unchecked Sendable {
    private let out: URL
    private let staging: URL
    /// `staging.path` and `out.path` + "/": files' paths are joined to them as strings (URL
    /// joining showed in the profile: a national site writes 50.000 files).
    private let stagingFolder: String
    private let outFolder: String
    private let old: URL
    /// The output folder held a site when the build began. When not (a first build, the
    /// benchmark's), no file is looked for there: 50.000 failed opens took a tenth of a second.
    private let hasPrevious: Bool
    private let lock = NSLock()
    private var seen: Set<String> = []
    private var folders: Set<String> = []
    private var copies: [OutputFile] = []
    /// Files in the staging folder so far.
    var count: Int { lock.withLock { seen.count } }
    func contains(_ path: String) -> Bool { lock.withLock { seen.contains(path) } }

    init(output: String) throws {
        let fm = FileManager.default
        out = URL(fileURLWithPath: output).standardizedFileURL
        let parent = out.deletingLastPathComponent()
        let name = out.lastPathComponent
        staging = parent.appendingPathComponent(".\(name).staging-\(ProcessInfo.processInfo.processIdentifier)")
        old = parent.appendingPathComponent(".\(name).old-\(ProcessInfo.processInfo.processIdentifier)")
        stagingFolder = staging.path + "/"
        outFolder = out.path + "/"
        var isFolder: ObjCBool = false
        hasPrevious = fm.fileExists(atPath: out.path, isDirectory: &isFolder) && isFolder.boolValue
        try? fm.removeItem(at: staging)
        // Staging and old folders of builds that were stopped (their process is gone).
        for leftover in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] {
            for kind in [".\(name).staging-", ".\(name).old-"] where leftover.hasPrefix(kind) {
                if let pid = Int32(leftover.dropFirst(kind.count)), kill(pid, 0) != 0, errno == ESRCH {
                    try? fm.removeItem(at: parent.appendingPathComponent(leftover))
                }
            }
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw BuildFailure(step: "write", file: output, "cannot write the site: \(error.localizedDescription)")
        }
    }

    /// Checks each path (inside the output, not taken yet) and makes its folder.
    private func claim(_ paths: [String]) throws {
        // Checked outside the lock: two writers share it.
        if let unsafe = paths.first(where: { !isSafeRelativePath($0) }) {
            throw BuildFailure(step: "write", file: unsafe, "refusing to write outside the output folder")
        }
        try lock.withLock {
            for path in paths {
                guard seen.insert(path).inserted else {
                    throw BuildFailure(step: "write", file: path, "two pages would be written to the same path")
                }
                // Made under the lock, so no writer puts a file in a folder before it exists.
                if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), case let folder = String(path[..<slash]),
                   folders.insert(folder).inserted, let failure = makeFolder(stagingFolder + folder) {
                    throw BuildFailure(step: "write", file: out.path, "cannot write the site: \(folder): \(failure)")
                }
            }
        }
    }

    func add(_ files: [OutputFile]) throws {
        // Paths are checked and folders made under the lock; the bytes are written outside it.
        try claim(files.map(\.path))
        let originals = files.filter { $0.sameAs == nil }
        func place(_ file: OutputFile) -> String? {
            let target = stagingFolder + file.path
            let previous = outFolder + file.path
            // The sitemap is always written anew: its inode and time stamp this build's output
            // (`OutputStamp`), so a site someone else wrote is never taken for this one.
            if hasPrevious, file.path != "sitemap.xml", previousFile(previous, holds: file.bytes), link(previous, target) == 0 {
                return nil
            }
            return writeBytes(file.bytes, to: target).map { "\(file.path): \($0)" }
        }
        // One writer per batch: a build hands over two period sites at a time, each into its own
        // folders, which keeps both cores busy (two threads in the same folders were slower).
        let failures = originals.compactMap(place)
        if let first = failures.first {
            throw BuildFailure(step: "write", file: out.path, "cannot write the site: \(first)")
        }
        // A copy of a file of this batch (a live page's chart numbers, its twin's) is linked to
        // it now: a link instead of another file's bytes, on this batch's thread. Any other copy
        // (or one that cannot be linked) waits until every file is there (`finish`).
        let written = Set(originals.map(\.path))
        let later = files.filter { file in
            guard let original = file.sameAs else { return false }
            return !(written.contains(original) && link(stagingFolder + original, stagingFolder + file.path) == 0)
        }
        if !later.isEmpty { lock.withLock { copies += later } }
    }

    /// Written piece by piece as they are made; a file whose bytes turn out the same as the
    /// previous output's is linked to it afterwards, like `add` does.
    func addStreamed(_ paths: [String], make: (_ emit: (Int, [UInt8]) throws -> Void) throws -> Void) throws {
        try claim(paths)
        var files: [StreamedFile] = []
        defer { for f in files { f.close() } }
        for path in paths {
            let file = StreamedFile(target: stagingFolder + path, previous: hasPrevious ? outFolder + path : nil)
            files.append(file)
            if let failure = file.failure { throw BuildFailure(step: "write", file: out.path, "cannot write the site: \(path): \(failure)") }
        }
        try make { i, bytes in
            if let failure = files[i].write(bytes) {
                throw BuildFailure(step: "write", file: out.path, "cannot write the site: \(paths[i]): \(failure)")
            }
        }
        for f in files { f.linkIfUnchanged() }
    }

    /// Links the copies to their originals (written by now), then swaps the staging folder in:
    /// the old site moves aside, the new one takes its name, then the old one goes.
    func finish() throws {
        let fm = FileManager.default
        for file in copies {
            let target = staging.appendingPathComponent(file.path)
            let source = staging.appendingPathComponent(file.sameAs!)
            if (try? fm.linkItem(at: source, to: target)) == nil {
                // Not written by this build, or links are not possible here: copy the bytes.
                let bytes = file.bytes.isEmpty ? (fm.contents(atPath: source.path).map { [UInt8]($0) } ?? []) : file.bytes
                if let failure = writeBytes(bytes, to: target.path) {
                    throw BuildFailure(step: "write", file: out.path, "cannot write the site: \(file.path): \(failure)")
                }
            }
        }
        var isDir: ObjCBool = false
        let hadOutput = fm.fileExists(atPath: out.path, isDirectory: &isDir)
        if hadOutput {
            // Left by an earlier build with this process id (containers reuse them).
            try? fm.removeItem(at: old)
            guard isDir.boolValue else {
                throw BuildFailure(step: "write", file: out.path, "exists and is not a folder; choose another --output")
            }
            do { try fm.moveItem(at: out, to: old) } catch {
                throw BuildFailure(step: "write", file: out.path, "cannot move the previous site aside: \(error.localizedDescription)")
            }
        }
        do {
            try fm.moveItem(at: staging, to: out)
        } catch {
            if hadOutput { try? fm.moveItem(at: old, to: out) }
            throw BuildFailure(step: "write", file: out.path, "cannot put the new site in place: \(error.localizedDescription)")
        }
        if hadOutput { try? fm.removeItem(at: old) }
    }

    /// Removes the staging folder after a failure; the previous site is untouched.
    func abandon() {
        try? FileManager.default.removeItem(at: staging)
    }
}

/// write, all at once: every file into the staging folder, then the swap.
public func writeSite(_ files: [OutputFile], to output: String) throws {
    let site = try StagedSite(output: output)
    do {
        try site.add(files)
        try site.finish()
    } catch {
        site.abandon()
        if let failure = error as? BuildFailure { throw failure }
        throw BuildFailure(step: "write", file: output, "cannot write the site: \(error.localizedDescription)")
    }
}

/// Writes bytes to a new file with one `write` loop (no copy into `Data`); an error in words, or nil.
func writeBytes(_ bytes: [UInt8], to path: String) -> String? {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    defer { close(fd) }
    return writeAll(bytes, to: fd)
}

/// Writes all of `bytes` to an open file, retrying short and interrupted writes; an error in words, or nil.
func writeAll(_ bytes: [UInt8], to fd: Int32) -> String? {
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
        if n < 0 {
            if errno == EINTR { continue }
            return String(cString: strerror(errno))
        }
        done += n
    }
    return nil
}

/// Opens a file of the previous output for reading, or -1 unless it is an ordinary file (not
/// a link, pipe or device: a pipe left where a page was must not block the build, and a link
/// must not be carried into the new site).
private func openPreviousFile(_ path: String) -> Int32 {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { return -1 }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { close(fd); return -1 }
    return fd
}

/// The previous output's file at `path` is an ordinary file holding exactly `bytes`.
private func previousFile(_ path: String, holds bytes: [UInt8]) -> Bool {
    let fd = openPreviousFile(path)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, Int(st.st_size) == bytes.count else { return false }
    var existing = [UInt8](repeating: 0, count: bytes.count + 1)
    var done = 0
    while done < existing.count {
        let n = existing.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        done += n
    }
    // One byte more than expected is asked for, so a file that grew is not taken as equal.
    return done == bytes.count && existing.prefix(done).elementsEqual(bytes)
}

/// A file of the staging folder written in pieces, compared with the previous output's file of
/// the same path as it goes (so an unchanged download is linked to it, not left a copy).
private final class StreamedFile {
    let target: String
    let previousPath: String?
    private var fd: Int32
    private var previous: Int32
    private var scratch: [UInt8] = []
    /// Why the file could not be opened, in words.
    private(set) var failure: String?

    init(target: String, previous: String?) {
        self.target = target
        previousPath = previous
        fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        self.previous = fd >= 0 ? previous.map(openPreviousFile) ?? -1 : -1
        if fd < 0 { failure = String(cString: strerror(errno)) }
    }

    /// Writes the piece; an error in words, or nil.
    func write(_ bytes: [UInt8]) -> String? {
        if previous >= 0 && !readPrevious(bytes.count, equals: bytes) { Glibc.close(previous); previous = -1 }
        return writeAll(bytes, to: fd)
    }

    /// The next `count` bytes of the previous file are `bytes`.
    private func readPrevious(_ count: Int, equals bytes: [UInt8]) -> Bool {
        guard count > 0 else { return true }
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
        var done = 0
        while done < count {
            let n = scratch.withUnsafeMutableBytes { read(previous, $0.baseAddress! + done, count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return scratch.withUnsafeBytes { s in bytes.withUnsafeBytes { memcmp(s.baseAddress!, $0.baseAddress!, count) == 0 } }
    }

    /// When every byte matched and the previous file has no more, the written file is replaced
    /// by a link to the previous one (through a temporary name, so a failed link keeps it).
    func linkIfUnchanged() {
        guard previous >= 0, let previousPath else { return }
        var one: UInt8 = 0
        guard read(previous, &one, 1) == 0 else { return }
        let temporary = target + ".linking"
        if link(previousPath, temporary) == 0, rename(temporary, target) != 0 { unlink(temporary) }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
        if previous >= 0 { Glibc.close(previous); previous = -1 }
    }
}

/// Makes a folder and any missing folders above it; an error in words, or nil.
private func makeFolder(_ path: String) -> String? {
    if mkdir(path, 0o755) == 0 || errno == EEXIST { return nil }
    guard errno == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.startIndex else {
        return String(cString: strerror(errno))
    }
    if let failure = makeFolder(String(path[..<slash])) { return failure }
    return mkdir(path, 0o755) == 0 || errno == EEXIST ? nil : String(cString: strerror(errno))
}

/// A path inside the output folder: relative, no `..`, no empty or hidden segments, no control characters.
func isSafeRelativePath(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/") else { return false }
    // Site paths are ASCII: the same rules on bytes (a segment starting with a dot is hidden,
    // `.` or `..`; ASCII's control characters are 0–31 and 127).
    if path.utf8.allSatisfy({ $0 < 0x80 }) {
        var segmentStart = true
        for byte in path.utf8 {
            if segmentStart && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")) { return false }
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") { return false }
            segmentStart = byte == UInt8(ascii: "/")
        }
        return !segmentStart
    }
    return isSafeRelativePathByScalars(path)
}

/// `isSafeRelativePath` scalar by scalar: for paths beyond ASCII, and the tests' reference.
func isSafeRelativePathByScalars(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { seg in
        !seg.isEmpty && seg != "." && seg != ".." && !seg.hasPrefix(".")
            && !seg.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\\" }
    }
}

import Foundation

/// write: puts the files into a staging folder next to the output and swaps it in only when
/// every file is written, so a failed or interrupted build leaves the previous site as it was.
/// Files whose bytes did not change are hard-linked from the previous output.
public func writeSite(_ files: [OutputFile], to output: String) throws {
    let fm = FileManager.default
    let out = URL(fileURLWithPath: output).standardizedFileURL
    let parent = out.deletingLastPathComponent()
    let name = out.lastPathComponent
    let staging = parent.appendingPathComponent(".\(name).staging-\(ProcessInfo.processInfo.processIdentifier)")
    let old = parent.appendingPathComponent(".\(name).old-\(ProcessInfo.processInfo.processIdentifier)")
    try? fm.removeItem(at: staging)
    do {
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        var seen: Set<String> = []
        var folders: Set<String> = []
        for file in files {
            guard isSafeRelativePath(file.path) else {
                throw BuildFailure(step: "write", file: file.path, "refusing to write outside the output folder")
            }
            guard seen.insert(file.path).inserted else {
                throw BuildFailure(step: "write", file: file.path, "two pages would be written to the same path")
            }
            let folder = staging.appendingPathComponent(file.path).deletingLastPathComponent()
            if folders.insert(folder.path).inserted { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }
        }
        // One file after another: two threads creating files in the same folders were slower
        // here (measured: all periods ÷ latest 1,85–2,03 with both cores, 1,70–1,83 without). A
        // file with the same bytes as another one is linked to it afterwards, not written twice.
        let paths = Set(files.map(\.path))
        let copies = files.filter { $0.sameAs.map(paths.contains) ?? false }
        let originals = files.filter { !($0.sameAs.map(paths.contains) ?? false) }
        @Sendable func place(_ file: OutputFile) -> String? {
            let target = staging.appendingPathComponent(file.path)
            let previous = out.appendingPathComponent(file.path)
            if let stat = FileStat(path: previous.path), stat.size == file.bytes.count,
               let existing = fm.contents(atPath: previous.path), [UInt8](existing) == file.bytes,
               (try? fm.linkItem(at: previous, to: target)) != nil {
                return nil
            }
            return writeBytes(file.bytes, to: target.path).map { "\(file.path): \($0)" }
        }
        var failures: [String]
        if originals.count < 5_000 {
            failures = originals.compactMap(place)
        } else {
            // A national site (50.000 files) waits on the disk as much as it works: two writers,
            // each with its own folders (period copies), keep both cores busy. Measured: see README.
            let halves = splitByArea(originals)
            failures = parallelMap(halves) { $0.compactMap(place) }.flatMap { $0 }
        }
        for file in copies where failures.isEmpty {
            let target = staging.appendingPathComponent(file.path)
            if (try? fm.linkItem(at: staging.appendingPathComponent(file.sameAs!), to: target)) == nil {
                do { try Data(file.bytes).write(to: target) } catch { failures.append("\(file.path): \(error.localizedDescription)") }
            }
        }
        if let first = failures.first {
            throw BuildFailure(step: "write", file: output, "cannot write the site: \(first)")
        }
    } catch {
        try? fm.removeItem(at: staging)
        if let failure = error as? BuildFailure { throw failure }
        throw BuildFailure(step: "write", file: output, "cannot write the site: \(error.localizedDescription)")
    }
    // Swap: the old site moves aside, the new one takes its name, then the old one goes.
    var isDir: ObjCBool = false
    let hadOutput = fm.fileExists(atPath: out.path, isDirectory: &isDir)
    if hadOutput {
        guard isDir.boolValue else {
            try? fm.removeItem(at: staging)
            throw BuildFailure(step: "write", file: output, "exists and is not a folder; choose another --output")
        }
        try fm.moveItem(at: out, to: old)
    }
    do {
        try fm.moveItem(at: staging, to: out)
    } catch {
        if hadOutput { try? fm.moveItem(at: old, to: out) }
        throw BuildFailure(step: "write", file: output, "cannot put the new site in place: \(error.localizedDescription)")
    }
    if hadOutput { try? fm.removeItem(at: old) }
}

/// Files in two lists of about equal bytes, each top-level area (`archief/2021/`, `praktijken/`, …)
/// whole in one of them, so the two writers never create files in the same folder.
private func splitByArea(_ files: [OutputFile]) -> [[OutputFile]] {
    var areas: [String: [OutputFile]] = [:]
    for f in files {
        let parts = f.path.split(separator: "/", maxSplits: 2)
        let area = parts.count > 2 && parts[0] == "archief" ? "\(parts[0])/\(parts[1])" : String(parts[0])
        areas[area, default: []].append(f)
    }
    // Largest area first, each to the lighter list.
    let sized = areas.map { (key: $0.key, files: $0.value, bytes: $0.value.reduce(0) { $0 + $1.bytes.count }) }
        .sorted { ($1.bytes, $0.key) < ($0.bytes, $1.key) }
    var halves: [[OutputFile]] = [[], []]
    var bytes = [0, 0]
    for area in sized {
        let i = bytes[0] <= bytes[1] ? 0 : 1
        halves[i] += area.files
        bytes[i] += area.bytes
    }
    return halves
}

/// Writes bytes to a new file with one `write` loop (no copy into `Data`); an error in words, or nil.
func writeBytes(_ bytes: [UInt8], to path: String) -> String? {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    defer { close(fd) }
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

/// A path inside the output folder: relative, no `..`, no empty or hidden segments, no control characters.
func isSafeRelativePath(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { seg in
        !seg.isEmpty && seg != "." && seg != ".." && !seg.hasPrefix(".")
            && !seg.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\\" }
    }
}

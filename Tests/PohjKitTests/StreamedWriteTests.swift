import Foundation
import Testing
@testable import PohjKit

/// A period's downloads are written in pieces as they are made (`FileSink.addStreamed`), not
/// held whole. The pieces must add up to the same bytes, and an unchanged download must end up
/// linked to the previous build's file like any other unchanged file.
@Suite struct StreamedWriteTests {
    /// Builds `paths` in one staged site, each file handed over in pieces of at most `piece` bytes.
    func stage(_ out: URL, _ files: [(String, [UInt8])], piece: Int) throws {
        let site = try StagedSite(output: out.path)
        try site.addStreamed(files.map(\.0)) { emit in
            // Interleaved, as the downloads are: a piece of one file, then of the other.
            var offsets = [Int](repeating: 0, count: files.count)
            while offsets.indices.contains(where: { offsets[$0] < files[$0].1.count }) {
                for (i, file) in files.enumerated() where offsets[i] < file.1.count {
                    let end = min(offsets[i] + piece, file.1.count)
                    try emit(i, Array(file.1[offsets[i]..<end]))
                    offsets[i] = end
                }
            }
        }
        try site.finish()
    }

    func bytes(_ url: URL) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: url.path) ?? Data()) }
    func inode(_ url: URL) -> UInt64? { FileStat(path: url.path)?.inode }

    @Test func piecesAddUpToTheDownloadsMadeWhole() {
        let entries = exampleTable.entries.filter { $0.period.id == exampleTable.entries[0].period.id }
        let whole = Downloads.indicatorFiles(entries)
        // A piece after every scope (the smallest possible), and one for the whole file.
        for piece in [1, 1 << 30] {
            var files: [[UInt8]] = [[], []]
            var pieces = 0
            Downloads.writeIndicatorFiles(entries, piece: piece) { file, bytes in files[file] += bytes; pieces += 1 }
            #expect(files[0] == whole.csv)
            #expect(files[1] == whole.json)
            #expect(piece == 1 ? pieces > 2 * entries.count : pieces == 2)
        }
        // Hand-checked shape: a header line, then one CRLF row per scope × indicator.
        let rows = entries.reduce(0) { $0 + $1.indicators.list.count }
        let lines = String(decoding: whole.csv, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.first == Downloads.csvHeader)
        #expect(lines.count == rows + 2 && lines.last == "")
    }

    @Test func unchangedStreamedFileIsLinkedToThePreviousOne() throws {
        let out = temporaryFolder("pohj-streamed").appendingPathComponent("site")
        let csv = Array(String(repeating: "2023,praktijk,p-1,cases.total,12,,,count,ok\r\n", count: 500).utf8)
        let json = Array(String(repeating: "{\"a\": 1},\n", count: 700).utf8)
        try stage(out, [("data/x/indicators.csv", csv), ("data/x/indicators.json", json)], piece: 1000)
        let csvFile = out.appendingPathComponent("data/x/indicators.csv")
        let jsonFile = out.appendingPathComponent("data/x/indicators.json")
        #expect(bytes(csvFile) == csv && bytes(jsonFile) == json)
        let (csvInode, jsonInode) = (inode(csvFile), inode(jsonFile))

        // The same bytes cut into other pieces: both files are the previous ones, linked.
        try stage(out, [("data/x/indicators.csv", csv), ("data/x/indicators.json", json)], piece: 777)
        #expect(inode(csvFile) == csvInode && inode(jsonFile) == jsonInode)
        #expect(bytes(csvFile) == csv && bytes(jsonFile) == json)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("data/x").path)
        #expect(leftovers.sorted() == ["indicators.csv", "indicators.json"])

        // One byte changed at the end, and a file that is a prefix of the previous one: both new.
        var changed = csv
        changed[changed.count - 3] = UInt8(ascii: "X")
        let shorter = Array(json.dropLast(10))
        try stage(out, [("data/x/indicators.csv", changed), ("data/x/indicators.json", shorter)], piece: 4096)
        #expect(bytes(csvFile) == changed && bytes(jsonFile) == shorter)
        #expect(inode(csvFile) != csvInode && inode(jsonFile) != jsonInode)

        // Longer than the previous file (which is a prefix of it): new, whole.
        let longer = shorter + Array("more".utf8)
        try stage(out, [("data/x/indicators.json", longer)], piece: 100)
        #expect(bytes(jsonFile) == longer)
        // An empty file is written too.
        try stage(out, [("data/x/empty.csv", [])], piece: 100)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("data/x/empty.csv").path))
    }

    /// Something other than a file left in the previous output where this build writes one: a
    /// pipe must not block the comparison, and a link (even to the same bytes) must not be
    /// carried into the new site; both paths become ordinary files with this build's bytes.
    @Test func pipeOrLinkInThePreviousOutputIsReplacedByAFile() throws {
        let out = temporaryFolder("pohj-streamed").appendingPathComponent("site")
        let page = Array("<p>pagina</p>".utf8), csv = Array("a,b\r\n1,2\r\n".utf8)
        try stage(out, [("index.html", page)], piece: 100)
        let outside = out.deletingLastPathComponent().appendingPathComponent("elders.csv")
        try Data(csv).write(to: outside)
        let fm = FileManager.default
        for name in ["pipe.html", "pipe.csv"] { #expect(mkfifo(out.appendingPathComponent(name).path, 0o644) == 0) }
        try fm.createSymbolicLink(at: out.appendingPathComponent("link.csv"), withDestinationURL: outside)
        try fm.createSymbolicLink(at: out.appendingPathComponent("link.html"), withDestinationURL: outside)
        let watchdog = PipeWatchdog(out.appendingPathComponent("pipe.html").path, out.appendingPathComponent("pipe.csv").path)
        defer { watchdog.stop() }

        let site = try StagedSite(output: out.path)
        try site.add([OutputFile(path: "pipe.html", bytes: page), OutputFile(path: "link.html", bytes: csv)])
        try site.addStreamed(["pipe.csv", "link.csv"]) { emit in try emit(0, csv); try emit(1, csv) }
        try site.finish()
        #expect(!watchdog.fired, "the build waited on a pipe of the previous output")
        for name in ["pipe.html", "link.html", "pipe.csv", "link.csv"] {
            let url = out.appendingPathComponent(name)
            let type = try fm.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType
            #expect(type == .typeRegular, "\(name) is \(String(describing: type))")
            #expect(bytes(url) == (name == "pipe.html" ? page : csv))
        }
    }

    @Test func streamedFileOutsideTheOutputIsRefusedAndThePreviousSiteStays() throws {
        let out = temporaryFolder("pohj-streamed").appendingPathComponent("site")
        try stage(out, [("index.html", Array("vorige".utf8))], piece: 10)
        let site = try StagedSite(output: out.path)
        var made = false
        do {
            try site.addStreamed(["data/ok.csv", "../buiten.csv"]) { _ in made = true }
            Issue.record("a path outside the output was accepted")
        } catch let failure as BuildFailure {
            #expect(failure.description.contains("../buiten.csv"))
            #expect(failure.description.contains("outside the output folder"))
        }
        #expect(!made, "the files were made although a path was refused")
        site.abandon()
        #expect(bytes(out.appendingPathComponent("index.html")) == Array("vorige".utf8))
        #expect(!FileManager.default.fileExists(atPath: out.deletingLastPathComponent().appendingPathComponent("buiten.csv").path))
    }
}

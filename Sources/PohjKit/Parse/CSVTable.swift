import Foundation

/// A CSV file as Excel writes it: decoded text, detected delimiter, header and records with
/// the line each record starts on (1-based, counting the header as line 1).
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }
    public var file: String
    public var delimiter: UInt8
    public var header: [String]
    public var records: [Record]

    public var delimiterName: String { nameOfDelimiter(delimiter) }
}

/// A delimiter in words, for messages.
func nameOfDelimiter(_ delimiter: UInt8) -> String {
    switch delimiter {
    case UInt8(ascii: ";"): return "';'"
    case UInt8(ascii: ","): return "','"
    default: return "tab"
    }
}

public enum CSVError: Error, Equatable {
    case empty
    case unterminatedQuote(line: Int)
    case notText
}

/// Decodes bytes as Excel exports them: UTF-8 with or without BOM, UTF-16 with BOM
/// ("Unicode text"), else Windows-1252. Returns nil for binary junk (NUL bytes in 8-bit text).
/// The encoding `decodeText` will use, in words for `pohj check`.
public func encodingName(_ bytes: [UInt8]) -> String {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8 with BOM" }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16" }
    return String(validating: bytes, as: UTF8.self) != nil ? "UTF-8" : "Windows-1252"
}

public func decodeText(_ bytes: [UInt8]) -> String? {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
        return String(decoding: bytes.dropFirst(3), as: UTF8.self)
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
        return String(data: Data(bytes), encoding: .utf16)
    }
    if bytes.contains(0) { return nil }
    if let s = String(validatingUTF8CString: bytes) { return s }
    return String(data: Data(bytes), encoding: .windowsCP1252)
}

private extension String {
    init?(validatingUTF8CString bytes: [UInt8]) {
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        self = s
    }
}

/// Parses decoded CSV text into a table (see `CSVReader`).
public func parseCSV(text: String, file: String, twoHalvesFrom: Int = parallelCSVBytes,
                     skipColumns: (([String]) -> Set<Int>)? = nil) throws -> CSVTable {
    let reader = try CSVReader(CSVSource(text: text), file: file)
    return try reader.table(skip: skipColumns?(reader.header) ?? [], twoHalvesFrom: twoHalvesFrom)
}

/// From this size on a file is read in two halves (a case file of a whole municipality or more).
public let parallelCSVBytes = 4 << 20

/// The UTF-8 bytes a CSV file's cells are read from: the file itself when it is UTF-8 (after
/// its BOM), so a file of 190 MB is neither copied nor validated as a whole; else its text as
/// `decodeText` decodes it. Cells are decoded one by one with the same repair of broken
/// sequences as `decodeText` applies to a whole file with a BOM (a broken sequence never
/// swallows the ASCII delimiters, quotes and line ends the reader looks for).
struct CSVSource: Sendable {
    let bytes: [UInt8]
    let start: Int
    /// In words, for `pohj check`'s notes (`encodingName`).
    let encoding: String

    init(text: String) {
        bytes = Array(text.utf8)
        start = 0
        encoding = "UTF-8"
    }

    /// Nil for binary junk, as `decodeText`.
    init?(file bytes: [UInt8]) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            (self.bytes, start, encoding) = (bytes, 3, "UTF-8 with BOM")
        } else if !bytes.starts(with: [0xFF, 0xFE]) && !bytes.starts(with: [0xFE, 0xFF]) && isUTF8WithoutNUL(bytes) {
            (self.bytes, start, encoding) = (bytes, 0, "UTF-8")
        } else {
            guard let text = decodeText(bytes) else { return nil }
            (self.bytes, start, encoding) = (Array(text.utf8), 0, encodingName(bytes))
        }
    }
}

/// Valid UTF-8 with no NUL byte (what `decodeText` takes as UTF-8 without a BOM). Plain ASCII,
/// nearly every data file, is checked eight bytes at a time without making text of it.
func isUTF8WithoutNUL(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw -> Bool in
        let n = raw.count
        var i = 0
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A byte ≥ 0x80, or a zero byte (the classic has-zero-byte test), ends the fast part.
            if w & high != 0 || (w &- ones) & ~w & high != 0 { break }
            i += 8
        }
        while i < n && raw[i] != 0 && raw[i] < 0x80 { i += 1 }
        if i == n { return true }
        // From the first byte that is not plain ASCII on: everything before it is whole characters.
        let rest = UnsafeRawBufferPointer(rebasing: raw[i...])
        return !rest.contains(0) && String(validating: rest.bindMemory(to: UInt8.self), as: UTF8.self) != nil
    }
}

/// A CSV file opened for reading: its delimiter and header, read first (they say which columns
/// are wanted), then its records, streamed to the caller so a million rows never sit in memory
/// as cells. The delimiter is the one of `;`, `,` and tab that occurs most often in the header
/// line outside quotes (Dutch Excel writes `;`). A large file is read in two halves on both
/// cores, split at a line end the first half proves lies outside quotes.
struct CSVReader: Sendable {
    let file: String
    let delimiter: UInt8
    let header: [String]
    private let source: CSVSource
    /// Where the records start in `source.bytes`, and on which line.
    private let bodyStart: Int
    private let bodyLine: Int

    init(_ source: CSVSource, file: String) throws {
        self.source = source
        self.file = file
        var found: (delimiter: UInt8, header: [String], end: Int, line: Int)?
        try source.bytes.withUnsafeBufferPointer { whole in
            let all = UnsafeBufferPointer(rebasing: whole[source.start...])
            guard all.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { throw CSVError.empty }
            let delimiter = detectDelimiter(all)
            var header: [String]?
            let head = try parseRecords(all, delimiter: delimiter, skip: [], limit: 1) { header = $0.fields }
            if let header { found = (delimiter, header, source.start + head.end, head.nextLine) }
        }
        guard let found else { throw CSVError.empty }
        (delimiter, header, bodyStart, bodyLine) = (found.delimiter, found.header, found.end, found.line)
    }

    var delimiterName: String { nameOfDelimiter(delimiter) }
    var encoding: String { source.encoding }

    /// Every record after the header, in order.
    func table(skip: Set<Int> = [], twoHalvesFrom: Int = parallelCSVBytes) throws -> CSVTable {
        let parts = try read(skip: skip, twoHalvesFrom: twoHalvesFrom, part: { [CSVTable.Record]() }) { $0.append($1) }
        var records = parts.count == 1 ? parts[0] : []
        if parts.count > 1 {
            records.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for part in parts { records.append(contentsOf: part) }
        }
        return CSVTable(file: file, delimiter: delimiter, header: header, records: records)
    }

    /// Hands each record after the header to `visit` with the part it belongs to: one part, or
    /// two (the halves of a large file, read on both cores), in file order. Cells of columns in
    /// `skip` are scanned but not made into text. A record is only valid during its visit.
    func read<Part: Sendable>(skip skipped: Set<Int>, twoHalvesFrom: Int = parallelCSVBytes, part: @Sendable () -> Part,
                              visit: @escaping @Sendable (inout Part, CSVTable.Record) -> Void) throws -> [Part] {
        let skip = (0..<(header.count + 1)).map { skipped.contains($0) }
        let (delimiter, firstLine) = (self.delimiter, bodyLine)
        return try source.bytes.withUnsafeBufferPointer { whole -> [Part] in
            let buf = UnsafeBufferPointer(rebasing: whole[bodyStart...])
            func readAll() throws -> [Part] {
                var p = part()
                _ = try parseRecords(buf, delimiter: delimiter, skip: skip, firstLine: firstLine) { visit(&p, $0) }
                return [p]
            }
            guard buf.count >= twoHalvesFrom, let split = recordBoundary(near: buf.count / 2, in: buf) else { return try readAll() }
            let shared = SharedBytes(buffer: buf)   // read-only while both readers run
            // The second half's first line: every line end before it, inside quotes too.
            let secondLine = firstLine + lineEnds(in: UnsafeBufferPointer(rebasing: buf[..<split]))
            let halves = parallelMap([(0..<split, firstLine), (split..<buf.count, secondLine)]) { range, line in
                Result { () throws -> Part in
                    var p = part()
                    _ = try parseRecords(UnsafeBufferPointer(rebasing: shared.buffer[range]), delimiter: delimiter, skip: skip, firstLine: line) { visit(&p, $0) }
                    return p
                }
            }
            // The first half read to its end without an open quote, so the second one started
            // where a record does; otherwise (a stray quote) the file is read again in one go.
            if case .success(let first) = halves[0], case .success(let second) = halves[1] { return [first, second] }
            return try readAll()
        }
    }
}

/// Line ends as `parseRecords` counts them: LF, CRLF and a lone CR are one each.
private func lineEnds(in buf: UnsafeBufferPointer<UInt8>) -> Int {
    var n = 0
    for i in buf.indices where buf[i] == 0x0A || (buf[i] == 0x0D && (i + 1 == buf.count || buf[i + 1] != 0x0A)) { n += 1 }
    return n
}

/// The first line end at or after `position` that is not inside a quoted field if the quotes
/// before it pair up; `CSVReader.read` confirms it by reading the first half.
private func recordBoundary(near position: Int, in buf: UnsafeBufferPointer<UInt8>) -> Int? {
    var quotes = 0
    for i in 0..<position where buf[i] == UInt8(ascii: "\"") { quotes += 1 }
    var i = position
    while i < buf.count {
        let b = buf[i]
        if b == UInt8(ascii: "\"") { quotes += 1 } else if b == 0x0A && quotes % 2 == 0 { return i + 1 < buf.count ? i + 1 : nil }
        i += 1
    }
    return nil
}

private struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}

/// Visits the records of a stretch of CSV that starts at the start of a record, numbered from
/// `firstLine`; returns how many, the line the next stretch starts on and where it starts
/// (after `limit` records, or the end). Cells of columns marked in `skip` are scanned but not
/// made into text. One array of cells is reused for every record.
private func parseRecords(_ buf: UnsafeBufferPointer<UInt8>, delimiter: UInt8, skip: [Bool], firstLine: Int = 1,
                          limit: Int = .max, visit: (CSVTable.Record) -> Void) throws -> (count: Int, nextLine: Int, end: Int) {
    let quote = UInt8(ascii: "\"")
    var count = 0
    var fields: [String] = []
    var quoted: [UInt8] = []   // a quoted field's bytes, with doubled quotes undone
    var line = firstLine
    var recordLine = firstLine
    let n = buf.count

    var skippedContent = false   // a skipped cell of this record had something in it
    func endRecord() {
        // Excel pads exports with rows of empty cells: skip rows with no content at all.
        if skippedContent || fields.contains(where: hasContent) {
            visit(.init(line: recordLine, fields: fields))
            count += 1
        }
        fields.removeAll(keepingCapacity: true)
        skippedContent = false
    }
    var i = 0
    while i < n && count < limit {
        // One field: unquoted fields are sliced straight out of the buffer.
        var field: String
        let skipping = fields.count < skip.count && skip[fields.count]
        if buf[i] == quote {
            let quoteStartLine = line
            quoted.removeAll(keepingCapacity: true)
            i += 1
            while true {
                guard i < n else { throw CSVError.unterminatedQuote(line: quoteStartLine) }
                let b = buf[i]
                if b == quote {
                    if i + 1 < n && buf[i + 1] == quote { quoted.append(quote); i += 2; continue }
                    i += 1
                    break
                }
                if b == 0x0A || (b == 0x0D && (i + 1 >= n || buf[i + 1] != 0x0A)) { line += 1 }
                quoted.append(b)
                i += 1
            }
            // Text after the closing quote (`"a"b`) belongs to the field, as Excel reads it.
            let rest = i
            while i < n && buf[i] != delimiter && buf[i] != 0x0A && buf[i] != 0x0D { i += 1 }
            quoted.append(contentsOf: buf[rest..<i])
            field = skipping ? "" : String(decoding: quoted, as: UTF8.self)
            if skipping && !skippedContent { skippedContent = quoted.withUnsafeBufferPointer(hasContent(bytes:)) }
        } else {
            let start = i
            while i < n && buf[i] != delimiter && buf[i] != 0x0A && buf[i] != 0x0D { i += 1 }
            let bytes = UnsafeBufferPointer(rebasing: buf[start..<i])
            field = skipping ? "" : String(decoding: bytes, as: UTF8.self)
            if skipping && !skippedContent { skippedContent = hasContent(bytes: bytes) }
        }
        fields.append(field)
        guard i < n else { break }
        switch buf[i] {
        case delimiter:
            i += 1
            // A delimiter at the very end still opens an (empty) last field.
            if i == n { fields.append("") }
        case 0x0D:
            i += (i + 1 < n && buf[i + 1] == 0x0A) ? 2 : 1
            endRecord()
            line += 1
            recordLine = line
        default:   // 0x0A
            i += 1
            endRecord()
            line += 1
            recordLine = line
        }
    }
    if !fields.isEmpty && count < limit { endRecord() }
    return (count, line, i)
}

/// `hasContent` of a cell's bytes, without making text of them unless they are not plain ASCII.
private func hasContent(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in bytes {
        if b >= 0x80 { return hasContent(String(decoding: bytes, as: UTF8.self)) }
        if b != 0x20 && b != 0x09 { return true }
    }
    return false
}

/// A cell with something other than spaces in it; plain ASCII is checked without Foundation.
private func hasContent(_ field: String) -> Bool {
    var ascii = true
    for b in field.utf8 {
        if b >= 0x80 { ascii = false; break }
        if b != 0x20 && b != 0x09 { return true }
    }
    return !ascii && !field.trimmingCharacters(in: .whitespaces).isEmpty
}

private func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ";"): 0, UInt8(ascii: ","): 0, 0x09: 0]
    var inQuotes = false
    for b in bytes {
        if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
        if inQuotes { continue }
        if b == 0x0A || b == 0x0D { break }
        if counts[b] != nil { counts[b]! += 1 }
    }
    let order: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09]
    return order.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && order.firstIndex(of: $0)! > order.firstIndex(of: $1)!) }!
}

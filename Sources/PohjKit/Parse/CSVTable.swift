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

    public var delimiterName: String {
        switch delimiter {
        case UInt8(ascii: ";"): return "';'"
        case UInt8(ascii: ","): return "','"
        default: return "tab"
        }
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

/// Parses decoded CSV text. The delimiter is the one of `;`, `,` and tab that occurs most
/// often in the header line outside quotes (Dutch Excel writes `;`). A large file is read in two
/// halves on both cores, split at a line end the first half proves lies outside quotes.
/// `skipColumns`, given the header, names columns whose cells are never made into text (the
/// free-text columns of the monitoring form): they read as empty.
public func parseCSV(text: String, file: String, twoHalvesFrom: Int = parallelCSVBytes,
                     skipColumns: (([String]) -> Set<Int>)? = nil) throws -> CSVTable {
    var text = text
    text.makeContiguousUTF8()
    return try text.utf8.withContiguousStorageIfAvailable { all -> CSVTable in
        guard all.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { throw CSVError.empty }
        let delimiter = detectDelimiter(all)
        // The header (the first record with content) first: it says which columns to skip.
        let head = try parseRecords(all, delimiter: delimiter, skip: [], limit: 1)
        guard let header = head.records.first else { throw CSVError.empty }
        let skipped = skipColumns?(header.fields) ?? []
        let skip = (0..<(header.fields.count + 1)).map { skipped.contains($0) }
        let buf = UnsafeBufferPointer(rebasing: all[head.end...])
        var records: [CSVTable.Record]
        if buf.count >= twoHalvesFrom, let split = recordBoundary(near: buf.count / 2, in: buf) {
            let shared = SharedBytes(buffer: buf)   // read-only while both readers run
            let halves = parallelMap([(0..<split, head.nextLine), (split..<buf.count, 1)]) { range, firstLine in
                Result { try parseRecords(UnsafeBufferPointer(rebasing: shared.buffer[range]), delimiter: delimiter, skip: skip, firstLine: firstLine) }
            }
            // The first half read to its end without an open quote, so the second one started
            // where a record does; otherwise (a stray quote) the file is read again in one go.
            if case .success(let first) = halves[0], case .success(var second) = halves[1] {
                let offset = first.nextLine - 1
                for i in second.records.indices { second.records[i].line += offset }
                records = first.records + second.records
            } else {
                records = try parseRecords(buf, delimiter: delimiter, skip: skip, firstLine: head.nextLine).records
            }
        } else {
            records = try parseRecords(buf, delimiter: delimiter, skip: skip, firstLine: head.nextLine).records
        }
        return CSVTable(file: file, delimiter: delimiter, header: header.fields, records: records)
    }!
}

/// From this size on a file is read in two halves (a case file of a whole municipality or more).
public let parallelCSVBytes = 4 << 20

/// The first line end at or after `position` that is not inside a quoted field if the quotes
/// before it pair up; `parseCSV` confirms it by reading the first half.
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

/// Records of a stretch of CSV that starts at the start of a record, numbered from `firstLine`,
/// the line the next stretch starts on and where it starts (after `limit` records, or the end).
/// Cells of columns marked in `skip` are scanned but not made into text.
private func parseRecords(_ buf: UnsafeBufferPointer<UInt8>, delimiter: UInt8, skip: [Bool], firstLine: Int = 1,
                          limit: Int = .max) throws -> (records: [CSVTable.Record], nextLine: Int, end: Int) {
    let quote = UInt8(ascii: "\"")
    var records: [CSVTable.Record] = []
    var fields: [String] = []
    var quoted: [UInt8] = []   // a quoted field's bytes, with doubled quotes undone
    var line = firstLine
    var recordLine = firstLine
    let n = buf.count

    var skippedContent = false   // a skipped cell of this record had something in it
    func endRecord() {
        // Excel pads exports with rows of empty cells: skip rows with no content at all.
        if skippedContent || fields.contains(where: hasContent) {
            records.append(.init(line: recordLine, fields: fields))
        }
        fields.removeAll(keepingCapacity: true)
        skippedContent = false
    }
    var i = 0
    while i < n && records.count < limit {
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
    if !fields.isEmpty && records.count < limit { endRecord() }
    return (records, line, i)
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

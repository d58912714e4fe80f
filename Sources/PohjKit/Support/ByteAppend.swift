extension Array where Element == UInt8 {
    /// Appends a string's UTF-8 bytes with one copy: `+= s.utf8` goes byte by byte for the short
    /// strings (ids, numbers) that the downloads are made of, millions of times a period.
    mutating func append(utf8 s: String) {
        var s = s
        s.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends `n` in decimal digits, as `String(n)` writes it, without making the string.
    mutating func append(decimal n: Int) {
        if n < 0 { append(UInt8(ascii: "-")) }
        var m = n.magnitude
        let start = count
        repeat {
            append(UInt8(m % 10) + 0x30)
            m /= 10
        } while m > 0
        self[start...].reverse()
    }
}

/// Byte strings kept end to end in one array and appended by number. The download rows are made
/// of a few hundred such pieces appended millions of times; kept as an array of arrays, each
/// append retained and released the piece's array (a quarter of writing the downloads).
struct BytePieces: Sendable {
    private let bytes: [UInt8]
    /// Where each piece starts; one more entry than pieces, the last being `bytes.count`.
    private let starts: [Int]

    init(_ pieces: [String]) {
        var bytes: [UInt8] = [], starts = [0]
        for p in pieces {
            bytes.append(utf8: p)
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.starts = starts
    }

    func append(_ piece: Int, to out: inout [UInt8]) {
        let (start, end) = (starts[piece], starts[piece + 1])
        bytes.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}

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

/// HTML (and inline SVG) built by construction: text and attribute values are always escaped.
/// The only ways to get markup in are the element builders here and `HTML(cmark:)`, which is
/// reserved for libcmark's safe-mode output (see `Markdown.swift`).
public struct HTML: Sendable, Equatable {
    public private(set) var rendered: String

    private init(raw: String) { rendered = raw }

    /// libcmark's output (rendered without CMARK_OPT_UNSAFE, so raw HTML in narrative is dropped),
    /// without the bidirectional controls narrative may hold: like escaped text, no `HTML` holds
    /// one, so a page's body need not be scanned for them again.
    init(cmark: String) {
        rendered = withoutBidiControls(cmark)
    }

    public static let empty = HTML(raw: "")

    /// Text, escaped for element content and attribute values alike.
    public static func text(_ s: String) -> HTML { HTML(raw: escape(s)) }

    public static func escape(_ s: String) -> String {
        // Most text (numbers, money with its no-break space and minus sign, labels, names) has
        // nothing the loop below changes: no & < > " ', no control character but tab and line
        // ends, no bidi control. Checked on the bytes, and then returned as it is.
        var bytes = s
        let (special, mayHoldBidi) = bytes.withUTF8 { b -> (Bool, Bool) in
            var mayHoldBidi = false
            for x in b {
                switch x {
                case 0x09, 0x0A, 0x0D: continue
                case 0x00..<0x20, 0x7F, 0x26, 0x3C, 0x3E, 0x22, 0x27: return (true, mayHoldBidi)
                case 0xE2, 0xD8: mayHoldBidi = true
                default: continue
                }
            }
            return (false, mayHoldBidi)
        }
        if !special && (!mayHoldBidi || !holdsBidiControl(s)) { return s }
        return escapeByScalars(s)
    }

    /// `escape` scalar by scalar: for text that needs it, and the tests' reference.
    static func escapeByScalars(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Control characters have no business in a page; U+0000 and friends break parsers.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": out += "\u{FFFD}"
            // Bidirectional overrides in a name could make text read differently than it is.
            case _ where isBidiControl(ch): continue
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// `<name attr="value">children</name>`; attribute names are ours (literals), values escaped.
    public static func el(_ name: StaticString, _ attrs: [(StaticString, String)] = [], _ children: [HTML] = []) -> HTML {
        var s = "<\(name)"
        s.reserveCapacity(children.reduce(2 * name.utf8CodeUnitCount + 5 + attrs.count * 16) { $0 + $1.rendered.utf8.count })
        for (k, v) in attrs { s += " \(k)=\"\(escape(v))\"" }
        s += ">"
        for c in children { s += c.rendered }
        s += "</\(name)>"
        return HTML(raw: s)
    }

    /// A void element (`<meta>`, `<link>`, `<br>`) or a self-closed SVG element.
    public static func void(_ name: StaticString, _ attrs: [(StaticString, String)] = [], selfClosing: Bool = false) -> HTML {
        var s = "<\(name)"
        for (k, v) in attrs { s += " \(k)=\"\(escape(v))\"" }
        return HTML(raw: s + (selfClosing ? "/>" : ">"))
    }

    public static func el(_ name: StaticString, _ attrs: [(StaticString, String)] = [], text: String) -> HTML {
        el(name, attrs, [.text(text)])
    }

    /// A data table in its scrolling region (`div.table-scroll` labelled by the caption), with a
    /// head row of column headers and the body `write` gives, written into one string: the
    /// markup `el` gives, without a string per cell copied into its row, the row into the body,
    /// the body into the table and so on (a practice page has tables of hundreds of cells).
    public static func dataTable(caption: String, id: String, head: [(text: String, numeric: Bool)],
                                 _ write: (inout TableBodyWriter) -> Void) -> HTML {
        let escapedID = escape(id)
        var writer = TableBodyWriter()
        writer.out.reserveCapacity(4096)
        writer.out += "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\""
        writer.out += escapedID
        writer.out += "\" tabindex=\"0\"><table class=\"data-table\"><caption id=\""
        writer.out += escapedID
        writer.out += "\">"
        writer.out += escape(caption)
        writer.out += "</caption><thead><tr>"
        for (text, numeric) in head {
            writer.out += numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">"
            writer.out += escape(text)
            writer.out += "</th>"
        }
        writer.out += "</tr></thead><tbody>"
        write(&writer)
        writer.endRow()
        writer.out += "</tbody></table></div>"
        return HTML(raw: writer.out)
    }

    public struct TableBodyWriter {
        fileprivate var out = ""
        private var inRow = false

        /// Starts a row with its header cell.
        public mutating func row(_ header: String) {
            endRow()
            out += "<tr><th scope=\"row\">"
            out += HTML.escape(header)
            out += "</th>"
            inRow = true
        }

        /// A data cell of the row; numbers are right-aligned (`class="num"`).
        public mutating func cell(_ text: String, numeric: Bool = false) {
            assert(inRow, "a cell before its row's header")
            out += numeric ? "<td class=\"num\">" : "<td>"
            out += HTML.escape(text)
            out += "</td>"
        }

        /// A whole row (`<tr>…</tr>`) made elsewhere.
        public mutating func append(_ row: HTML) {
            endRow()
            out += row.rendered
        }

        fileprivate mutating func endRow() {
            if inRow { out += "</tr>" }
            inRow = false
        }

        fileprivate init() {}
    }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(raw: a.rendered + b.rendered) }
    public static func join(_ parts: [HTML], separator: String = "") -> HTML {
        HTML(raw: parts.map(\.rendered).joined(separator: escape(separator)))
    }
    /// A newline between block elements keeps the source readable without changing rendering.
    public static func lines(_ parts: [HTML]) -> HTML { HTML(raw: parts.map(\.rendered).joined(separator: "\n")) }
}

/// `s` holds a bidirectional control (`isBidiControl`), found by a byte scan of its UTF-8 (a
/// page body is tens of KB, every page) instead of decoding it scalar by scalar. Their UTF-8
/// forms: U+200E/F E2 80 8E/8F, U+202A–E E2 80 AA–AE, U+2066–9 E2 81 A6–A9, U+061C D8 9C.
/// E2 and D8 only ever lead a character, so a match is one of them and nothing else.
func holdsBidiControl(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { b in
        guard b.count >= 2 else { return false }
        for i in 0..<(b.count - 1) where b[i] == 0xE2 || b[i] == 0xD8 {
            let second = b[i + 1]
            if b[i] == 0xD8 {
                if second == 0x9C { return true }
                continue
            }
            guard i + 2 < b.count else { return false }
            let third = b[i + 2]
            if second == 0x80 && (third == 0x8E || third == 0x8F || (0xAA...0xAE).contains(third)) { return true }
            if second == 0x81 && (0xA6...0xA9).contains(third) { return true }
        }
        return false
    }
}

/// `s` without its bidirectional controls; the same string when it holds none (the usual case:
/// found by `holdsBidiControl`'s byte scan, nothing rebuilt).
func withoutBidiControls(_ s: String) -> String {
    guard holdsBidiControl(s) else { return s }
    return String(String.UnicodeScalarView(s.unicodeScalars.filter { !isBidiControl($0) }))
}

/// Explicit bidirectional formatting characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, and the
/// marks): dropped from names wherever they are published.
public func isBidiControl(_ u: Unicode.Scalar) -> Bool {
    (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value) || u.value == 0x200E || u.value == 0x200F || u.value == 0x061C
}

/// A theme template compiled for rendering thousands of pages: the part of Mustache a page layout
/// uses (text, `{{name}}`, `{{{name}}}`, `{{&name}}`, sections, inverted sections, comments),
/// rendered exactly as swift-mustache renders it (`ThemeRenderer` registers every template there
/// too, and uses it for anything else). swift-mustache looks a name up through five dynamic casts
/// per value and splits it on "." each time: 2 of the 22 CPU-seconds of a national build. The
/// tests render random templates and contexts both ways and compare the bytes.
struct CompiledLayout: Sendable {
    /// A value a layout can show: text (escaped by `{{ }}`), a flag for sections, a list of items.
    enum Value: Sendable {
        case text(String)
        case flag(Bool)
        case items([[String: Value]])
    }

    indirect enum Token: Sendable {
        case text(String)
        case variable(String, escaped: Bool)
        case section(String, [Token])
        case inverted(String, [Token])
    }

    let tokens: [Token]

    /// Nil when the template uses more of Mustache than this renders (partials, dotted names,
    /// transforms, delimiters, pragmas, line breaks other than LF and CRLF): swift-mustache
    /// renders those pages. The template has parsed in swift-mustache already.
    init?(_ template: String) {
        guard !template.contains(where: { $0.isNewline && $0 != "\n" && $0 != "\r\n" }) else { return nil }
        var parser = LayoutParser(Array(template))
        guard let tokens = parser.parse(section: nil, newLine: true), parser.atEnd else { return nil }
        self.tokens = tokens
    }

    /// The page, or nil when a value is of a kind only swift-mustache shows (a list in `{{ }}`).
    /// `{{name}}` is escaped as the templates registered in swift-mustache are (`EscapedHTML`).
    func render(_ root: [String: Value]) -> String? {
        var out = ""
        out.reserveCapacity(32_768)
        var stack: [[String: Value]] = [root]
        return Self.render(tokens, &stack, &out, EscapedHTML()) ? out : nil
    }

    /// swift-mustache looks a name up from the innermost section's item out; a section over a
    /// text or a flag adds no item (their reflection has no named children).
    private static func lookUp(_ name: String, _ stack: [[String: Value]]) -> Value? {
        for item in stack.reversed() {
            if let value = item[name] { return value }
        }
        return nil
    }

    private static func render(_ tokens: [Token], _ stack: inout [[String: Value]], _ out: inout String,
                               _ html: EscapedHTML) -> Bool {
        for token in tokens {
            switch token {
            case .text(let text):
                out += text
            case .variable(let name, let escaped):
                switch lookUp(name, stack) {
                case .text(let text)?: out += escaped ? html.escapeText(text) : text
                case .flag(let flag)?: out += flag ? "true" : "false"
                case .items?: return false
                case nil: break
                }
            case .section(let name, let inner):
                switch lookUp(name, stack) {
                case .text?, .flag(true)?:
                    guard render(inner, &stack, &out, html) else { return false }
                case .items(let items)?:
                    for item in items {
                        stack.append(item)
                        defer { stack.removeLast() }
                        guard render(inner, &stack, &out, html) else { return false }
                    }
                case .flag(false)?, nil: break
                }
            case .inverted(let name, let inner):
                switch lookUp(name, stack) {
                case .flag(false)?, nil:
                    guard render(inner, &stack, &out, html) else { return false }
                case .items(let items)? where items.isEmpty:
                    guard render(inner, &stack, &out, html) else { return false }
                case .text?, .flag(true)?, .items?: break
                }
            }
        }
        return true
    }

    /// The context as swift-mustache takes it, for the pages it renders.
    static func mustacheContext(_ values: [String: Value]) -> [String: Any] {
        values.mapValues { value -> Any in
            switch value {
            case .text(let text): return text
            case .flag(let flag): return flag
            case .items(let items): return items.map(mustacheContext)
            }
        }
    }
}

/// swift-mustache's parser (`MustacheTemplate.parse`), step for step, for the tags
/// `CompiledLayout` renders: the same tokens, so the same whitespace around standalone tags.
/// Returns nil at any other tag.
private struct LayoutParser {
    let text: [Character]
    var position = 0

    init(_ text: [Character]) { self.text = text }

    var atEnd: Bool { position == text.count }
    var current: Character { atEnd ? "\0" : text[position] }

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_")

    mutating func parse(section: String?, newLine startsOnNewLine: Bool) -> [CompiledLayout.Token]? {
        var tokens: [CompiledLayout.Token] = []
        var newLine = startsOnNewLine
        var whiteSpaceBefore = ""
        while !atEnd {
            if newLine { whiteSpaceBefore = readSpacesAndTabs() }
            let text = readUntilTagOrNewline()
            if current == "\n" || current == "\r\n" {
                tokens.append(.text(whiteSpaceBefore + text + String(current)))
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            func emitWhiteSpace() {
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = ""
                }
            }
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                guard let name = readName() else { return nil }
                if isStandalone(newLine) { setNewLine = true } else { emitWhiteSpace() }
                guard let inner = parse(section: name, newLine: setNewLine) else { return nil }
                tokens.append(inverted ? .inverted(name, inner) : .section(name, inner))
            case "/":
                position += 1
                guard let name = readName(), name == section else { return nil }
                if !isStandalone(newLine) { emitWhiteSpace() }
                return tokens
            case "!":
                position += 1
                guard readPast("}}") else { return nil }
                setNewLine = isStandalone(newLine)
            case "{":
                emitWhiteSpace()
                position += 1
                guard let name = readName(), current == "}" else { return nil }
                position += 1
                tokens.append(.variable(name, escaped: false))
            case "&":
                emitWhiteSpace()
                position += 1
                guard let name = readName() else { return nil }
                tokens.append(.variable(name, escaped: false))
            case ">", "<", "$", "=", "%":
                return nil
            default:
                emitWhiteSpace()
                guard let name = readName() else { return nil }
                tokens.append(.variable(name, escaped: true))
            }
            newLine = setNewLine
        }
        return section == nil ? tokens : nil
    }

    private mutating func readSpacesAndTabs() -> String {
        var read = ""
        while !atEnd, current == " " || current == "\t" { read.append(current); position += 1 }
        return read
    }

    /// Text up to a line break (not read) or past the next "{{".
    private mutating func readUntilTagOrNewline() -> String {
        var read = ""
        while !atEnd {
            let c = current
            if c == "\n" || c == "\r\n" { break }
            if c == "{" {
                if position + 1 < text.count, text[position + 1] == "{" {
                    position += 2
                    break
                }
                read.append(c)
                position += 1
                continue
            }
            read.append(c)
            position += 1
        }
        return read
    }

    /// A plain name between optional whitespace, and the closing "}}"; nil for anything else
    /// (dots, transforms, characters swift-mustache reads as part of a name).
    private mutating func readName() -> String? {
        while !atEnd, current.isWhitespace { position += 1 }
        var name = ""
        while !atEnd, Self.nameCharacters.contains(current) { name.append(current); position += 1 }
        if !atEnd, "?*.()".contains(current) { return nil }
        while !atEnd, current.isWhitespace { position += 1 }
        guard !name.isEmpty, readPast("}}", immediately: true) else { return nil }
        return name
    }

    /// Past `string`: right here (`immediately`), or after any text (a comment's).
    private mutating func readPast(_ string: String, immediately: Bool = false) -> Bool {
        let wanted = Array(string)
        var at = position
        while at + wanted.count <= text.count {
            if Array(text[at..<at + wanted.count]) == wanted {
                position = at + wanted.count
                return true
            }
            if immediately { return false }
            at += 1
        }
        return false
    }

    /// On a line of its own: spaces and tabs, then a line break (read) or the end.
    private mutating func isStandalone(_ newLine: Bool) -> Bool {
        guard newLine else { return false }
        if atEnd { return true }
        var at = position
        while at < text.count, text[at] == " " || text[at] == "\t" { at += 1 }
        if at < text.count, text[at] == "\n" || text[at] == "\r\n" {
            position = at + 1
            return true
        }
        return false
    }
}

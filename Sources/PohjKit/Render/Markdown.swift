import CMark
import Foundation

/// Markdown through Debian's libcmark in safe mode: raw HTML is dropped and `javascript:`
/// links are emptied, so narrative cannot inject markup.
public enum Markdown {
    public static func html(_ markdown: String) -> HTML {
        let options = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8
        let html: String = markdown.withCString { ptr in
            guard let out = cmark_markdown_to_html(ptr, strlen(ptr), options) else { return "" }
            defer { free(out) }
            return String(cString: out)
        }
        return HTML(cmark: html)
    }

    /// Backslash-escapes Markdown punctuation so substituted text stays text.
    static func escapeText(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            if ch.isASCII && ch.properties.isPatternSyntax { out += "\\" }
            if ch == "\n" || ch == "\r" { out += " "; continue }
            out.unicodeScalars.append(ch)
        }
        return out
    }
}

/// A placeholder found in narrative text (DOMAIN.md §7.3).
enum Placeholder: Equatable {
    case value(id: String, scope: Scope?, period: String?)
    case chart(id: String)
}

/// Parses `{{ value <id> [scope=<type>:"<id>"] [period=<id>] }}` and `{{ chart <id> }}`.
func parsePlaceholder(_ inner: String) -> Placeholder? {
    var tokens: [String] = []
    var current = ""
    var inQuotes = false
    for ch in inner {
        if ch == "\"" { inQuotes.toggle(); current.append(ch); continue }
        if ch.isWhitespace && !inQuotes {
            if !current.isEmpty { tokens.append(current); current = "" }
        } else {
            current.append(ch)
        }
    }
    if !current.isEmpty { tokens.append(current) }
    guard tokens.count >= 2 else { return nil }
    switch tokens[0] {
    case "chart":
        return tokens.count == 2 ? .chart(id: tokens[1]) : nil
    case "value":
        var scope: Scope? = nil, period: String? = nil
        for t in tokens.dropFirst(2) {
            if t.hasPrefix("period=") {
                period = String(t.dropFirst(7))
            } else if t.hasPrefix("scope=") {
                let spec = t.dropFirst(6)
                guard let colon = spec.firstIndex(of: ":") else {
                    if spec == "region" { scope = .region; continue }
                    return nil
                }
                let type = spec[..<colon]
                var id = String(spec[spec.index(after: colon)...])
                if id.hasPrefix("\"") && id.hasSuffix("\"") && id.count >= 2 { id = String(id.dropFirst().dropLast()) }
                switch type {
                case "region": scope = .region
                case "municipality": scope = .municipality(id)
                case "practice": scope = .practice(id)
                default: return nil
                }
            } else {
                return nil
            }
        }
        return .value(id: tokens[1], scope: scope, period: period)
    default:
        return nil
    }
}

/// A line of narrative cut at its placeholders: text, a placeholder's inside (between `{{` and
/// `}}`), or the rest of the line from a `{{` that is never closed.
enum NarrativePart {
    case text(Substring)
    case placeholder(String)
    case unclosed(Substring)
}

func narrativeParts(_ line: String) -> [NarrativePart] {
    var parts: [NarrativePart] = []
    var rest = Substring(line)
    while let open = rest.range(of: "{{") {
        parts.append(.text(rest[..<open.lowerBound]))
        guard let close = rest[open.upperBound...].range(of: "}}") else {
            parts.append(.unclosed(rest[open.lowerBound...]))
            return parts
        }
        parts.append(.placeholder(String(rest[open.upperBound..<close.lowerBound])))
        rest = rest[close.upperBound...]
    }
    parts.append(.text(rest))
    return parts
}

/// The periods a narrative names (`{{ value … period=<id> }}`), with their lines.
func periodsNamed(in narrative: Narrative) -> [(period: String, line: Int)] {
    var named: [(period: String, line: Int)] = []
    for (offset, line) in narrative.body.components(separatedBy: "\n").enumerated() {
        for case .placeholder(let inner) in narrativeParts(line) {
            if case .value(_, _, let period?)? = parsePlaceholder(inner) { named.append((period, narrative.bodyLine + offset)) }
        }
    }
    return named
}

/// Expands placeholders in a narrative and renders it. Values come from the published table
/// only; charts are spliced in after cmark because safe mode would drop inline SVG.
func renderNarrative(_ narrative: Narrative, table: PublishedTable, period: Period, scope: Scope,
                     chart: (String) -> HTML?, diagnostics d: inout Diagnostics) -> HTML {
    let lines = narrative.body.components(separatedBy: "\n")
    var out: [String] = []
    var charts: [String: HTML] = [:]
    for (offset, line) in lines.enumerated() {
        let lineNo = narrative.bodyLine + offset
        var result = ""
        for part in narrativeParts(line) {
            let inner: String
            switch part {
            case .text(let text):
                result += text
                continue
            case .unclosed(let rest):
                d.error(narrative.file, line: lineNo, value: String(rest), "placeholder not closed with '}}'")
                continue
            case .placeholder(let p):
                inner = p
            }
            switch parsePlaceholder(inner) {
            case .value(let id, let s, let p)?:
                let pid = p ?? period.id
                let sc = s ?? scope
                guard table.entry(pid, sc) != nil else {
                    d.error(narrative.file, line: lineNo, value: "{{\(inner)}}", "unknown period or scope; periods: \(Set(table.entries.map(\.period.id)).sorted().joined(separator: ", "))")
                    continue
                }
                guard let ind = table.value(id, period: pid, scope: sc) else {
                    d.error(narrative.file, line: lineNo, value: "{{\(inner)}}", "unknown indicator id '\(id)'; `pohj indicators` lists them")
                    continue
                }
                var words = DutchFormat.inProse(ind)
                // At the start of a sentence (or paragraph) the words start with a capital.
                let before = result.last { !$0.isWhitespace } ?? out.last?.last { !$0.isWhitespace }
                if before == nil || ".!?:".contains(before!), let first = words.first, first.isLowercase {
                    words = first.uppercased() + words.dropFirst()
                }
                result += Markdown.escapeText(words)
            case .chart(let id)?:
                guard let html = chart(id) else {
                    d.error(narrative.file, line: lineNo, value: "{{\(inner)}}", "unknown chart id '\(id)'; charts are \(ChartID.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                guard line.trimmingCharacters(in: .whitespaces) == "{{\(inner)}}" else {
                    d.error(narrative.file, line: lineNo, value: "{{\(inner)}}", "a chart placeholder stands alone on its line")
                    continue
                }
                let marker = "POHJCHART\(charts.count)X"
                charts[marker] = html
                result += marker
            case nil:
                d.error(narrative.file, line: lineNo, value: "{{\(inner)}}", "not a placeholder; write {{ value <indicator-id> }} or {{ chart <chart-id> }}")
            }
        }
        out.append(result)
    }
    var html = Markdown.html(out.joined(separator: "\n"))
    for (marker, chartHTML) in charts.sorted(by: { $0.key < $1.key }) {
        html = html.replacingParagraph(marker, with: chartHTML)
    }
    return html
}

extension HTML {
    /// Replaces the paragraph `<p>MARKER</p>` that cmark made of a chart placeholder.
    func replacingParagraph(_ marker: String, with replacement: HTML) -> HTML {
        HTML(cmark: rendered.replacingOccurrences(of: "<p>\(marker)</p>", with: replacement.rendered))
    }
}

import Foundation
import Yams

/// Splits a narrative file into YAML front matter and Markdown body. Files are named after
/// what they describe: `dashboard.md` (every period's dashboard) or `<period-id>.md`.
func parseNarrative(_ file: String, _ bytes: [UInt8], periods: [Period], _ d: inout Diagnostics) -> Narrative? {
    guard let text = decodeText(bytes) else {
        d.error(file, "is not text; save it as UTF-8")
        return nil
    }
    let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    var lines = normalized.components(separatedBy: "\n")
    var title: String? = nil
    var period: String? = nil
    var bodyLine = 1
    if lines.first?.trimmingCharacters(in: .whitespaces) == "---" {
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            d.error(file, line: 1, "front matter starts with '---' but is never closed by a second '---' line")
            return nil
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        do {
            if let node = try Yams.compose(yaml: yaml) {
                guard node.mapping != nil else {
                    d.error(file, line: 2, "front matter must be key: value lines")
                    return nil
                }
                let y = YAMLReader(file: file)
                title = y.string(node["title"], "title", &d)
                period = y.string(node["period"], "period", &d)
                if let p = period, !periods.contains(where: { $0.id == p }) {
                    d.error(file, line: (node["period"]?.mark?.line ?? 1) + 1, column: "period", value: p,
                            "unknown period; site.yml lists \(periods.map(\.id).joined(separator: ", "))")
                }
            }
        } catch let error as YamlError {
            d.error(file, line: (yamlErrorLine(error) ?? 0) + 1, "front matter is not valid YAML: \(yamlProblem(error))")
            return nil
        } catch {
            d.error(file, line: 1, "front matter is not valid YAML")
            return nil
        }
        bodyLine = close + 2
        lines = Array(lines[(close + 1)...])
    }
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let page: String
    if name == "dashboard" || name == "index" {
        page = "dashboard"
    } else if periods.contains(where: { $0.id == name }) {
        page = "dashboard"
        period = period ?? name
    } else {
        d.warning(file, "not used: narrative files are named dashboard.md or <period-id>.md (\(periods.map(\.id).joined(separator: ", ")))")
        return nil
    }
    return Narrative(file: file, page: page, period: period, title: title, body: lines.joined(separator: "\n"), bodyLine: bodyLine)
}

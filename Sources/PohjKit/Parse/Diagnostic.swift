/// One problem found in the input, located as precisely as the stage knows it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var file: String
    public var line: Int?
    public var column: String?
    public var value: String?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int? = nil, column: String? = nil,
                value: String? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }

    /// `data/cases.csv:12: column 'intervention': 'verwijzing xx': unknown label; …`
    public var description: String {
        var out = file
        if let line { out += ":\(line)" }
        out += ": \(severity.rawValue): "
        if let column { out += "column '\(column)': " }
        if let value { out += "'\(Self.clip(value))': " }
        return out + message
    }

    static func clip(_ s: String) -> String {
        let cleaned = String(s.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return cleaned.count > 60 ? String(cleaned.prefix(57)) + "…" : cleaned
    }
}

/// Collects diagnostics while a stage keeps going, so a user sees every problem in one run.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []
    /// Kept as a counter: parsers compare it before and after each row, a million times.
    public private(set) var errorCount = 0
    public init() {}
    public mutating func error(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil, _ message: String) {
        all.append(Diagnostic(.error, file: file, line: line, column: column, value: value, message))
        errorCount += 1
    }
    public mutating func warning(_ file: String, line: Int? = nil, column: String? = nil, value: String? = nil, _ message: String) {
        all.append(Diagnostic(.warning, file: file, line: line, column: column, value: value, message))
    }
    /// What was detected about a file (encoding, delimiter, rows): printed by `pohj check`.
    public mutating func note(_ file: String, _ message: String) {
        all.append(Diagnostic(.note, file: file, message))
    }
    public var notes: [Diagnostic] { all.filter { $0.severity == .note } }
    public mutating func append(contentsOf other: Diagnostics) {
        all += other.all
        errorCount += other.errorCount
    }
    mutating func all_append(_ d: Diagnostic) {
        all.append(d)
        if d.severity == .error { errorCount += 1 }
    }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { errorCount > 0 }
}

/// Thrown when a stage cannot go on; carries every diagnostic found so far.
public struct BuildFailure: Error, CustomStringConvertible {
    public var step: String
    public var diagnostics: [Diagnostic]
    public init(step: String, diagnostics: [Diagnostic]) {
        self.step = step
        self.diagnostics = diagnostics
    }
    public init(step: String, file: String, _ message: String) {
        self.init(step: step, diagnostics: [Diagnostic(.error, file: file, message)])
    }
    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return "[\(step)] \(errors) error(s):\n" + diagnostics.map { "  " + $0.description }.joined(separator: "\n")
    }
}

import Foundation

/// Column specs of the data files: canonical names (DOMAIN.md §2) and the Dutch headers of the
/// monitoring form and of typical exports.
enum Columns {
    static let cases: [ColumnSpec] = [
        ColumnSpec("case_id", ["Patiëntnummer", "Patientnummer", "Cliëntnummer", "Nummer"], required: true),
        ColumnSpec("practice_id", ["Praktijk", "Praktijkcode"], required: true),
        ColumnSpec("age", ["Leeftijd", "Leeftijd (bij aanvang)"]),
        ColumnSpec("gender", ["Geslacht"]),
        ColumnSpec("referrer", ["Verwijzer"]),
        ColumnSpec("first_consult", ["Datum eerste consult", "Eerste consult"], required: true),
        ColumnSpec("complaint", ["Klacht/vraag", "Klacht", "Hulpvraag"]),
        ColumnSpec("history", ["Hulpverleningsgeschiedenis"]),
        ColumnSpec("intervention", ["Welke interventie is er ingezet?", "Interventie"], required: true),
        ColumnSpec("contacts", ["Intensiteit POH inzet", "Aantal contacten", "Intensiteit"]),
        ColumnSpec("duration", ["Duur van de POH inzet", "Duur"]),
        ColumnSpec("location", ["Locatie hulp", "Locatie"]),
        ColumnSpec("goal_attained", ["Doelbereik"]),
        ColumnSpec("end_date", ["Datum einde zorg", "Einddatum"]),
        ColumnSpec("aftercare", ["Nazorg"]),
        ColumnSpec("gp_referral_date", ["Datum verwijzing", "Verwijsdatum"]),
        // Free text (n7b, n8b, n13, n14b) can hold personal details: recognised, never read.
        ColumnSpec("complaint_text", ["Toelichting klacht", "Klacht/vraag toelichting", "Toelichting hulpvraag"], ignored: true),
        ColumnSpec("history_text", ["Toelichting hulpverleningsgeschiedenis"], ignored: true),
        ColumnSpec("goal_text", ["Doel", "Doelen"], ignored: true),
        ColumnSpec("goal_remark", ["Toelichting doelbereik", "Toelichting"], ignored: true),
    ]
    static let practices: [ColumnSpec] = [
        ColumnSpec("practice_id", ["Praktijkcode", "Praktijk-id"], required: true),
        ColumnSpec("name", ["Naam", "Praktijknaam"], required: true),
        ColumnSpec("municipality", ["Gemeente"], required: true),
        ColumnSpec("joined", ["Start POH-J", "Start POH jeugd", "Startdatum"]),
        ColumnSpec("left", ["Einde POH-J", "Einde POH jeugd", "Einddatum"]),
        ColumnSpec("poh_hours_per_week", ["Uren POH-J per week", "Uren per week"]),
        ColumnSpec("model", ["Model"]),
        ColumnSpec("youth_on_list", ["Jeugdigen op lijst", "Jeugdigen ingeschreven"]),
    ]
    static let costs: [ColumnSpec] = [
        ColumnSpec("year", ["Jaar"]),
        ColumnSpec("start", ["Begin", "Startdatum", "Van"]),
        ColumnSpec("end", ["Einde", "Einddatum", "Tot en met"]),
        ColumnSpec("scope", ["Gemeente/praktijk", "Gemeente", "Praktijk"], required: true),
        ColumnSpec("cost_eur", ["Kosten (EUR)", "Kosten", "Bedrag"], required: true),
        ColumnSpec("hours_per_week", ["Uren per week"]),
        ColumnSpec("employer", ["Werkgever"]),
        ColumnSpec("funder", ["Financier"]),
    ]
    static let referrals: [ColumnSpec] = [
        ColumnSpec("year", ["Jaar"], required: true),
        ColumnSpec("municipality", ["Gemeente"], required: true),
        ColumnSpec("referrer", ["Verwijzer"], required: true),
        ColumnSpec("care", ["Zorgsoort", "Zorgvorm"], required: true),
        ColumnSpec("trajectories", ["Trajecten", "Aantal trajecten"], required: true),
        ColumnSpec("cost_eur", ["Kosten (EUR)", "Kosten"], required: true),
    ]
    static let population: [ColumnSpec] = [
        ColumnSpec("municipality", ["Gemeente"], required: true),
        ColumnSpec("year", ["Jaar"], required: true),
        ColumnSpec("youth_0_17", ["Jeugdigen 0-17", "Jeugdigen", "Aantal jeugdigen"], required: true),
    ]
}

/// Opens a data file: its encoding, delimiter and header, mapped onto the specs. Nil (with the
/// reason recorded) when it cannot be read at all.
func openTable(_ file: String, _ bytes: [UInt8], specs: [ColumnSpec], _ d: inout Diagnostics) -> (CSVReader, ColumnMap)? {
    guard let source = CSVSource(file: bytes) else {
        d.error(file, "is not a text file (binary content); export it from Excel as 'CSV (puntkomma gescheiden)'")
        return nil
    }
    let reader: CSVReader
    do {
        reader = try CSVReader(source, file: file)
    } catch {
        noteUnreadable(file, error, &d)
        return nil
    }
    guard let map = ColumnMap(file: file, header: reader.header, delimiterName: reader.delimiterName, specs: specs, diagnostics: &d) else { return nil }
    return (reader, map)
}

/// Why a data file could not be read (`CSVReader` opening or reading it), as the user's message.
private func noteUnreadable(_ file: String, _ error: Error, _ d: inout Diagnostics) {
    if case CSVError.unterminatedQuote(let line) = error {
        d.error(file, line: line, "a quoted field (\") is never closed; check the quotes on this line")
    } else {
        d.error(file, "is empty; it needs a header row and at least one data row")
    }
}

/// Streams a data file's records to `visit` (see `CSVReader.read`) and notes what was read.
/// Nil when the file cannot be read or has no data rows.
func readRecords<Part: Sendable>(_ file: String, _ bytes: [UInt8], specs: [ColumnSpec], _ d: inout Diagnostics,
                                 part: @Sendable () -> Part, count: (Part) -> Int,
                                 visitor: (ColumnMap) -> @Sendable (inout Part, CSVTable.Record) -> Void) -> (parts: [Part], reader: CSVReader, columns: ColumnMap)? {
    guard let (reader, columns) = openTable(file, bytes, specs: specs, &d) else { return nil }
    let parts: [Part]
    do {
        parts = try reader.read(skip: columnsNeverRead(reader.header, specs), part: part, visit: visitor(columns))
    } catch {
        noteUnreadable(file, error, &d)
        return nil
    }
    let rows = parts.reduce(0) { $0 + count($1) }
    if rows == 0 {
        d.error(file, line: 1, "has a header but no data rows")
        return nil
    }
    d.note(file, "\(rows) rows, \(reader.encoding), \(reader.delimiterName) as delimiter")
    return (parts, reader, columns)
}

/// Reads a data file into a table, or records why it cannot be read.
func readTable(_ file: String, _ bytes: [UInt8], specs: [ColumnSpec], _ d: inout Diagnostics) -> (CSVTable, ColumnMap)? {
    guard let read = readRecords(file, bytes, specs: specs, &d, part: { [CSVTable.Record]() }, count: \.count,
                                 visitor: { _ in { records, r in records.append(r) } }) else { return nil }
    let records = read.parts.count == 1 ? read.parts[0] : read.parts.flatMap { $0 }
    return (CSVTable(file: file, delimiter: read.reader.delimiter, header: read.reader.header, records: records), read.columns)
}

func parsePractices(_ file: String, _ bytes: [UInt8], _ d: inout Diagnostics) -> [Practice] {
    guard let (table, cols) = readTable(file, bytes, specs: Columns.practices, &d) else { return [] }
    let models = LabelIndex<PracticeModel>()
    var out: [Practice] = []
    var seen: [String: Int] = [:]
    for r in table.records {
        guard let id = cols.required(r, "practice_id", &d), let name = cols.required(r, "name", &d),
              let municipality = cols.required(r, "municipality", &d) else { continue }
        if let first = seen[id] {
            d.error(file, line: r.line, column: "practice_id", value: id, "practice listed twice (first on line \(first))")
            continue
        }
        seen[id] = r.line
        let joined = cols.date(r, "joined", &d), left = cols.date(r, "left", &d)
        if let joined, let left, left < joined {
            d.error(file, line: r.line, column: "left", value: left.iso, "POH-J end lies before its start (\(joined.iso))")
        }
        let hours = cols.decimal(r, "poh_hours_per_week", &d) ?? 0
        if hours < 0 || hours > 80 { d.error(file, line: r.line, column: "poh_hours_per_week", value: "\(hours)", "hours per week must lie between 0 and 80") }
        if joined != nil && hours == 0 { d.warning(file, line: r.line, column: "poh_hours_per_week", "practice has a POH-J start date but no hours; capacity counts 0") }
        out.append(Practice(id: id, name: name, municipality: municipality, joined: joined, left: left, hoursPerWeek: hours,
                            model: cols.code(r, "model", models, &d), youthOnList: cols.integer(r, "youth_on_list", &d),
                            origin: Origin(file: file, line: r.line)))
    }
    return out
}

/// Every row becomes a case, flagged invalid when it had an error, so cross-file checks still
/// see it and the user gets every problem in one run.
/// The cases of one or more files, and which of them had an error in a cell (their dates may
/// be placeholders): kept apart so that cases nobody leaves out are never copied again.
struct ParsedCases: Sendable {
    var cases: [Case] = []
    /// Indexes into `cases` of rows with an error, ascending.
    var invalid: [Int] = []

    mutating func append(_ other: ParsedCases) {
        let offset = cases.count
        cases.append(contentsOf: other.cases)
        invalid.append(contentsOf: other.invalid.map { $0 + offset })
    }
}

func parseCases(_ file: String, _ bytes: [UInt8], _ d: inout Diagnostics) -> ParsedCases {
    typealias Part = (parsed: ParsedCases, d: Diagnostics)
    // Each record becomes a case as it is read (a large file in two halves on both cores, each
    // with its own messages, kept in row order): the rows never sit in memory as cells.
    guard let read = readRecords(file, bytes, specs: Columns.cases, &d, part: { Part(ParsedCases(), Diagnostics()) }, count: \.parsed.cases.count,
                                 visitor: { cols in caseReader(file, cols) }) else { return ParsedCases() }
    var parts = read.parts
    for part in parts { d.append(contentsOf: part.d) }
    // The first half's cases are taken over, not copied; the second's are appended.
    var joined = ParsedCases()
    swap(&joined, &parts[0].parsed)
    if parts.count > 1 {
        joined.cases.reserveCapacity(parts.reduce(0) { $0 + $1.parsed.cases.count })
        for i in 1..<parts.count { joined.append(parts[i].parsed) }
    }
    return joined
}

/// Turns one record of a case file into a case, recording every bad cell.
private func caseReader(_ file: String, _ cols: ColumnMap) -> @Sendable (inout (parsed: ParsedCases, d: Diagnostics), CSVTable.Record) -> Void {
    let (genders, referrers, complaints, histories, interventions) = (caseLabels.genders, caseLabels.referrers, caseLabels.complaints, caseLabels.histories, caseLabels.interventions)
    let (bands, durations, locations, goals, aftercares) = (caseLabels.bands, caseLabels.durations, caseLabels.locations, caseLabels.goals, caseLabels.aftercares)
    let k = CaseColumns(cols)
    @Sendable func readCase(_ r: CSVTable.Record, _ d: inout Diagnostics) -> Case {
        let caseID = cols.required(r, k.caseId, &d)
        let practiceID = cols.required(r, k.practiceId, &d)
        let firstConsult = cols.date(r, k.firstConsult, &d)
        if cols.text(r, k.firstConsult).isEmpty { d.error(file, line: r.line, column: k.firstConsult.name, "value missing; every case has a date of first consult") }
        var age: Int? = nil
        if let a = cols.integer(r, k.age, &d) {
            if a < 0 || a > 23 {
                d.error(file, line: r.line, column: k.age.name, value: String(a), "age must lie between 0 and 23 (the form allows 0–21)")
            } else {
                age = a
                if a > 18 { d.warning(file, line: r.line, column: k.age.name, value: String(a), "older than 18; check the age at first consult") }
            }
        }
        var band: ContactsBand? = nil, exact: Int? = nil
        let contactsText = cols.text(r, k.contacts)
        if !contactsText.isEmpty {
            if let n = Int(contactsText) {
                if let b = ContactsBand(contacts: n) { band = b; exact = n } else {
                    d.error(file, line: r.line, column: k.contacts.name, value: contactsText, "a number of contacts is 1 or more")
                }
            } else {
                band = cols.code(r, k.contacts, bands, &d)
            }
        }
        let endDate = cols.date(r, k.endDate, &d)
        if let firstConsult, let endDate, endDate < firstConsult {
            d.error(file, line: r.line, column: k.endDate.name, value: endDate.iso, "care ends before the first consult (\(firstConsult.iso))")
        }
        return Case(caseID: caseID ?? "", practiceID: practiceID ?? "", age: age,
                     gender: cols.code(r, k.gender, genders, &d), referrer: cols.code(r, k.referrer, referrers, &d),
                     firstConsult: firstConsult ?? Day(year: 1970, month: 1, day: 1)!,
                     complaint: cols.code(r, k.complaint, complaints, &d), history: cols.code(r, k.history, histories, &d),
                     intervention: cols.code(r, k.intervention, interventions, &d), contacts: band, exactContacts: exact,
                     duration: cols.code(r, k.duration, durations, &d), location: cols.code(r, k.location, locations, &d),
                     goal: cols.code(r, k.goalAttained, goals, &d), endDate: endDate,
                     aftercare: cols.code(r, k.aftercare, aftercares, &d), gpReferralDate: cols.date(r, k.gpReferralDate, &d),
                     origin: Origin(file: file, line: r.line))
    }
    return { part, r in
        let before = part.d.errorCount
        part.parsed.cases.append(readCase(r, &part.d))
        if part.d.errorCount != before { part.parsed.invalid.append(part.parsed.cases.count - 1) }
    }
}

/// The form's vocabularies, indexed once per run (350 case files each built their own).
private struct CaseLabels: Sendable {
    let genders = LabelIndex<Gender>(), referrers = LabelIndex<Referrer>(), complaints = LabelIndex<Complaint>()
    let histories = LabelIndex<History>(), interventions = LabelIndex<Intervention>(), bands = LabelIndex<ContactsBand>()
    let durations = LabelIndex<Duration>(), locations = LabelIndex<Location>(), goals = LabelIndex<Goal>(), aftercares = LabelIndex<Aftercare>()
}
private let caseLabels = CaseLabels()

/// The case file's columns, resolved once per file.
private struct CaseColumns {
    let caseId, practiceId, age, gender, referrer, firstConsult, complaint, history, intervention, contacts,
        duration, location, goalAttained, endDate, aftercare, gpReferralDate: ColumnMap.Column
    init(_ cols: ColumnMap) {
        caseId = cols["case_id"]; practiceId = cols["practice_id"]; age = cols["age"]; gender = cols["gender"]
        referrer = cols["referrer"]; firstConsult = cols["first_consult"]; complaint = cols["complaint"]
        history = cols["history"]; intervention = cols["intervention"]; contacts = cols["contacts"]
        duration = cols["duration"]; location = cols["location"]; goalAttained = cols["goal_attained"]
        endDate = cols["end_date"]; aftercare = cols["aftercare"]; gpReferralDate = cols["gp_referral_date"]
    }
}

/// Cost rows; `scope` is a municipality name or a practice id, resolved against practices later.
func parseCosts(_ file: String, _ bytes: [UInt8], _ d: inout Diagnostics) -> [(row: CostRow, scopeName: String)] {
    guard let (table, cols) = readTable(file, bytes, specs: Columns.costs, &d) else { return [] }
    let funders = LabelIndex<Funder>()
    var out: [(CostRow, String)] = []
    for r in table.records {
        let before = d.errorCount
        guard let scope = cols.required(r, "scope", &d) else { continue }
        let cost = cols.decimal(r, "cost_eur", &d)
        if cols.text(r, "cost_eur").isEmpty { d.error(file, line: r.line, column: "cost_eur", "value missing; write 0 for a cost-neutral arrangement") }
        var range: DayRange? = nil
        if let year = cols.integer(r, "year", &d) {
            if (1990...2100).contains(year) { range = .year(year) } else { d.error(file, line: r.line, column: "year", value: String(year), "not a plausible year") }
        } else if let s = cols.date(r, "start", &d), let e = cols.date(r, "end", &d) {
            if e < s { d.error(file, line: r.line, column: "end", value: e.iso, "ends before it starts (\(s.iso))") } else { range = DayRange(s, e) }
        } else if d.errorCount == before {
            d.error(file, line: r.line, column: "year", "give either a year or a start and end date")
        }
        if let cost, cost < 0 { d.error(file, line: r.line, column: "cost_eur", value: "\(cost)", "a cost cannot be negative") }
        guard d.errorCount == before, let range, let cost else { continue }
        out.append((CostRow(range: range, scope: .municipality(scope), costEUR: cost, hoursPerWeek: cols.decimal(r, "hours_per_week", &d),
                            employer: cols.text(r, "employer").isEmpty ? nil : cols.text(r, "employer"),
                            funder: cols.code(r, "funder", funders, &d), origin: Origin(file: file, line: r.line)), scope))
    }
    return out
}

func parseReferrals(_ file: String, _ bytes: [UInt8], _ d: inout Diagnostics) -> [ReferralRow] {
    guard let (table, cols) = readTable(file, bytes, specs: Columns.referrals, &d) else { return [] }
    let referrers = LabelIndex<CareReferrer>(), cares = LabelIndex<CareType>()
    var out: [ReferralRow] = []
    for r in table.records {
        let before = d.errorCount
        let year = cols.integer(r, "year", &d), municipality = cols.required(r, "municipality", &d)
        let referrer = cols.code(r, "referrer", referrers, &d), care = cols.code(r, "care", cares, &d)
        let n = cols.integer(r, "trajectories", &d), cost = cols.decimal(r, "cost_eur", &d)
        if cols.text(r, "referrer").isEmpty { d.error(file, line: r.line, column: "referrer", "value missing") }
        if cols.text(r, "care").isEmpty { d.error(file, line: r.line, column: "care", "value missing") }
        if let n, n < 0 { d.error(file, line: r.line, column: "trajectories", value: String(n), "cannot be negative") }
        // Counts are audited as 32-bit numbers (`CountSystem`); no region has a million trajectories a year.
        if let n, n > 1_000_000 { d.error(file, line: r.line, column: "trajectories", value: String(n), "more than 1.000.000 trajectories in one row; check the number (a decimal separator or an amount in the wrong column?)") }
        guard d.errorCount == before, let year, let municipality, let referrer, let care, let n, let cost else { continue }
        out.append(ReferralRow(year: year, municipality: municipality, referrer: referrer, care: care, trajectories: n, costEUR: cost,
                               origin: Origin(file: file, line: r.line)))
    }
    return out
}

func parsePopulation(_ file: String, _ bytes: [UInt8], _ d: inout Diagnostics) -> [PopulationRow] {
    guard let (table, cols) = readTable(file, bytes, specs: Columns.population, &d) else { return [] }
    var out: [PopulationRow] = []
    for r in table.records {
        let before = d.errorCount
        let m = cols.required(r, "municipality", &d), y = cols.integer(r, "year", &d), n = cols.integer(r, "youth_0_17", &d)
        guard d.errorCount == before, let m, let y, let n else { continue }
        out.append(PopulationRow(municipality: m, year: y, youth: n))
    }
    return out
}

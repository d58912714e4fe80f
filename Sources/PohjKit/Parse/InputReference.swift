/// The user-facing reference of the input format (docs/input-format.md), generated from the
/// same column specs and vocabularies the parser uses, so the documentation cannot drift.
public enum InputReference {
    static func vocabulary<C: FormCode>(_ type: C.Type, _ title: String) -> String {
        var out = "### \(title) (`\(C.field)`)\n\n| code | accepted labels |\n|---|---|\n"
        for c in C.allCases {
            out += "| `\(c.rawValue)` | \(c.labels.map { "`\($0.replacingOccurrences(of: "|", with: "\\|"))`" }.joined(separator: ", ")) |\n"
        }
        return out + "\n"
    }

    static func columns(_ specs: [ColumnSpec], _ title: String, _ file: String) -> String {
        var out = "## \(title): `\(file)`\n\n| column | headers accepted | required |\n|---|---|---|\n"
        for s in specs {
            let note = s.ignored ? "free text: recognised and never read" : (s.required ? "yes" : "no")
            out += "| `\(s.name)` | \(s.headers.map { "`\($0)`" }.joined(separator: ", ")) | \(note) |\n"
        }
        return out + "\n"
    }

    /// What `pohj check` verifies, and what to do about each finding.
    static let checks = """
    ## Checks and how to fix them

    Every problem is reported as `file:line: error|warning: column 'x': 'value': what is wrong`, all
    of them in one run, errors before warnings, with a count. Any error stops the build (exit code 1)
    and leaves the previous site untouched; `pohj build --skip-invalid` builds past errors in single
    case rows instead, leaves those rows out and lists them in the site's "Over de gegevens" section.
    `pohj check --format json` gives the same list for tools.

    | check | severity | how to fix |
    |---|---|---|
    | file is empty, binary, or has no data rows | error | export again from Excel as "CSV (puntkomma gescheiden)" |
    | quoted field never closed | error | look for a stray `"` on the line named |
    | file over 512 MB | error | split it, one file per POH-J under `data/cases/` |
    | required column missing | error | add the column; the message names the header it expects and the delimiter it found |
    | column twice | error | remove one of them |
    | unknown column | warning | ignored; rename it if it was meant to be read |
    | unknown label | error | use a label of the form (listed below); the message suggests the nearest |
    | not a valid date | error | `31-12-2020`, `2020-12-31`, or an Excel date number |
    | not a whole number / not a number | error | remove text and units from the cell |
    | age outside 0–23 | error | check the age at first consult; above 18 is a warning |
    | end of care before first consult | error | swap or correct the dates |
    | date after the last period | error | usually a wrong year |
    | first consult before the POH-J started in the practice | error | correct the date, or `Start POH-J` in practices.csv |
    | practice not in practices.csv | error | add the practice or correct its code |
    | case number twice in one file and practice | error | one row per youngster per trajectory |
    | case number in two files of one practice | warning | counted as two cases (two POH-J may number alike) |
    | GP referral after the first consult | warning | left out of the waiting-time figure |
    | cost rows overlap for one municipality | error | give costs per municipality or per practice, not both for the same days |
    | cost scope unknown | error | use a municipality name or a practice code from practices.csv |
    | referrals of a municipality without practices | warning | counted for the region only |
    | site.yml key, period, parameter or scenario wrong | error | the message names the key and its line |
    | narrative placeholder unknown | error | `pohj indicators` lists every indicator id |


    """

    public static func markdown() -> String {
        var out = """
        # Input format reference

        Generated from the parser's own column and label lists (`Sources/PohjKit/Parse/InputReference.swift`);
        a test fails when this file and the code disagree.

        Files are CSV as Excel writes them: `;`, `,` or tab as delimiter (detected from the header),
        UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252; CRLF, LF or CR line ends;
        quoted fields may hold delimiters and line breaks. Headers are matched without regard to case,
        accents, spacing or the form's field numbers (`n6 Datum eerste consult`). Dates are `31-12-2020`,
        `1-2-2021`, `31/12/2020` or `2020-12-31`. Amounts take a decimal comma or point and thousands
        separators (`1.234,56`, `€ 100.000`). Labels are matched without regard to case and spacing, and
        the canonical code is always accepted too.


        """
        out += columns(Columns.cases, "Cases (monitoring form)", "data/cases.csv or data/cases/*.csv")
        out += "`contacts` also takes an exact whole number of contacts, which is banded (7 → `6-10`). An empty intervention means the trajectory is still open.\n\n"
        out += columns(Columns.practices, "Practices", "data/practices.csv")
        out += columns(Columns.costs, "Costs", "data/costs.csv")
        out += "Give either `year` or `start` and `end`. `scope` is a municipality name or a practice code.\n\n"
        out += columns(Columns.referrals, "Referrals to second-line care", "data/referrals.csv")
        out += columns(Columns.population, "Population", "data/population.csv")
        out += checks
        out += "## Labels\n\n"
        out += vocabulary(Gender.self, "Gender")
        out += vocabulary(Referrer.self, "Referrer of a POH-J case")
        out += vocabulary(Complaint.self, "Complaint")
        out += vocabulary(History.self, "History of care")
        out += vocabulary(Intervention.self, "Intervention")
        out += vocabulary(ContactsBand.self, "Contacts")
        out += vocabulary(Duration.self, "Duration")
        out += vocabulary(Location.self, "Location")
        out += vocabulary(Goal.self, "Goal attained")
        out += vocabulary(Aftercare.self, "Aftercare")
        out += vocabulary(PracticeModel.self, "Practice model")
        out += vocabulary(Funder.self, "Funder")
        out += vocabulary(CareReferrer.self, "Referrer of a second-line trajectory")
        out += vocabulary(CareType.self, "Care type")
        return out
    }
}

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

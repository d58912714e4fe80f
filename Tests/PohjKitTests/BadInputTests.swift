import Foundation
import Testing
@testable import PohjKit

/// Bad input gets a clear diagnostic (file, line, column, value, what to do), a non-zero exit,
/// and leaves the previous site untouched.
struct BadInputTests {
    /// Copies the mini fixture, changes one file, and returns the failure `parse` reports.
    func failure(_ file: String, _ change: (String) -> String) throws -> BuildFailure {
        let project = copyProject(Repo.mini)
        let url = project.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try change(text).write(to: url, atomically: false, encoding: .utf8)
        do {
            _ = try loadProject(content: project.path, themeSearch: Repo.themes)
        } catch let f as BuildFailure {
            return f
        }
        Issue.record("no failure for a bad \(file)")
        return BuildFailure(step: "none", diagnostics: [])
    }

    func errors(_ f: BuildFailure) -> [String] { f.diagnostics.filter { $0.severity == .error }.map(\.description) }

    @Test func unknownInterventionLabelSuggestsTheNearest() throws {
        let f = try failure("data/cases.csv") { $0.replacingOccurrences(of: "2022-004;P1;7;Vrouw;Huisarts;22-04-2022;Emotieregulatie;;1 gesprek, geen verdere hulpvraag", with: "2022-004;P1;7;Vrouw;Huisarts;22-04-2022;Emotieregulatie;;1 gesprek geen hulpvraag") }
        #expect(errors(f).count == 1)
        #expect(errors(f).first?.hasPrefix("data/cases.csv:5: error: column 'intervention': '1 gesprek geen hulpvraag': unknown label; did you mean '1 gesprek, geen verdere hulpvraag' (eenmalig)? Allowed: ") == true)
        #expect(f.step == "parse")
    }

    @Test func aCaseAtAPracticeWithoutPOHIsRefused() throws {
        // P4 has no POH-J (no start date): its pages say so and publish its counts as 0.
        let f = try failure("data/cases.csv") { $0.replacingOccurrences(of: "2022-002;P3;5;Man;Huisarts;08-02-2022;", with: "2022-002;P4;5;Man;Huisarts;08-02-2022;") }
        #expect(errors(f) == ["data/cases.csv:3: error: column 'practice_id': 'P4': practice P4 has no POH-J (no start date in data/practices.csv); fill in when the POH-J started there, or correct the practice code"])
    }

    @Test func impossibleDate() throws {
        let f = try failure("data/cases.csv") { $0.replacingOccurrences(of: ";08-02-2022;", with: ";31-02-2022;") }
        #expect(errors(f) == ["data/cases.csv:3: error: column 'first_consult': '31-02-2022': not a valid date; write it as dd-mm-jjjj (31-12-2020) or jjjj-mm-dd"])
    }

    @Test func missingRequiredColumn() throws {
        let f = try failure("data/cases.csv") { $0.replacingOccurrences(of: "Welke interventie is er ingezet?", with: "Wat deed de POH") }
        #expect(errors(f) == ["data/cases.csv:1: error: column 'intervention': required column missing; expected a header 'Welke interventie is er ingezet?' (or 'intervention'). The file uses ';' as delimiter"])
        #expect(f.diagnostics.contains { $0.description == "data/cases.csv:1: warning: column 'Wat deed de POH': unknown column, ignored" })
    }

    @Test func duplicateCaseIDWithinAPractice() throws {
        let f = try failure("data/cases.csv") { $0.replacingOccurrences(of: "2022-004;P1;", with: "2022-001;P1;") }
        #expect(errors(f) == ["data/cases.csv:5: error: column 'case_id': '2022-001': case number used twice in practice P1 (also on line 2); give each youngster one row per trajectory"])
    }

    @Test func duplicateCaseNumbersAreFoundAmongManyRows() throws {
        // Numbers are looked up in a table of their own (`FirstRows`): among 40.000 rows of two
        // practices, exactly the three numbers used twice are reported, each naming its first line.
        var rows = ["Patiëntnummer;Praktijk;Datum eerste consult;Welke interventie is er ingezet?"]
        for i in 0..<40_000 { rows.append("\(i);\(i % 2 == 0 ? "P1" : "P2");03-03-2022;Crisishulp") }
        // Row i is on line i + 2; odd numbers belong to P2.
        rows.append("17;P2;03-03-2022;Crisishulp")      // again: first on line 19
        rows.append("17;P1;03-03-2022;Crisishulp")      // 17 was never in P1: no duplicate
        rows.append("39998;P1;03-03-2022;Crisishulp")   // again: first on line 40.000
        rows.append("0;P1;03-03-2022;Crisishulp")       // again: first on line 2
        let project = copyProject(Repo.mini)
        try rows.joined(separator: "\r\n").write(to: project.appendingPathComponent("data/cases.csv"), atomically: false, encoding: .utf8)
        try "Praktijkcode;Naam;Gemeente\r\nP1;Een;Lisse\r\nP2;Twee;Lisse\r\n".write(to: project.appendingPathComponent("data/practices.csv"), atomically: false, encoding: .utf8)
        let d: [Diagnostic]
        do {
            _ = try loadProject(content: project.path, themeSearch: Repo.themes)
            d = []
        } catch let f as BuildFailure { d = f.diagnostics }
        let twice = d.map(\.description).filter { $0.contains("used twice") }
        #expect(twice == [
            "data/cases.csv:40002: error: column 'case_id': '17': case number used twice in practice P2 (also on line 19); give each youngster one row per trajectory",
            "data/cases.csv:40004: error: column 'case_id': '39998': case number used twice in practice P1 (also on line 40000); give each youngster one row per trajectory",
            "data/cases.csv:40005: error: column 'case_id': '0': case number used twice in practice P1 (also on line 2); give each youngster one row per trajectory",
        ])
    }

    @Test func unclosedQuoteNamesItsLine() throws {
        // The quote opened on line 5 runs to the end of the file: the whole rest would be one cell.
        let f = try failure("data/cases.csv") { $0.replacingOccurrences(of: "2022-004;P1;7;Vrouw;Huisarts;22-04-2022;Emotieregulatie;", with: "2022-004;P1;7;Vrouw;Huisarts;22-04-2022;\"Emotieregulatie;") }
        #expect(errors(f) == ["data/cases.csv:5: error: a quoted field (\") is never closed; check the quotes on this line"])
    }

    @Test func implausibleTrajectoryCountIsAnErrorNotACrash() throws {
        // Three billion would not fit the audit's 32-bit counts; it is reported, not trapped on.
        let f = try failure("data/referrals.csv") { $0.replacingOccurrences(of: "2021;Aadorp;Huisarts;Basis GGZ;40;", with: "2021;Aadorp;Huisarts;Basis GGZ;3000000000;") }
        #expect(errors(f) == ["data/referrals.csv:2: error: column 'trajectories': '3000000000': more than 1.000.000 trajectories in one row; check the number (a decimal separator or an amount in the wrong column?)"])
    }

    @Test func emptyFile() throws {
        let f = try failure("data/costs.csv") { _ in "" }
        #expect(errors(f) == ["data/costs.csv: error: is empty; it needs a header row and at least one data row"])
    }

    @Test func everyProblemInOneRun() throws {
        let f = try failure("data/cases.csv") {
            $0.replacingOccurrences(of: ";08-02-2022;", with: ";32-02-2022;")
                .replacingOccurrences(of: "2022-010;P1;13;Vrouw;Huisarts", with: "2022-010;P9;130;Vrouw;Bakker")
        }
        let e = errors(f)
        #expect(e.count == 4)
        #expect(e.contains { $0.hasPrefix("data/cases.csv:3: error: column 'first_consult'") })
        #expect(e.contains { $0.hasPrefix("data/cases.csv:11: error: column 'age': '130': age must lie between 0 and 23") })
        #expect(e.contains { $0.hasPrefix("data/cases.csv:11: error: column 'referrer': 'Bakker': unknown label") })
        #expect(e.contains { $0.hasPrefix("data/cases.csv:11: error: column 'practice_id': 'P9': practice not in data/practices.csv") })
    }

    @Test func configErrorsNameKeyAndLine() throws {
        let f = try failure("site.yml") { $0.replacingOccurrences(of: "    end: 2022-12-31\n  - id: 2022-H2", with: "    end: 2022-12-32\n  - id: 2022-H2") }
        #expect(errors(f) == ["site.yml:9: error: column 'periods.end': '2022-12-32': not a valid date; write 2020-12-31"])
        let g = try failure("site.yml") { $0 + "parameters:\n  price_bggz: 900\n" }
        #expect(errors(g) == ["site.yml:15: error: column 'parameters.price_bggz': unknown parameter; see the README's list of parameters"])
    }

    @Test func unknownPlaceholderNamesFileAndLine() throws {
        let project = copyProject(Repo.mini)
        let url = project.appendingPathComponent("narrative/dashboard.md")
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "\nHet bereik was {{ value reach.shares }}.\n"
        try text.write(to: url, atomically: false, encoding: .utf8)
        let out = temporaryFolder().appendingPathComponent("Site")
        #expect(throws: BuildFailure.self) {
            try buildSite(BuildOptions(content: project.path, output: out.path, themeSearch: Repo.themes, buildDate: Day(year: 2023, month: 1, day: 31)!))
        }
        do {
            _ = try buildSite(BuildOptions(content: project.path, output: out.path, themeSearch: Repo.themes, buildDate: Day(year: 2023, month: 1, day: 31)!))
        } catch let f as BuildFailure {
            #expect(f.step == "present")
            #expect(errors(f).first == "narrative/dashboard.md:11: error: '{{ value reach.shares }}': unknown indicator id 'reach.shares'; `pohj indicators` lists them")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A project's own copy of the theme with an unclosed section: the message names the
    /// template, its line as the user numbers it, and the column.
    @Test func brokenTemplateNamesFileAndLine() throws {
        let project = copyProject(Repo.mini)
        let theme = project.appendingPathComponent("themes/default")
        try FileManager.default.createDirectory(at: theme.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("Themes/default"), to: theme)
        let template = theme.appendingPathComponent("templates/page.mustache")
        var lines = try String(contentsOf: template, encoding: .utf8).components(separatedBy: "\n")
        lines[2] = "<head>{{#open}}"   // line 3 of the file
        try lines.joined(separator: "\n").write(to: template, atomically: false, encoding: .utf8)
        let out = temporaryFolder().appendingPathComponent("Site")
        do {
            _ = try buildSite(BuildOptions(content: project.path, output: out.path, themeSearch: Repo.themes, buildDate: Day(year: 2023, month: 1, day: 31)!))
            Issue.record("a broken template was accepted")
        } catch let f as BuildFailure {
            let message = errors(f).first ?? ""
            #expect(message.hasPrefix("\(theme.path)/templates/page.mustache:") && message.contains("template does not parse"), "\(message)")
            // Mustache notices the missing end at the last line; the line is counted in the file as written.
            #expect(message.contains("page.mustache:\(lines.count):") || message.contains("page.mustache:\(lines.count - 1):"), "\(message)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func failedBuildLeavesThePreviousSiteUntouched() throws {
        let project = copyProject(Repo.mini)
        let out = temporaryFolder().appendingPathComponent("Site")
        let good = try runPohj(["build", "--content", project.path, "--output", out.path, "--quiet"])
        #expect(good.status == 0, "\(good.err)")
        let before = tree(out)
        #expect(before["index.html"] != nil)
        // Break the data in several ways; each build must fail and change nothing.
        let breakages: [(String, String)] = [
            ("data/cases.csv", "Patiëntnummer;Praktijk\r\n1;P1\r\n"),
            ("data/practices.csv", ""),
            ("data/costs.csv", "\u{0}\u{1}\u{2}binary"),
            ("site.yml", "title: [unclosed\n"),
        ]
        for (file, text) in breakages {
            let url = project.appendingPathComponent(file)
            let original = try Data(contentsOf: url)
            try text.write(to: url, atomically: false, encoding: .utf8)
            let r = try runPohj(["build", "--content", project.path, "--output", out.path, "--quiet"])
            #expect(r.status != 0, "\(file)")
            #expect(r.err.contains(file), "the message names \(file): \(r.err)")
            #expect(r.err.contains("nothing was written"))
            #expect(tree(out) == before ? true : false, "site changed after a failed build with a bad \(file)")
            try original.write(to: url)
        }
    }
}

/// Two POH-J in one practice keep separate files and may reuse numbers: a warning naming both.
struct CrossFileDuplicateTests {
    @Test func sameCaseNumberInTwoFilesIsAWarningNamingBoth() throws {
        let project = copyProject(Repo.mini)
        let folder = project.appendingPathComponent("data/cases")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "Patiëntnummer;Praktijk;Datum eerste consult;Welke interventie is er ingezet?\r\n2022-001;P1;03-03-2022;Crisishulp\r\n"
            .write(to: folder.appendingPathComponent("tweede-poh.csv"), atomically: false, encoding: .utf8)
        let loaded = try loadProject(content: project.path, themeSearch: Repo.themes)
        #expect(loaded.warnings.map(\.description).contains(
            "data/cases/tweede-poh.csv:2: warning: column 'case_id': '2022-001': same case number in practice P1 as data/cases.csv:2; counted as two cases (two POH-J may number alike)"))
        #expect(loaded.project.cases.count == 61)
        #expect(Set(loaded.project.cases.map(\.origin.file)) == ["data/cases.csv", "data/cases/tweede-poh.csv"])
    }
}

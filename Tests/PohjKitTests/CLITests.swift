import Foundation
import Testing
@testable import PohjKit

/// The command line as a user and other tools call it (DOMAIN.md §7.2).
struct CLITests {
    @Test func indicatorsJSONForTheExample() throws {
        let r = try runPohj(["indicators", "--content", "Content", "--period", "2020", "--format", "json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let period = (json["periods"] as! [[String: Any]])[0]
        #expect(period["id"] as? String == "2020")
        #expect(period["start"] as? String == "2020-01-01")
        let region = (period["scopes"] as! [[String: Any]])[0]
        #expect(region["type"] as? String == "region")
        let ind = region["indicators"] as! [String: Any]
        #expect(ind["cases.new"] as? Int == 531)
        #expect(ind["mix.self_helped.count"] as? Int == 244)
        #expect(abs((ind["mix.self_helped.share"] as! Double) - 0.4595) < 0.00005)
        #expect(ind["savings.conservatief.gross_eur"] as? Int == 170820)
        #expect(abs((ind["reach.share"] as! Double) - 0.3053) < 0.00005)
        let aef = ind["savings.landelijk_aef.gross_eur"] as! [String: Any]
        #expect(aef["low"] as? Int == 446040)
        #expect(ind["cost.per_case"] != nil)
        let scopes = (period["scopes"] as! [[String: Any]]).map { "\($0["type"]!):\($0["id"]!)" }
        #expect(scopes.contains("municipality:Katwijk"))
        #expect(scopes.contains("practice:KAT01"))
    }

    @Test func checkReportsValidProjectAndErrorsAsJSON() throws {
        let ok = try runPohj(["check", "--content", "Content"])
        #expect(ok.status == 0)
        #expect(ok.out.contains("755 cases"))
        let project = copyProject(Repo.mini)
        try "Patiëntnummer;Praktijk\r\n1;P1\r\n".write(to: project.appendingPathComponent("data/cases.csv"), atomically: false, encoding: .utf8)
        let bad = try runPohj(["check", "--content", project.path, "--format", "json"])
        #expect(bad.status != 0)
        let list = try JSONSerialization.jsonObject(with: Data(bad.out.utf8)) as! [[String: Any]]
        #expect(list.contains { $0["column"] as? String == "first_consult" && $0["line"] as? Int == 1 && $0["severity"] as? String == "error" })
    }

    @Test func downloadsFollowTheContract() throws {
        let out = temporaryFolder().appendingPathComponent("Site")
        let r = try runPohj(["build", "--content", "Content", "--output", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let csv = try String(contentsOf: out.appendingPathComponent("data/2020/indicators.csv"), encoding: .utf8)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "period,scope_type,scope_id,indicator,value,low,high,unit,status")
        #expect(lines.contains("2020,region,region,cases.new,530,,,count,rounded"))
        #expect(lines.contains("2020,region,region,savings.conservatief.gross_eur,170820,,,eur,rounded"))
        #expect(lines.contains("2020,region,region,savings.landelijk_aef.gross_eur,,445200,530000,eur,rounded"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("data/2020/indicators.json"))) as! [[String: Any]]
        #expect(json.count == lines.count - 2)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
        let home = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("<html lang=\"nl\">"))
        #expect(home.contains("Content-Security-Policy"))
        #expect(!home.contains("http://") || !home.contains("src=\"http"))
        #expect(!home.contains("style="))
        #expect(!home.contains("<style"))
    }
}

/// docs/input-format.md is generated from the parser's lists; this keeps it true.
struct DocumentationTests {
    @Test func inputReferenceMatchesTheParser() throws {
        let url = Repo.root.appendingPathComponent("docs/input-format.md")
        if ProcessInfo.processInfo.environment["POHJ_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try InputReference.markdown().write(to: url, atomically: false, encoding: .utf8)
        }
        let doc = try String(contentsOf: url, encoding: .utf8)
        #expect(doc == InputReference.markdown(), "regenerate with POHJ_UPDATE_GOLDEN=1 swift test --filter DocumentationTests")
    }
}

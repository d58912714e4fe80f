import Foundation
import Testing
@testable import PohjKit

/// `CountSystem` reads each cell's counts in the ids of the first cell of its group (period,
/// scope type, number of counts) and falls back to the cell's own ids when they differ. Every
/// published count must end up as its own cell's true and shown value either way.
struct CountSystemTests {
    @Test func everyPublishedCountHoldsItsOwnCellsValues() throws {
        var computation = computeTallies(try loadExample())
        // Give some practice cells other ids than their group's first cell, with as many counts
        // (an id renamed), so their group's plan must be made again, and again after them.
        let practiceCells = computation.cells.indices.filter { computation.cells[$0].scope.type == "practice" }
        #expect(practiceCells.count > 20)
        var renamed: Set<Int> = []
        for (n, i) in practiceCells.enumerated() where n % 5 == 3 || n == 0 {
            var counts = computation.cells[i].tally.counts
            guard let count = counts.removeValue(forKey: "age.4-11") else { continue }
            counts["age.elders\(i % 2)"] = count
            computation.cells[i].tally = Tally(counts: counts)
            renamed.insert(i)
        }
        #expect(renamed.count > 3)
        let policy = computation.config.disclosure
        let protected = computation.cells.map { cell in
            Tally(counts: cell.tally.counts.mapValues { n in n.flatMap { protectCount($0, policy) } })
        }
        let system = CountSystem(computation, protected: protected)
        // Numbered as when every cell was read on one thread in its own ids: the variables'
        // order is the order secondary suppression works in.
        let reference = CountSystem(computation, protected: protected, readInParallel: false)
        #expect(system.cellIDs == reference.cellIDs && system.cellStart == reference.cellStart)
        #expect(system.cellIndex == reference.cellIndex && system.cellID == reference.cellID)
        #expect(system.truth == reference.truth && system.published == reference.published)
        #expect(system.truth.indices.allSatisfy { system.shown[$0] == reference.shown[$0] })
        #expect(system.rowStart == reference.rowStart && system.termCode == reference.termCode && system.rowIsEquation == reference.rowIsEquation)

        var seen: [Int: Set<String>] = [:]
        var hiddenSeen = 0
        for v in system.truth.indices {
            let cells = system.cells(of: v)
            #expect(cells.isEmpty != system.published[v])
            for cell in cells {
                seen[cell.index, default: []].insert(cell.id)
                #expect(Int(system.truth[v]) == computation.cells[cell.index].tally[cell.id] ?? 0,
                        "true count of \(cell.id) in cell \(cell.index)")
                let shown = protected[cell.index][cell.id]
                if shown == nil { hiddenSeen += 1; #expect(system.shown[v] == nil, "\(cell.id) in cell \(cell.index) is hidden") }
            }
            // A quantity shown in two periods is shown as the one value both give, or hidden.
            if let value = system.shown[v] {
                #expect(cells.allSatisfy { protected[$0.index][$0.id] == value })
            }
        }
        #expect(hiddenSeen > 100)
        // Every count a page shows is a cell of the system (reach and the waiting-time share are
        // not counts; a practice has no months).
        for (i, cell) in computation.cells.enumerated() {
            let shownIDs = Set(cell.tally.counts.keys.filter { !$0.hasPrefix("reach.") && $0 != "wait.within_2_weeks" })
            #expect(seen[i] ?? [] == shownIDs, "cell \(i) (\(cell.scope.id))")
        }
        for i in renamed { #expect(seen[i]?.contains("age.elders\(i % 2)") == true) }
    }
}

/// The synthetic region project (`pohj sample --scale region`): four calendar years, no period
/// covering two of them, practices joining later.
struct CountSystemFlowTests {
    @Test func periodsOneAfterAnotherAreLinkedByTheirFlow() throws {
        let built = try BuiltSystem(syntheticRegion())
        let years = ["2021", "2022", "2023", "2024"]
        var checked = 0
        for scope in Set(built.computation.cells.map(\.scope)) {
            for (a, b) in zip(years, years.dropFirst()) {
                guard let activeA = built.truth(a, scope, "cases.active"), let closedA = built.truth(a, scope, "cases.closed"),
                      let newB = built.truth(b, scope, "cases.new"), let activeB = built.truth(b, scope, "cases.active") else { continue }
                // The relation holds in the data: B's active cases are those A left open and B's new ones.
                #expect(activeB == activeA - closedA + newB, "\(scope.id) \(a)→\(b)")
                // And the system has it as one row, which propagation can use without the months.
                let v = { (p: String, id: String) in built.variable(p, scope, id) }
                let isRow = built.hasEquation([v(b, "cases.active"), ~v(a, "cases.active"), v(a, "cases.closed"), ~v(b, "cases.new")])
                #expect(isRow, "\(scope.id) \(a)→\(b)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func casesCarriedOverAYearEndAreRowsThroughItsMonths() throws {
        // Cases open from one year into the next: 2023's active less its new = December 2022's
        // active less its closed, and 2022's active less its closed = the same = January 2023's
        // active less its new. An LP attacker adds the month rows up and, from a municipality's
        // published active and new cases of 2023 and its active cases of December 2022, proved
        // its hidden December closed cases (true 5) at least 4; propagation needs each written.
        let built = try BuiltSystem(syntheticRegion())
        let years = ["2021", "2022", "2023", "2024"]
        var checked = 0
        for scope in Set(built.computation.cells.map(\.scope)) where scope.type != "practice" {
            for (a, b) in zip(years, years.dropFirst()) {
                let (dec, jan) = ("caseload.\(a)-12.", "caseload.\(b)-01.")
                func n(_ p: String, _ id: String) throws -> Int { try #require(built.truth(p, scope, id), "\(scope.id) \(p) \(id)") }
                let carried = try n(a, dec + "active") - n(a, dec + "closed")
                #expect(try n(b, "cases.active") - n(b, "cases.new") == carried, "\(scope.id) \(a)→\(b)")
                #expect(try n(a, "cases.active") - n(a, "cases.closed") == carried, "\(scope.id) \(a)")
                #expect(try n(b, jan + "active") - n(b, jan + "new") == carried, "\(scope.id) \(b)")
                let v = { (p: String, id: String) in built.variable(p, scope, id) }
                #expect(built.hasEquation([v(b, "cases.active"), ~v(b, "cases.new"), ~v(a, dec + "active"), v(a, dec + "closed")]), "\(scope.id) into \(b)")
                #expect(built.hasEquation([v(a, "cases.active"), ~v(a, "cases.closed"), ~v(a, dec + "active"), v(a, dec + "closed")]), "\(scope.id) out of \(a)")
                #expect(built.hasEquation([v(a, "cases.active"), ~v(a, "cases.closed"), ~v(b, jan + "active"), v(b, jan + "new")]), "\(scope.id) \(a) into January")
                checked += 1
            }
        }
        #expect(checked >= 20)   // the region and its municipalities, three year ends each
    }

    @Test func aScopesCarryOverIsPartOfTheOneAboveIt() throws {
        // Cases open when 2022 begins: a practice's are among its municipality's, a
        // municipality's among the region's. active − new of a part ≤ active − new of its whole,
        // in the data and as a row of the system.
        let built = try BuiltSystem(syntheticRegion())
        var checked = 0, carried = 0
        for cell in built.computation.cells where cell.period.id == "2022" {
            let whole: Scope
            switch cell.scope {
            case .region: continue
            case .municipality: whole = .region
            case .practice(let p): whole = .municipality(try #require(built.computation.municipalityOf[p]))
            }
            func carryOver(_ s: Scope) -> Int { built.truth("2022", s, "cases.active")! - built.truth("2022", s, "cases.new")! }
            #expect(carryOver(cell.scope) <= carryOver(whole), "\(cell.scope.id)")
            if carryOver(cell.scope) > 0 { carried += 1 }
            let v = { (s: Scope, id: String) in built.variable("2022", s, id) }
            let isRow = built.hasInequality([v(cell.scope, "cases.active"), ~v(cell.scope, "cases.new"), ~v(whole, "cases.active"), v(whole, "cases.new")])
            #expect(isRow, "\(cell.scope.id)")
            checked += 1
        }
        #expect(checked > 30 && carried > 10)
    }

    @Test func newAndActiveCasesAreOneQuantityWhereNoCaseCarriesOver() throws {
        // No case of the example was open when 2020 began (the region's new cases are its active
        // ones), so none was in any scope: in 2020 and in January 2020 every scope's new cases
        // are its active cases. The system has each pair as a row new − active = 0, the month's
        // too (an LP attacker gets it by adding rows; propagation needs it written).
        let built = BuiltSystem(try loadExample())
        let (new, active) = (built.truth("2020", .region, "cases.new"), built.truth("2020", .region, "cases.active"))
        try #require(new != nil && new == active)
        var months = 0
        for cell in built.computation.cells where cell.period.id == "2020" {
            for (new, active) in [("cases.new", "cases.active"), ("caseload.2020-01.new", "caseload.2020-01.active")] {
                guard let n = cell.tally[new], let a = cell.tally[active] else { continue }
                #expect(n == a, "\(cell.scope.id) \(new)")
                let isRow = built.hasEquation([built.variable("2020", cell.scope, new), ~built.variable("2020", cell.scope, active)])
                #expect(isRow, "\(cell.scope.id) \(new)")
                if new.hasPrefix("caseload.") { months += 1 }
            }
        }
        #expect(months >= 8)   // the region and its seven municipalities
    }
}

/// A project's count system, built as `protect` builds it from primary protection alone, with
/// its published variables by period, scope and count id and its rows as sets of term codes.
private struct BuiltSystem {
    let computation: Computation
    let system: CountSystem
    private let variables: [String: Int]
    private let equations: Set<[Int32]>, inequalities: Set<[Int32]>

    init(_ folder: URL) throws { self.init(try loadProject(content: folder.path, themeSearch: Repo.themes).project) }
    init(_ project: Project) {
        let computation = computeTallies(project)
        let policy = computation.config.disclosure
        let protected = computation.cells.map { Tally(counts: $0.tally.counts.mapValues { n in n.flatMap { protectCount($0, policy) } }) }
        let system = CountSystem(computation, protected: protected)
        (self.computation, self.system) = (computation, system)
        var variables: [String: Int] = [:]
        for v in system.truth.indices {
            for cell in system.cells(of: v) {
                let c = computation.cells[cell.index]
                variables["\(c.period.id) \(c.scope.id) \(cell.id)"] = v
            }
        }
        self.variables = variables
        var equations = Set<[Int32]>(), inequalities = Set<[Int32]>()
        for r in 0..<system.rowCount {
            let row = system.terms(of: r).map { system.termCode[$0] }.sorted()
            if system.rowIsEquation[r] { equations.insert(row) } else { inequalities.insert(row) }
        }
        (self.equations, self.inequalities) = (equations, inequalities)
    }

    func truth(_ period: String, _ scope: Scope, _ id: String) -> Int? {
        computation.cells.first { $0.period.id == period && $0.scope == scope }?.tally[id]
    }
    /// The variable's term code (`~` of it for −x).
    func variable(_ period: String, _ scope: Scope, _ id: String) -> Int32 { Int32(variables["\(period) \(scope.id) \(id)"]!) }
    /// Σ terms = 0 is a row, either way round.
    func hasEquation(_ terms: [Int32]) -> Bool { equations.contains(terms.sorted()) || equations.contains(terms.map { ~$0 }.sorted()) }
    /// Σ terms ≤ 0 is a row.
    func hasInequality(_ terms: [Int32]) -> Bool { inequalities.contains(terms.sorted()) }
}

/// The synthetic region project of `pohj sample --scale region`, written to a temporary folder.
private func syntheticRegion() throws -> URL {
    let folder = temporaryFolder()
    for file in ScaledSample.project(scale: .region) {
        let url = folder.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.bytes).write(to: url)
    }
    return folder
}

import Foundation

/// Tallies and inputs of every period × scope: what `compute` hands to `protect`.
public struct Computation: Sendable {
    public struct Cell: Sendable {
        public var period: Period
        public var scope: Scope
        public var tally: Tally
        public var inputs: ScopeInputs
    }
    public var cells: [Cell]
    public var config: SiteConfig
    public var prices: Prices
    /// Practice id → municipality, for relations between scopes.
    public var municipalityOf: [String: String] = [:]
}

/// Scopes in page order: the region, its municipalities, their practices.
public func scopes(of project: Project) -> [Scope] {
    [.region] + project.municipalities.map { .municipality($0) }
        + project.practices.sorted { ($0.municipality, $0.id) < ($1.municipality, $1.id) }.map { .practice($0.id) }
}

/// compute: project → tallies and inputs per period × scope. Periods are independent, so they run in parallel.
public func computeTallies(_ project: Project, periods: [Period]? = nil) -> Computation {
    let periods = periods ?? project.config.periods
    let allScopes = scopes(of: project)
    let municipalityOf = Dictionary(project.practices.map { ($0.id, $0.municipality) }, uniquingKeysWith: { a, _ in a })
    let rows = ScopeRows(project)
    let caseScopes = CaseScopes(project.cases, practiceMunicipality: municipalityOf, scopes: allScopes)
    let perPeriod = parallelMap(periods) { period -> [Computation.Cell] in
        let tallies = tallyCases(project.cases, period: period, scopes: allScopes, caseScopes: caseScopes)
        return allScopes.map { scope in
            let inputs = scopeInputs(project, period: period, scope: scope, rows: rows)
            var tally = tallies[scope] ?? Tally()
            tallyReferrals(inputs.referrals, into: &tally)
            return Computation.Cell(period: period, scope: scope, tally: tally, inputs: inputs)
        }
    }
    return Computation(cells: perPeriod.flatMap { $0 }, config: project.config, prices: resolvePrices(project), municipalityOf: municipalityOf)
}

/// The internal, unprotected indicator table (`pohj indicators`).
public func computeIndicators(_ computation: Computation) -> IndicatorTable {
    IndicatorTable(entries: computation.cells.map { cell in
        .init(period: cell.period, scope: cell.scope,
              indicators: deriveIndicators(tally: cell.tally, inputs: cell.inputs, period: cell.period, scope: cell.scope,
                                           config: computation.config, prices: computation.prices, mode: .exact))
    }, prices: computation.prices)
}

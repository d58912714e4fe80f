import Foundation

/// How derivation treats counts: exact (the internal table) or protected (the published one).
struct DerivationMode {
    /// Counts have been rounded: every figure built on them is marked `rounded`.
    var protected: Bool
    /// A share whose denominator is below this is not shown.
    var minDenominator: Int

    static let exact = DerivationMode(protected: false, minDenominator: 1)
}

/// derive: tally + inputs → indicators. The same function builds the internal table from exact
/// counts and the published table from protected counts, so both always agree in definition.
func deriveIndicators(tally: Tally, inputs: ScopeInputs, period: Period, scope: Scope,
                      config: SiteConfig, prices: Prices, mode: DerivationMode) -> IndicatorSet {
    // Cells of one period and kind of scope mostly get the same ids in the same order.
    let hintKey = period.id + "\u{1F}" + scope.type + (mode.protected ? "\u{1F}p" : "")
    var s = IndicatorSet(following: IndicatorLayout.hint(for: hintKey))
    let p = config.parameters
    let countStatus: DisclosureStatus = mode.protected ? .rounded : .exact

    func count(_ id: String, as out: String? = nil) {
        // After protection only a region-wide 0 is left as 0, and that one is exact.
        if let n = tally[id] { s.set(out ?? id, .count(n), .count, status: n == 0 ? .exact : countStatus) } else { s.set(out ?? id, .suppressed, .count, status: .suppressed) }
    }
    /// A share of two counts, hidden when either count is hidden or the denominator too small.
    func share(_ id: String, _ num: Int??, _ den: Int??) {
        guard let num = num ?? nil, let den = den ?? nil else { s.set(id, .suppressed, .share, status: .suppressed); return }
        guard den > 0 else { s.set(id, .notApplicable, .share); return }
        guard den >= mode.minDenominator else { s.set(id, .suppressed, .share, status: .suppressed); return }
        s.set(id, .share(Quotients.of(num, den)), .share, status: countStatus)
    }

    // Cases.
    for id in ["cases.new", "cases.active", "cases.closed"] { count(id) }
    let newCases: Int?? = .some(tally["cases.new"])
    let closedCases: Int?? = .some(tally["cases.closed"])
    // Months for the region and municipalities; a practice's caseload is published per period.
    for m in months(of: period) where scope.type != "practice" {
        let key = "caseload.\(m.start.iso.prefix(7))"
        for k in ["new", "active", "closed"] { count("\(key).\(k)") }
    }

    // Distributions over new and closed cases, the scenario base (self-helped new cases per
    // band), intervention groups and outcome: ids made once (`PublishedCounts`).
    let known: Int?? = .some(tally["outcome.known"])
    for c in PublishedCounts.all {
        count(c.tally, as: c.count)
        guard let (shareID, over) = c.share else { continue }
        let den: Int??
        switch over {
        case .newCases: den = newCases
        case .closedCases: den = closedCases
        case .knownOutcome: den = known
        }
        share(shareID, .some(tally[c.tally]), den)
    }

    // Waiting time.
    count("wait.known")
    share("wait.within_2_weeks", .some(tally["wait.within_2_weeks"]), .some(tally["wait.known"]))

    // Reach and referrals: one calendar year with referrals data only.
    if inputs.referrals != nil {
        count("referrals.gp")
        count("referrals.total")
        share("referrals.gp_share", .some(tally["referrals.gp"]), .some(tally["referrals.total"]))
        share("referrals.gp_share_ggz", .some(tally["referrals.gp_ggz"]), .some(tally["referrals.total_ggz"]))
        let g = tally["referrer.huisarts"], sTo = tally["reach.gp_cases_to_second_line"], h = tally["referrals.gp"]
        if let g, let sTo, let h {
            share("reach.share", .some(g), .some(h + g - sTo))
            s.set("reach.demand_via_gp", .count(h + g - sTo), .count, status: countStatus)
        } else {
            s.set("reach.share", .suppressed, .share, status: .suppressed)
            s.set("reach.demand_via_gp", .suppressed, .count, status: .suppressed)
        }
        for care in CareType.allCases {
            let rows = inputs.referrals!.filter { $0.care == care }
            let n = rows.reduce(0) { $0 + $1.trajectories }
            let visible = tally["referrals.\(care.rawValue)"].map { $0 >= mode.minDenominator } ?? false
            if n > 0 && (visible || !mode.protected) {
                s.set("referrals.price.\(care.rawValue)", .money(rows.reduce(Decimal(0)) { $0 + $1.costEUR } / Decimal(n)), .eur)
            } else {
                s.set("referrals.price.\(care.rawValue)", n > 0 ? .suppressed : .notApplicable, .eur, status: n > 0 ? .suppressed : .exact)
            }
        }
    } else {
        for id in ["reach.share", "referrals.gp_share"] { s.set(id, .notApplicable, .share) }
    }

    // Capacity and coverage.
    s.set("capacity.hours_per_week", .number(inputs.hoursPerWeek), .hours)
    let fte = inputs.hoursPerWeek / p.hoursPerFTE
    s.set("capacity.fte", .number(fte), .fte)
    if let youth = inputs.youth, youth > 0 {
        s.set("capacity.youth", .count(youth), .count)
        s.set("capacity.fte_per_10k_youth", .number(fte / Decimal(youth) * 10000), .fte)
        let normLow = Decimal(youth) / 10000 * p.fteNormMin, normHigh = Decimal(youth) / 10000 * p.fteNormMax
        s.set("capacity.norm_fte", .numberRange(low: normLow, high: normHigh), .fte)
        s.set("capacity.norm_hours_per_week", .numberRange(low: normLow * p.hoursPerFTE, high: normHigh * p.hoursPerFTE), .hours)
    } else {
        for id in ["capacity.fte_per_10k_youth", "capacity.norm_hours_per_week"] { s.set(id, .notApplicable, .fte) }
    }
    s.set("coverage.practices_with_poh", .count(inputs.practicesWithPOH), .count)
    s.set("coverage.practices_total", .count(inputs.practices), .count)
    s.set("coverage.practices", inputs.practices > 0 ? .share(Quotients.of(inputs.practicesWithPOH, inputs.practices)) : .notApplicable, .share)

    // Cost.
    if let cost = inputs.cost {
        s.set("cost.total", .money(cost), .eur)
        for funder in Funder.allCases {
            if let v = inputs.costByFunder[funder] { s.set("cost.funder.\(funder.rawValue)", .money(v), .eur) }
        }
        if let v = inputs.costByFunder[nil] { s.set("cost.funder.unknown", .money(v), .eur) }
        if let n = tally["cases.new"], n > 0 {
            s.set("cost.per_case", .money(cost / Decimal(n)), .eur, status: countStatus)
        } else {
            s.set("cost.per_case", tally["cases.new"] == nil ? .suppressed : .notApplicable, .eur, status: tally["cases.new"] == nil ? .suppressed : .exact)
        }
    } else {
        s.set("cost.total", .notApplicable, .eur)
        s.set("cost.per_case", .notApplicable, .eur)
    }
    for band in ContactsBand.allCases {
        let contacts = p.contactsPerBand[band] ?? 0
        s.set("cost.per_trajectory.\(band.rawValue)", .money(p.pohHourly * contacts * p.hoursPerContact), .eur)
    }

    deriveOverhead(inputs.pohPractices, parameters: p, into: &s)
    if let spend = inputs.baselineSpend { s.set("baseline.spend_ggz_eur", .money(spend), .eur) }

    // Savings scenarios and break-even.
    for scenario in config.scenarios {
        deriveScenario(scenario, tally: tally, inputs: inputs, period: period, prices: prices, status: countStatus, into: &s)
    }
    deriveBreakeven(cost: inputs.cost, hoursPerWeek: inputs.hoursPerWeek, period: period, parameters: p, prices: prices, into: &s)
    let finished = s.shared()
    IndicatorLayout.remember(finished.sharedLayout, for: hintKey)
    return finished
}

/// The counts every cell publishes as `<tally id>.count`, most with a share beside them: the
/// distributions over new and closed cases, the scenario base, intervention groups and outcome.
/// Their ids, built once instead of interpolated for every cell (tens of thousands nationally).
private enum PublishedCounts {
    enum Denominator { case newCases, closedCases, knownOutcome }
    struct Count {
        let tally: String, count: String
        /// The share's id and what it is a share of; nil for a count without one.
        let share: (id: String, of: Denominator)?
    }

    static let all: [Count] = {
        var all: [Count] = []
        func add(_ id: String, shareOf denominator: Denominator?) {
            all.append(Count(tally: id, count: id + ".count", share: denominator.map { (id + ".share", $0) }))
        }
        for (name, members) in Distributions.overNew { for m in members { add("\(name).\(m)", shareOf: .newCases) } }
        for (name, members) in Distributions.overClosed { for m in members { add("\(name).\(m)", shareOf: .closedCases) } }
        for b in Distributions.baseBands { add("base.self_helped.\(b)", shareOf: nil) }
        for g in InterventionGroup.allCases.map(\.rawValue) + ["referred"] { add("mix.\(g)", shareOf: .newCases) }
        for o in Distributions.knownOutcomes { add(o, shareOf: .knownOutcome) }
        return all
    }()
}

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
    var s = IndicatorSet()
    let p = config.parameters
    let countStatus: DisclosureStatus = mode.protected ? .rounded : .exact

    func count(_ id: String, as out: String? = nil) {
        if let n = tally[id] { s.set(out ?? id, .count(n), .count, status: countStatus) } else { s.set(out ?? id, .suppressed, .count, status: .suppressed) }
    }
    /// A share of two counts, hidden when either count is hidden or the denominator too small.
    func share(_ id: String, _ num: Int??, _ den: Int??) {
        guard let num = num ?? nil, let den = den ?? nil else { s.set(id, .suppressed, .share, status: .suppressed); return }
        guard den > 0 else { s.set(id, .notApplicable, .share); return }
        guard den >= mode.minDenominator else { s.set(id, .suppressed, .share, status: .suppressed); return }
        s.set(id, .share(Decimal(num) / Decimal(den)), .share, status: countStatus)
    }
    func sum(_ ids: [String]) -> Int?? {
        var total = 0
        for id in ids { guard let n = tally[id] else { return .some(nil) }; total += n }
        return .some(total)
    }

    // Cases.
    for id in ["cases.new", "cases.active", "cases.closed"] { count(id) }
    let newCases: Int?? = .some(tally["cases.new"])
    let closedCases: Int?? = .some(tally["cases.closed"])
    for m in months(of: period) {
        let key = "caseload.\(m.start.iso.prefix(7))"
        for k in ["new", "active", "closed"] { count("\(key).\(k)") }
    }

    // Distributions over new and closed cases.
    for (name, members) in Distributions.overNew + Distributions.overClosed {
        let den = Distributions.overClosed.contains(where: { $0.name == name }) ? closedCases : newCases
        for m in members {
            count("\(name).\(m)", as: "\(name).\(m).count")
            share("\(name).\(m).share", .some(tally["\(name).\(m)"]), den)
        }
    }

    // Intervention groups.
    var groups: [InterventionGroup: Int??] = [:]
    for g in InterventionGroup.allCases {
        let members = Intervention.allCases.filter { $0.group == g }.map { "mix.\($0.rawValue)" }
        groups[g] = sum(members)
        setCount("mix.\(g.rawValue).count", groups[g]!)
        share("mix.\(g.rawValue).share", groups[g]!, newCases)
    }
    let referred = add(groups[.referred_preventive]!, groups[.referred_jggz]!)
    setCount("mix.referred.count", referred)
    share("mix.referred.share", referred, newCases)
    let known = add(add(groups[.self_helped]!, referred), groups[.bridging]!)
    let avoided = add(groups[.self_helped]!, groups[.referred_preventive]!)
    let toSecond = add(groups[.referred_jggz]!, groups[.bridging]!)
    setCount("outcome.avoided_second_line.count", avoided)
    share("outcome.avoided_second_line.share", avoided, known)
    setCount("outcome.to_second_line.count", toSecond)
    share("outcome.to_second_line.share", toSecond, known)

    // Waiting time.
    count("wait.known")
    share("wait.within_2_weeks", .some(tally["wait.within_2_weeks"]), .some(tally["wait.known"]))

    // Reach and referrals: one calendar year with referrals data only.
    if inputs.referrals != nil {
        count("referrals.gp")
        count("referrals.total")
        share("referrals.gp_share", .some(tally["referrals.gp"]), .some(tally["referrals.total"]))
        share("referrals.gp_share_ggz", .some(tally["referrals.gp_ggz"]), .some(tally["referrals.total_ggz"]))
        let g = tally["reach.gp_cases"], sTo = tally["reach.gp_cases_to_second_line"], h = tally["referrals.gp"]
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
    s.set("coverage.practices", inputs.practices > 0 ? .share(Decimal(inputs.practicesWithPOH) / Decimal(inputs.practices)) : .notApplicable, .share)

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

    // Savings scenarios and break-even.
    for scenario in config.scenarios {
        deriveScenario(scenario, tally: tally, cost: inputs.cost, prices: prices, status: countStatus, into: &s)
    }
    deriveBreakeven(cost: inputs.cost, hoursPerWeek: inputs.hoursPerWeek, period: period, parameters: p, prices: prices, into: &s)
    return s

    func setCount(_ id: String, _ v: Int??) {
        if let n = v ?? nil { s.set(id, .count(n), .count, status: countStatus) } else { s.set(id, .suppressed, .count, status: .suppressed) }
    }
    func add(_ a: Int??, _ b: Int??) -> Int?? {
        guard let x = a ?? nil, let y = b ?? nil else { return .some(nil) }
        return .some(x + y)
    }
}

import Foundation

/// A scenario's result (§4): gross avoided cost as a range (low = high for a single price),
/// POH-J cost, net result and cost coverage, written as `savings.<id>.*` indicators.
func deriveScenario(_ scenario: Scenario, tally: Tally, inputs: ScopeInputs, period: Period, prices: Prices,
                    status: DisclosureStatus, into s: inout IndicatorSet) {
    let key = "savings.\(scenario.id)"
    let cost = inputs.cost
    var low = Decimal(0), high = Decimal(0)
    var hidden = false
    var status = status
    if scenario.base == .baseline_spend {
        // Money from aggregate spend, not from counts of children: nothing to protect.
        status = .exact
        guard let yearly = spendSaving(scenario, inputs: inputs, period: period) else {
            for k in ["gross_eur", "net_eur"] { s.set("\(key).\(k)", .notApplicable, .eur) }
            s.set("\(key).coverage", .notApplicable, .number)
            s.set("\(key).cost_eur", cost.map { .money($0) } ?? .notApplicable, .eur)
            return
        }
        low = yearly
        high = yearly
    }
    for line in scenario.avoids {
        let base: Int?
        switch scenario.base {
        case .self_helped_by_band: base = tally["base.self_helped.\(line.band?.rawValue ?? "")"]
        case .all_clients: base = tally["cases.new"]
        case .baseline_spend: base = nil  // has no avoids lines
        }
        guard let n = base else { hidden = true; continue }
        let (pl, ph): (Decimal, Decimal)
        switch line.price {
        case .care(let care): (pl, ph) = (prices.price(of: care) ?? 0, prices.price(of: care) ?? 0)
        case .aef: (pl, ph) = prices.aef
        case .fixed(let l, let h): (pl, ph) = (l, h)
        }
        low += Decimal(n) * line.share * pl
        high += Decimal(n) * line.share * ph
    }
    if hidden {
        for k in ["gross_eur", "net_eur"] { s.set("\(key).\(k)", .suppressed, .eur, status: .suppressed) }
        s.set("\(key).coverage", .suppressed, .share, status: .suppressed)
    } else {
        s.set("\(key).gross_eur", low == high ? .money(low) : .moneyRange(low: low, high: high), .eur, status: status)
        if let cost {
            s.set("\(key).net_eur", low == high ? .money(low - cost) : .moneyRange(low: low - cost, high: high - cost), .eur, status: status)
            if cost > 0 {
                s.set("\(key).coverage", low == high ? .number(low / cost) : .numberRange(low: low / cost, high: high / cost), .number, status: status)
            } else {
                s.set("\(key).coverage", .notApplicable, .number)
            }
        } else {
            s.set("\(key).net_eur", .notApplicable, .eur)
            s.set("\(key).coverage", .notApplicable, .number)
        }
    }
    s.set("\(key).cost_eur", cost.map { .money($0) } ?? .notApplicable, .eur)
}

/// A `baseline_spend` saving attributed to the period: for each calendar year it touches,
/// share × spend × ramp factor × the year's days inside the period ÷ days in that year.
func spendSaving(_ scenario: Scenario, inputs: ScopeInputs, period: Period) -> Decimal? {
    guard let share = scenario.spendShare, let spend = scenario.spendAmount ?? inputs.baselineSpend else { return nil }
    var total = Decimal(0)
    for year in period.start.year...period.end.year {
        let days = DayRange.year(year).overlapDays(period.range)
        guard days > 0 else { continue }
        // The ramp factor as a fraction, divided last so a third stays exact in Decimal.
        let num: Decimal, den: Decimal
        switch scenario.ramp {
        case .none: (num, den) = (1, 1)
        case .coverage: (num, den) = inputs.practices > 0 ? (Decimal(inputs.practicesWithPOH), Decimal(inputs.practices)) : (0, 1)
        case .linear(let start, let years):
            guard let first = start ?? inputs.firstPOHYear else { return nil }
            (num, den) = (Decimal(max(0, min(years, year - first + 1))), Decimal(years))
        }
        total += share * spend * num * Decimal(days) / (den * Decimal(Day.daysIn(year: year)))
    }
    return total
}

/// Break-even (§4): what the POH-J must achieve to pay for itself in avoided B-GGZ trajectories.
func deriveBreakeven(cost: Decimal?, hoursPerWeek: Decimal, period: Period, parameters p: Parameters,
                     prices: Prices, into s: inout IndicatorSet) {
    guard let cost, prices.bggz > 0 else {
        for id in ["trajectories", "hours_per_year", "hours_per_week", "capacity_share"] { s.set("breakeven.\(id)", .notApplicable, .number) }
        return
    }
    let trajectories = cost / prices.bggz
    let hoursInPeriod = trajectories * p.breakevenContacts * p.hoursPerContact * p.indirectFactor
    let years = period.lengthInYears
    let perYear = hoursInPeriod / years
    let perWeek = perYear / p.workingWeeks
    s.set("breakeven.trajectories", .number(trajectories), .trajectories)
    s.set("breakeven.hours_per_year", .number(perYear), .hours)
    s.set("breakeven.hours_per_week", .number(perWeek), .hours)
    s.set("breakeven.capacity_share", hoursPerWeek > 0 ? .share(perWeek / hoursPerWeek) : .notApplicable, .share)
}

import Foundation
import Yams

/// Reads `site.yml` (DOMAIN.md §7.1) into a `SiteConfig`, reporting every bad key with its line.
func parseConfig(_ bytes: [UInt8]?, diagnostics d: inout Diagnostics) -> SiteConfig? {
    let file = "site.yml"
    guard let bytes else {
        d.error(file, "missing; every project needs a site.yml with at least title and periods")
        return nil
    }
    guard let text = decodeText(bytes) else {
        d.error(file, "is not text; save it as UTF-8")
        return nil
    }
    let root: Node
    do {
        guard let node = try Yams.compose(yaml: text) else {
            d.error(file, "is empty; it needs at least title and periods")
            return nil
        }
        root = node
    } catch let error as YamlError {
        d.error(file, line: yamlErrorLine(error), "is not valid YAML: \(yamlProblem(error))")
        return nil
    } catch {
        d.error(file, "is not valid YAML: \(error)")
        return nil
    }
    guard let map = root.mapping else {
        d.error(file, line: root.mark?.line, "must be a mapping of keys (title:, periods:, …)")
        return nil
    }
    let y = YAMLReader(file: file)
    let known: Set = ["title", "organisation", "region", "locale", "base_url", "theme", "periods", "baseline_year",
                      "parameters", "scenarios", "disclosure", "contact", "accessibility"]
    for (k, _) in map where !known.contains(k.string ?? "") {
        d.warning(file, line: k.mark?.line, column: k.string, "unknown key, ignored; known keys: \(known.sorted().joined(separator: ", "))")
    }

    let title = y.string(root["title"], "title", &d) ?? ""
    if root["title"] == nil { d.error(file, column: "title", "missing; give the site a title") }
    var config = SiteConfig(title: title,
                            organisation: y.string(root["organisation"], "organisation", &d) ?? "",
                            region: y.string(root["region"], "region", &d) ?? title,
                            periods: [])
    if let locale = y.string(root["locale"], "locale", &d) {
        if locale != "nl-NL" { d.warning(file, line: root["locale"]?.mark?.line, column: "locale", value: locale, "only nl-NL is supported so far; building in Dutch") }
    }
    config.baseURL = y.string(root["base_url"], "base_url", &d)
    config.theme = y.string(root["theme"], "theme", &d) ?? "default"
    config.contact = y.string(root["contact"], "contact", &d)
    if let node = root["baseline_year"] { config.baselineYear = y.int(node, "baseline_year", &d) }

    if let periods = root["periods"], let seq = periods.sequence {
        var seen: Set<String> = []
        for p in seq {
            guard let id = y.string(p["id"], "periods.id", &d), let start = y.date(p["start"], "periods.start", &d),
                  let end = y.date(p["end"], "periods.end", &d) else {
                if p["id"] == nil || p["start"] == nil || p["end"] == nil {
                    d.error(file, line: p.mark?.line, column: "periods", "each period needs id, start and end (ISO dates)")
                }
                continue
            }
            if !isSafeID(id) {
                d.error(file, line: p["id"]?.mark?.line, column: "periods.id", value: id, "a period id may use letters, digits, '-', '_' and '.' only")
                continue
            }
            if end < start { d.error(file, line: p["end"]?.mark?.line, column: "periods.end", value: end.iso, "ends before it starts (\(start.iso))"); continue }
            if !seen.insert(id).inserted { d.error(file, line: p.mark?.line, column: "periods.id", value: id, "period id used twice"); continue }
            config.periods.append(Period(id: id, label: y.string(p["label"], "periods.label", &d) ?? id, range: DayRange(start, end)))
            config.periodLines[id] = p["id"]?.mark?.line
        }
    }
    if config.periods.isEmpty {
        d.error(file, line: root["periods"]?.mark?.line, column: "periods", "no periods; list at least one {id, label, start, end}")
    }
    if let a = root["accessibility"] {
        let statuses = ["voldoet volledig", "voldoet gedeeltelijk", "eerste maatregelen genomen", "voldoet niet"]
        if let status = y.string(a["status"], "accessibility.status", &d) {
            if statuses.contains(status) { config.accessibility.status = status } else {
                d.error(file, line: a["status"]?.mark?.line, column: "accessibility.status", value: status, "use one of: \(statuses.joined(separator: ", "))")
            }
        }
        config.accessibility.evaluatedOn = y.date(a["evaluated_on"], "accessibility.evaluated_on", &d)
        config.accessibility.contact = y.string(a["contact"], "accessibility.contact", &d)
        if let n = y.int(a["response_days"], "accessibility.response_days", &d) { config.accessibility.responseDays = n }
        config.accessibility.knownIssues = (a["known_issues"]?.sequence ?? []).compactMap { y.string($0, "accessibility.known_issues", &d) }
    }
    if let node = root["parameters"] { config.parameters = parseParameters(node, y, &d) }
    if let node = root["disclosure"] { config.disclosure = parseDisclosure(node, y, &d) }
    if let node = root["scenarios"] { config.scenarios = parseScenarios(node, y, &d) }
    return config
}

func isSafeID(_ s: String) -> Bool {
    !s.isEmpty && s.count <= 64 && !s.hasPrefix(".") && s.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
}

private func parseParameters(_ node: Node, _ y: YAMLReader, _ d: inout Diagnostics) -> Parameters {
    var p = Parameters()
    guard let map = node.mapping else {
        d.error(y.file, line: node.mark?.line, column: "parameters", "must be a mapping of parameter: value")
        return p
    }
    for (k, v) in map {
        let key = k.string ?? ""
        let line = k.mark?.line
        func dec() -> Decimal? { y.decimal(v, "parameters.\(key)", &d) }
        switch key {
        case "price_bggz_eur": p.priceBGGZ = dec()
        case "price_sggz_eur": p.priceSGGZ = dec()
        case "price_aef_min_eur": p.priceAEFMin = dec() ?? p.priceAEFMin
        case "price_aef_max_eur": p.priceAEFMax = dec() ?? p.priceAEFMax
        case "poh_hourly_eur": p.pohHourly = dec() ?? p.pohHourly
        case "indirect_factor": p.indirectFactor = dec() ?? p.indirectFactor
        case "hours_per_contact": p.hoursPerContact = dec() ?? p.hoursPerContact
        case "working_weeks": p.workingWeeks = dec() ?? p.workingWeeks
        case "hours_per_fte": p.hoursPerFTE = dec() ?? p.hoursPerFTE
        case "fte_norm_per_10k_min": p.fteNormMin = dec() ?? p.fteNormMin
        case "fte_norm_per_10k_max": p.fteNormMax = dec() ?? p.fteNormMax
        case "overhead_room_eur_per_hour": p.overheadRoomPerHour = dec() ?? p.overheadRoomPerHour
        case "overhead_his_eur": p.overheadHIS = dec() ?? p.overheadHIS
        case "overhead_insurance_eur": p.overheadInsurance = dec() ?? p.overheadInsurance
        case "overhead_induction_hours_per_month": p.overheadInductionHoursPerMonth = dec() ?? p.overheadInductionHoursPerMonth
        case "overhead_induction_months": p.overheadInductionMonths = dec() ?? p.overheadInductionMonths
        case "overhead_induction_rate_eur": p.overheadInductionRate = dec() ?? p.overheadInductionRate
        case "overhead_share":
            guard let m = v.mapping else { d.error(y.file, line: line, column: "parameters.overhead_share", "must map models (basis, aanvullend, extra) to a share or {low, high}"); continue }
            for (mk, mv) in m {
                guard let model = PracticeModel(rawValue: mk.string ?? "") else {
                    d.error(y.file, line: mk.mark?.line, column: "parameters.overhead_share", value: mk.string, "unknown model; use basis, aanvullend or extra")
                    continue
                }
                if mv.mapping != nil {
                    if let l = y.decimal(mv["low"], "parameters.overhead_share.low", &d), let h = y.decimal(mv["high"], "parameters.overhead_share.high", &d) { p.overheadShare[model] = (l, h) }
                } else if let v = y.decimal(mv, "parameters.overhead_share.\(model.rawValue)", &d) {
                    p.overheadShare[model] = (v, v)
                }
            }
        case "contacts_per_band", "breakeven_mix":
            guard let m = v.mapping else { d.error(y.file, line: line, column: "parameters.\(key)", "must map band codes (1, 2-5, 6-10, 11plus) to numbers"); continue }
            var bands: [ContactsBand: Decimal] = [:]
            for (bk, bv) in m {
                guard let band = ContactsBand(rawValue: bk.string ?? "") else {
                    d.error(y.file, line: bk.mark?.line, column: "parameters.\(key)", value: bk.string, "unknown band; use 1, 2-5, 6-10 or 11plus")
                    continue
                }
                if let n = y.decimal(bv, "parameters.\(key).\(band.rawValue)", &d) { bands[band] = n }
            }
            if key == "contacts_per_band" { p.contactsPerBand.merge(bands) { $1 } } else { p.breakevenMix = bands }
        default:
            d.error(y.file, line: line, column: "parameters.\(key)", "unknown parameter; see the README's list of parameters")
        }
    }
    for (name, value) in [("working_weeks", p.workingWeeks), ("hours_per_fte", p.hoursPerFTE), ("poh_hourly_eur", p.pohHourly)] where value <= 0 {
        d.error(y.file, line: node.mark?.line, column: "parameters.\(name)", value: "\(value)", "must be greater than 0")
    }
    return p
}

private func parseDisclosure(_ node: Node, _ y: YAMLReader, _ d: inout Diagnostics) -> DisclosurePolicy {
    var policy = DisclosurePolicy()
    guard let map = node.mapping else {
        d.error(y.file, line: node.mark?.line, column: "disclosure", "must be a mapping (hide_at_most, rounding_base, min_denominator)")
        return policy
    }
    for (k, v) in map {
        let key = k.string ?? ""
        if key == "region_zeros" {
            switch v.string {
            case "show": policy.showRegionZeros = true
            case "hide": policy.showRegionZeros = false
            default: d.error(y.file, line: v.mark?.line, column: "disclosure.region_zeros", value: v.string ?? "", "use show or hide")
            }
            continue
        }
        guard let n = y.int(v, "disclosure.\(key)", &d) else { continue }
        switch key {
        case "hide_at_most": policy.hideAtMost = n
        case "rounding_base":
            if n < 1 { d.error(y.file, line: k.mark?.line, column: "disclosure.rounding_base", value: String(n), "must be 1 or more") } else { policy.roundingBase = n }
        case "min_denominator": policy.minDenominator = n
        default: d.error(y.file, line: k.mark?.line, column: "disclosure.\(key)", "unknown key; use hide_at_most, rounding_base, min_denominator, region_zeros")
        }
    }
    return policy
}

private func parseScenarios(_ node: Node, _ y: YAMLReader, _ d: inout Diagnostics) -> [Scenario] {
    guard let seq = node.sequence else {
        d.error(y.file, line: node.mark?.line, column: "scenarios", "must be a list of scenarios")
        return Scenario.builtIn
    }
    var result: [Scenario] = []
    for s in seq {
        // A bare id names a built-in scenario.
        if let name = s.string {
            if let builtIn = Scenario.builtIn.first(where: { $0.id == name }) { result.append(builtIn) } else {
                d.error(y.file, line: s.mark?.line, column: "scenarios", value: name, "unknown built-in scenario; built in are \(Scenario.builtIn.map(\.id).joined(separator: ", "))")
            }
            continue
        }
        guard let id = y.string(s["id"], "scenarios.id", &d), isSafeID(id) else {
            d.error(y.file, line: s.mark?.line, column: "scenarios.id", "each scenario needs an id of letters, digits, '-', '_'")
            continue
        }
        let baseText = y.string(s["base"], "scenarios.base", &d) ?? "self_helped_by_band"
        guard let base = Scenario.Base(rawValue: baseText) else {
            d.error(y.file, line: s["base"]?.mark?.line, column: "scenarios.base", value: baseText, "unknown base; use self_helped_by_band, all_clients or baseline_spend")
            continue
        }
        if base == .baseline_spend {
            guard let share = y.decimal(s["share"], "scenarios.share", &d), share >= 0, share <= 1 else {
                d.error(y.file, line: s.mark?.line, column: "scenarios.share", value: id, "a baseline_spend scenario needs a share between 0 and 1 of the baseline spend")
                continue
            }
            var ramp = Scenario.Ramp.none
            if let r = s["ramp"] {
                if r.string == "coverage" {
                    ramp = .coverage
                } else if r.string == "none" {
                    ramp = .none
                } else if r.mapping != nil {
                    let years = y.int(r["years"], "scenarios.ramp.years", &d) ?? 3
                    if years < 1 { d.error(y.file, line: r.mark?.line, column: "scenarios.ramp.years", value: String(years), "must be 1 or more"); continue }
                    ramp = .linear(start: y.int(r["start_year"], "scenarios.ramp.start_year", &d), years: years)
                } else {
                    d.error(y.file, line: r.mark?.line, column: "scenarios.ramp", "use none, coverage, or {start_year: 2020, years: 3}")
                    continue
                }
            }
            if result.contains(where: { $0.id == id }) {
                d.error(y.file, line: s.mark?.line, column: "scenarios.id", value: id, "scenario id used twice")
                continue
            }
            result.append(Scenario(id: id, label: y.string(s["label"], "scenarios.label", &d) ?? id,
                                   source: y.string(s["source"], "scenarios.source", &d) ?? "", base: base, avoids: [],
                                   spendShare: share, spendAmount: y.decimal(s["amount_eur"], "scenarios.amount_eur", &d), ramp: ramp))
            continue
        }
        var avoids: [Scenario.Avoidance] = []
        for a in s["avoids"]?.sequence ?? [] {
            var band: ContactsBand? = nil
            if let b = y.string(a["band"], "scenarios.avoids.band", &d) {
                band = ContactsBand(rawValue: b)
                if band == nil || band == .elevenPlus {
                    d.error(y.file, line: a["band"]?.mark?.line, column: "scenarios.avoids.band", value: b, "unknown band; use 1, 2-5 or 6-10 (11plus counts as 6-10)")
                    continue
                }
            }
            if base == .self_helped_by_band && band == nil {
                d.error(y.file, line: a.mark?.line, column: "scenarios.avoids.band", "a self_helped_by_band scenario names the band of each line")
                continue
            }
            guard let share = y.decimal(a["share"], "scenarios.avoids.share", &d), share >= 0, share <= 1 else {
                d.error(y.file, line: a.mark?.line, column: "scenarios.avoids.share", "needs a share between 0 and 1")
                continue
            }
            let price: Scenario.Price
            if let careText = y.string(a["care"], "scenarios.avoids.care", &d) {
                guard let care = CareType(rawValue: careText), care == .bggz || care == .sggz else {
                    d.error(y.file, line: a["care"]?.mark?.line, column: "scenarios.avoids.care", value: careText, "priced care types are bggz and sggz; give price_eur for others")
                    continue
                }
                price = .care(care)
            } else if y.string(a["price"], "scenarios.avoids.price", &d) == "aef" {
                price = .aef
            } else if let low = y.decimal(a["price_low_eur"] ?? a["price_eur"], "scenarios.avoids.price_eur", &d) {
                price = .fixed(low: low, high: y.decimal(a["price_high_eur"], "scenarios.avoids.price_high_eur", &d) ?? low)
            } else {
                d.error(y.file, line: a.mark?.line, column: "scenarios.avoids", "says what is avoided with care: bggz|sggz, price: aef, or price_eur (price_low_eur/price_high_eur)")
                continue
            }
            avoids.append(.init(band: band, share: share, price: price))
        }
        if avoids.isEmpty {
            d.error(y.file, line: s.mark?.line, column: "scenarios.avoids", value: id, "a scenario needs at least one line under avoids:")
            continue
        }
        if result.contains(where: { $0.id == id }) {
            d.error(y.file, line: s.mark?.line, column: "scenarios.id", value: id, "scenario id used twice")
            continue
        }
        result.append(Scenario(id: id, label: y.string(s["label"], "scenarios.label", &d) ?? id,
                               source: y.string(s["source"], "scenarios.source", &d) ?? "", base: base, avoids: avoids))
    }
    return result
}

/// Typed access to YAML scalars with located errors.
struct YAMLReader {
    let file: String
    func string(_ node: Node?, _ key: String, _ d: inout Diagnostics) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            d.error(file, line: node.mark?.line, column: key, "must be a single value, not a list or mapping")
            return nil
        }
        return s.string
    }
    func int(_ node: Node?, _ key: String, _ d: inout Diagnostics) -> Int? {
        guard let s = string(node, key, &d) else { return nil }
        if let n = Int(s) { return n }
        d.error(file, line: node?.mark?.line, column: key, value: s, "must be a whole number")
        return nil
    }
    func decimal(_ node: Node?, _ key: String, _ d: inout Diagnostics) -> Decimal? {
        guard let s = string(node, key, &d) else { return nil }
        if let n = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")), s.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return n }
        d.error(file, line: node?.mark?.line, column: key, value: s, "must be a number written with a decimal point (81.25)")
        return nil
    }
    func date(_ node: Node?, _ key: String, _ d: inout Diagnostics) -> Day? {
        guard let s = string(node, key, &d) else { return nil }
        if let day = DutchValues.date(s) { return day }
        d.error(file, line: node?.mark?.line, column: key, value: s, "not a valid date; write 2020-12-31")
        return nil
    }
}

func yamlErrorLine(_ e: YamlError) -> Int? {
    switch e {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return nil
    }
}

func yamlProblem(_ e: YamlError) -> String {
    switch e {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
    default: return "\(e)"
    }
}

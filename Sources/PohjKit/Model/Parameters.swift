import Foundation

/// The cost model's parameters (DOMAIN.md §2.6). Every one can be set in `site.yml` under
/// `parameters:` with these snake_case names; the defaults come from the seed documents.
public struct Parameters: Sendable, Equatable {
    /// Nil = take the baseline year's price from the referrals data, else the default.
    public var priceBGGZ: Decimal? = nil
    public var priceSGGZ: Decimal? = nil
    public var priceAEFMin: Decimal = 2100
    public var priceAEFMax: Decimal = 2500
    public var pohHourly: Decimal = Decimal(string: "81.25")!
    public var indirectFactor: Decimal = Decimal(string: "1.33")!
    public var hoursPerContact: Decimal = 1
    public var contactsPerBand: [ContactsBand: Decimal] = [.one: 1, .twoToFive: 4, .sixToTen: 8, .elevenPlus: 12]
    public var workingWeeks: Decimal = 48
    public var hoursPerFTE: Decimal = 36
    public var fteNormMin: Decimal = 1
    public var fteNormMax: Decimal = Decimal(string: "1.2")!
    /// Share of each band in the break-even mix (default half 2–5, half 6–10: 6 contacts).
    public var breakevenMix: [ContactsBand: Decimal] = [.twoToFive: Decimal(string: "0.5")!, .sixToTen: Decimal(string: "0.5")!]

    /// Overhead compensation per practice (regional plan VPG): room per POH-J hour, HIS licence,
    /// insurance, induction hours per month × months × rate (once), and the municipality's share by model.
    public var overheadRoomPerHour: Decimal = 10
    public var overheadHIS: Decimal = 350
    public var overheadInsurance: Decimal = 150
    public var overheadInductionHoursPerMonth: Decimal = 2
    public var overheadInductionMonths: Decimal = 12
    public var overheadInductionRate: Decimal = 55
    public var overheadShare: [PracticeModel: (low: Decimal, high: Decimal)] = [
        .basis: (0, 0), .aanvullend: (Decimal(string: "0.5")!, Decimal(string: "0.5")!), .extra: (Decimal(string: "0.5")!, 1),
    ]

    public static func == (a: Parameters, b: Parameters) -> Bool {
        a.priceBGGZ == b.priceBGGZ && a.priceSGGZ == b.priceSGGZ && a.priceAEFMin == b.priceAEFMin && a.priceAEFMax == b.priceAEFMax
            && a.pohHourly == b.pohHourly && a.indirectFactor == b.indirectFactor && a.hoursPerContact == b.hoursPerContact
            && a.contactsPerBand == b.contactsPerBand && a.workingWeeks == b.workingWeeks && a.hoursPerFTE == b.hoursPerFTE
            && a.fteNormMin == b.fteNormMin && a.fteNormMax == b.fteNormMax && a.breakevenMix == b.breakevenMix
            && a.overheadRoomPerHour == b.overheadRoomPerHour && a.overheadHIS == b.overheadHIS && a.overheadInsurance == b.overheadInsurance
            && a.overheadInductionHoursPerMonth == b.overheadInductionHoursPerMonth && a.overheadInductionMonths == b.overheadInductionMonths
            && a.overheadInductionRate == b.overheadInductionRate
            && PracticeModel.allCases.allSatisfy { a.overheadShare[$0]?.low == b.overheadShare[$0]?.low && a.overheadShare[$0]?.high == b.overheadShare[$0]?.high }
    }

    public static let defaultPriceBGGZ: Decimal = 876
    public static let defaultPriceSGGZ: Decimal = 2994

    public init() {}

    /// Mean representative contacts of the break-even mix.
    public var breakevenContacts: Decimal {
        breakevenMix.reduce(Decimal(0)) { $0 + $1.value * (contactsPerBand[$1.key] ?? 0) }
    }
}

/// Prices actually used for a build, with where each came from (pages state the value used).
public struct Prices: Sendable, Equatable {
    public enum Source: String, Sendable { case configuration, baseline, defaultValue = "default" }
    public var bggz: Decimal
    public var sggz: Decimal
    public var bggzSource: Source
    public var sggzSource: Source
    public var aef: (low: Decimal, high: Decimal)

    public static func == (a: Prices, b: Prices) -> Bool {
        a.bggz == b.bggz && a.sggz == b.sggz && a.aef.low == b.aef.low && a.aef.high == b.aef.high
    }

    public func price(of care: CareType) -> Decimal? {
        switch care {
        case .bggz: return bggz
        case .sggz: return sggz
        default: return nil
        }
    }
}

/// The small-number policy (DOMAIN.md §6). Default: the Dutch statistics office's rule for
/// youth-care counts, 0–7 hidden and the rest rounded to a multiple of 5.
public struct DisclosurePolicy: Sendable, Equatable {
    /// Counts up to and including this value are hidden.
    public var hideAtMost: Int = 7
    /// Visible counts are rounded (half up) to a multiple of this.
    public var roundingBase: Int = 5
    /// Shares are not shown when the protected denominator is below this.
    public var minDenominator: Int = 20
    /// A count that is 0 for the whole region in a period is shown as 0 everywhere in that
    /// period (it says something about nobody), and so are the counts of a practice (or a
    /// municipality) whose POH-Jeugd had not started yet (`cellsBeforePOH`); `region_zeros: hide`
    /// hides them like any 0–7 (the audit knows those zeros either way).
    public var showRegionZeros: Bool = true
    public init() {}
}

/// A savings scenario as data (DOMAIN.md §4): which cases form the base and what each avoids.
public struct Scenario: Sendable, Equatable {
    public enum Base: String, Sendable {
        /// Self-helped new cases per contacts band (11plus counts as 6-10; unknown left out).
        case self_helped_by_band
        /// Every new POH-J case of the period.
        case all_clients
        /// A share of the baseline year's youth mental-health spend (Leidschendam-Voorburg's 30%).
        case baseline_spend
    }
    /// How a `baseline_spend` saving builds up.
    public enum Ramp: Sendable, Equatable {
        case none
        /// min(1, (year − start + 1) ÷ years); start nil = the first year with a POH-J in the scope.
        case linear(start: Int?, years: Int)
        /// In proportion to the share of practices with a POH-J.
        case coverage
    }
    /// What an avoided trajectory is worth.
    public enum Price: Sendable, Equatable {
        /// The configured or baseline price of a care type (`bggz`, `sggz`).
        case care(CareType)
        /// The national AEF range (`price_aef_min_eur`–`price_aef_max_eur`).
        case aef
        /// A price or price range given in the scenario itself.
        case fixed(low: Decimal, high: Decimal)
    }
    public struct Avoidance: Sendable, Equatable {
        /// Only for `self_helped_by_band`: the band whose cases avoid something.
        public var band: ContactsBand?
        public var share: Decimal
        public var price: Price
        public init(band: ContactsBand?, share: Decimal, price: Price) {
            self.band = band
            self.share = share
            self.price = price
        }
    }
    public var id: String
    public var label: String
    public var source: String
    public var base: Base
    public var avoids: [Avoidance]
    /// `baseline_spend` only: the share of the spend, a fixed yearly spend instead of the baseline's, and the ramp.
    public var spendShare: Decimal? = nil
    public var spendAmount: Decimal? = nil
    public var ramp: Ramp = .none

    public static let conservatief = Scenario(
        id: "conservatief", label: "Conservatief",
        source: "Rebel, maatschappelijke business case POH-GGZ Jeugd Holland Rijnland (2021)",
        base: .self_helped_by_band,
        avoids: [
            Avoidance(band: .twoToFive, share: 1, price: .care(.bggz)),
            Avoidance(band: .sixToTen, share: 1, price: .care(.bggz)),
        ])
    public static let optimistisch = Scenario(
        id: "optimistisch", label: "Optimistisch",
        source: "Rebel, maatschappelijke business case POH-GGZ Jeugd Holland Rijnland (2021)",
        base: .self_helped_by_band,
        avoids: [
            Avoidance(band: .one, share: Decimal(string: "0.25")!, price: .care(.bggz)),
            Avoidance(band: .twoToFive, share: 1, price: .care(.bggz)),
            Avoidance(band: .sixToTen, share: Decimal(string: "0.7")!, price: .care(.bggz)),
            Avoidance(band: .sixToTen, share: Decimal(string: "0.3")!, price: .care(.sggz)),
        ])
    public static let landelijkAEF = Scenario(
        id: "landelijk_aef", label: "Landelijk (AEF)",
        source: "AEF, Stelsel in groei (2020): 40% van de cliënten voorkomt een specialistisch traject",
        base: .all_clients,
        avoids: [Avoidance(band: nil, share: Decimal(string: "0.4")!, price: .aef)])

    public static let aandeelUitgaven = Scenario(
        id: "aandeel_uitgaven", label: "Aandeel uitgaven",
        source: "Raadsinformatiebrief Leidschendam-Voorburg (2019): 30% van de uitgaven aan basis- en specialistische jeugd-GGZ in het basisjaar, opbouw in drie jaar",
        base: .baseline_spend, avoids: [], spendShare: Decimal(string: "0.3")!, spendAmount: nil, ramp: .linear(start: nil, years: 3))

    public static let builtIn: [Scenario] = [.conservatief, .optimistisch, .landelijkAEF, .aandeelUitgaven]
}

/// `site.yml`.
public struct SiteConfig: Sendable {
    public var title: String
    public var organisation: String
    public var region: String
    public var locale: String = "nl-NL"
    public var baseURL: String?
    public var theme: String = "default"
    public var periods: [Period]
    /// Line of each period's entry in site.yml (by id), for messages about a period.
    public var periodLines: [String: Int] = [:]
    public var baselineYear: Int?
    public var parameters: Parameters = Parameters()
    public var scenarios: [Scenario] = Scenario.builtIn
    public var disclosure: DisclosurePolicy = DisclosurePolicy()
    /// Contact address for questions about the data (shown in the footer).
    public var contact: String?
    public var accessibility = AccessibilityStatement()
}

/// `accessibility:` in site.yml: the facts of the toegankelijkheidsverklaring.
public struct AccessibilityStatement: Sendable {
    /// "voldoet volledig", "voldoet gedeeltelijk", "eerste maatregelen genomen", "voldoet niet".
    public var status = "voldoet volledig"
    public var evaluatedOn: Day?
    public var contact: String?
    public var responseDays = 5
    public var knownIssues: [String] = []
}

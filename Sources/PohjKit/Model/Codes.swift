/// The closed vocabularies of the monitoring form (DOMAIN.md §2.1). Raw values are the
/// canonical codes used in ids, downloads and `site.yml`; `labels` are the Dutch form texts
/// the parser accepts besides the code (compared case- and spacing-insensitively).
public protocol FormCode: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    /// Name of the column in messages.
    static var field: String { get }
    /// Dutch labels as on the form, first one is shown on pages.
    var labels: [String] { get }
}

public extension FormCode {
    var label: String { labels.first ?? rawValue }
}

public enum Gender: String, FormCode {
    case m, v, x
    public static let field = "gender"
    public var labels: [String] {
        switch self {
        case .m: return ["Man", "jongen", "M"]
        case .v: return ["Vrouw", "meisje", "V"]
        case .x: return ["Anders/onbekend", "anders", "onbekend", "X"]
        }
    }
}

public enum Referrer: String, FormCode {
    case huisarts, jeugdarts, wijkteam, school, ouders, anders
    public static let field = "referrer"
    public var labels: [String] {
        switch self {
        case .huisarts: return ["Huisarts"]
        case .jeugdarts: return ["Jeugdarts"]
        case .wijkteam: return ["Wijkteam", "JGT"]
        case .school: return ["School"]
        case .ouders: return ["Ouders", "Ouder(s)", "Ouders/verzorgers"]
        case .anders: return ["Anders", "Overig"]
        }
    }
}

public enum Complaint: String, FormCode {
    case aandacht_concentratie, emotieregulatie, slaapproblemen, systeemproblemen
    case onzekerheid_zelfvertrouwen, opvoedingsproblematiek, angst_dwang_stemming, eetgedrag
    case lichamelijke_klachten, sociale_interactie, trauma_rouw, ass, overig
    public static let field = "complaint"
    public var labels: [String] {
        switch self {
        case .aandacht_concentratie: return ["Aandacht / Concentratie/school", "Aandacht/concentratie", "Concentratie/school"]
        case .emotieregulatie: return ["Emotieregulatie"]
        case .slaapproblemen: return ["Slaapproblemen"]
        case .systeemproblemen: return ["Systeemproblemen"]
        case .onzekerheid_zelfvertrouwen: return ["Onzekerheid en zelfvertrouwen"]
        case .opvoedingsproblematiek: return ["Opvoedingsproblematiek"]
        case .angst_dwang_stemming: return ["Angst, dwang, stemming", "Angst/dwang/stemming"]
        case .eetgedrag: return ["Eetgedrag"]
        case .lichamelijke_klachten: return ["Lichamelijke klachten"]
        case .sociale_interactie: return ["Sociale interactie"]
        case .trauma_rouw: return ["Trauma of rouwverwerking", "Trauma/rouw"]
        case .ass: return ["ASS", "Autismespectrumstoornis"]
        case .overig: return ["Overig", "Anders"]
        }
    }
}

public enum History: String, FormCode {
    case nee, ja_zelfde, ja_andere, ja_gezinsleden, ja_actueel
    public static let field = "history"
    public var labels: [String] {
        switch self {
        case .nee: return ["Nee"]
        case .ja_zelfde: return ["Ja, zelfde problematiek"]
        case .ja_andere: return ["Ja, andere problematiek"]
        case .ja_gezinsleden: return ["Ja, gezinsleden"]
        case .ja_actueel: return ["Ja, actuele hulpverlening in gezin"]
        }
    }
}

public enum Intervention: String, FormCode {
    case eenmalig, verwijzing_preventief, verwijzing_jgt, kortdurend_poh, crisishulp, overbrugging
    case verwijzing_bggz, verwijzing_sggz_midden, verwijzing_sggz_hoog
    public static let field = "intervention"
    public var labels: [String] {
        switch self {
        case .eenmalig: return ["1 gesprek, geen verdere hulpvraag", "Eenmalig gesprek"]
        case .verwijzing_preventief: return ["Verwijzing preventieve hulp"]
        case .verwijzing_jgt: return ["Verwijzing JGT inzet", "Verwijzing JGT"]
        case .kortdurend_poh: return ["Kortdurende begeleiding/behandeling door POH jeugd", "Kortdurende begeleiding", "Kortdurende behandeling door POH jeugd"]
        case .crisishulp: return ["Crisishulp"]
        case .overbrugging: return ["Overbruggingshulp"]
        case .verwijzing_bggz: return ["Verwijzing Basis GGZ (licht)", "Verwijzing Basis GGZ", "Verwijzing B-GGZ"]
        case .verwijzing_sggz_midden: return ["Verwijzing Spec. GGZ (midden)", "Verwijzing S-GGZ (midden)"]
        case .verwijzing_sggz_hoog: return ["Verwijzing Spec. GGZ (hoog)", "Verwijzing S-GGZ (hoog)"]
        }
    }

    /// The four groups the report speaks of (DOMAIN.md §3 `mix.*`).
    public var group: InterventionGroup {
        switch self {
        case .eenmalig, .kortdurend_poh: return .self_helped
        case .verwijzing_preventief, .verwijzing_jgt: return .referred_preventive
        case .verwijzing_bggz, .verwijzing_sggz_midden, .verwijzing_sggz_hoog, .crisishulp: return .referred_jggz
        case .overbrugging: return .bridging
        }
    }
}

public enum InterventionGroup: String, CaseIterable, Sendable {
    case self_helped, referred_preventive, referred_jggz, bridging
    public var label: String {
        switch self {
        case .self_helped: return "Zelf geholpen"
        case .referred_preventive: return "Verwezen naar preventieve hulp of JGT"
        case .referred_jggz: return "Verwezen naar jeugd-GGZ"
        case .bridging: return "Overbrugging"
        }
    }
}

public enum ContactsBand: String, FormCode {
    case one = "1", twoToFive = "2-5", sixToTen = "6-10", elevenPlus = "11plus"
    public static let field = "contacts"
    public var labels: [String] {
        switch self {
        case .one: return ["1 contact", "1 gesprek"]
        case .twoToFive: return ["2 tot 5 contacten", "2–5", "2 - 5", "2 t/m 5"]
        case .sixToTen: return ["6 tot 10 contacten", "6–10", "6 - 10", "6 t/m 10"]
        case .elevenPlus: return ["meer dan 10 contacten", ">10", "> 10", "11+", "11 of meer"]
        }
    }
    /// An exact number of contacts (Katwijk's own registration) falls into its band.
    public init?(contacts n: Int) {
        switch n {
        case 1: self = .one
        case 2...5: self = .twoToFive
        case 6...10: self = .sixToTen
        case 11...: self = .elevenPlus
        default: return nil
        }
    }
}

public enum Duration: String, FormCode {
    case lt1m, lt2m, lt3m, m3to6 = "3-6m", gt6m
    public static let field = "duration"
    public var labels: [String] {
        switch self {
        case .lt1m: return ["< 1 maand", "minder dan 1 maand"]
        case .lt2m: return ["< 2 maanden", "minder dan 2 maanden"]
        case .lt3m: return ["< 3 maanden", "minder dan 3 maanden"]
        case .m3to6: return ["3 tot 6 maanden", "3-6 maanden"]
        case .gt6m: return ["> 6 maanden", "meer dan 6 maanden"]
        }
    }
}

public enum Location: String, FormCode {
    case thuis, school, wijk, gemeente, buiten_gemeente
    public static let field = "location"
    public var labels: [String] {
        switch self {
        case .thuis: return ["Thuis"]
        case .school: return ["School"]
        case .wijk: return ["Wijk"]
        case .gemeente: return ["Gemeente"]
        case .buiten_gemeente: return ["Buiten gemeente", "Buiten de gemeente"]
        }
    }
}

public enum Goal: String, FormCode {
    case nee, deels, ja, uitval
    public static let field = "goal_attained"
    public var labels: [String] {
        switch self {
        case .nee: return ["Nee", "1"]
        case .deels: return ["Deels", "2"]
        case .ja: return ["Ja", "3"]
        case .uitval: return ["Uitval", "Vroegtijdig gestopt", "Vroegtijdig gestopt / uitval"]
        }
    }
}

public enum Aftercare: String, FormCode {
    case nee, ja_poh, ja_ander
    public static let field = "aftercare"
    public var labels: [String] {
        switch self {
        case .nee: return ["Nee"]
        case .ja_poh: return ["Ja, door POH jeugd"]
        case .ja_ander: return ["Ja, door (andere) hulpverlener", "Ja, door andere hulpverlener"]
        }
    }
}

public enum PracticeModel: String, FormCode {
    case basis, aanvullend, extra
    public static let field = "model"
    public var labels: [String] {
        switch self {
        case .basis: return ["Basis", "Basismodel"]
        case .aanvullend: return ["Aanvullend", "Aanvullend model"]
        case .extra: return ["Extra", "Extra model"]
        }
    }
}

/// Referrer of a second-line trajectory in the TWO invoice data (§2.4).
public enum CareReferrer: String, FormCode {
    case gemeentelijke_toegang, huisarts, jeugdarts, gi, medisch_specialist, geen
    public static let field = "referrer"
    public var labels: [String] {
        switch self {
        case .gemeentelijke_toegang: return ["Gemeentelijke toegang"]
        case .huisarts: return ["Huisarts"]
        case .jeugdarts: return ["Jeugdarts"]
        case .gi: return ["Gecertificeerde instelling", "GI"]
        case .medisch_specialist: return ["Medisch specialist"]
        case .geen: return ["Geen", "Geen verwijzer"]
        }
    }
}

public enum CareType: String, FormCode {
    case bggz, sggz, hsggz, diagnostiek, crisis, jo
    public static let field = "care"
    public var labels: [String] {
        switch self {
        case .bggz: return ["Basis GGZ", "B-GGZ"]
        case .sggz: return ["Specialistische GGZ", "S-GGZ"]
        case .hsggz: return ["Hoogspecialistische GGZ", "HS-GGZ"]
        case .diagnostiek: return ["Diagnostiek"]
        case .crisis: return ["Crisis"]
        case .jo: return ["Jeugd- en opvoedhulp", "J&O"]
        }
    }
    /// Youth mental-health care types: the `aandeel_uitgaven` base and the "74%" GGZ share.
    public var isYouthMentalHealth: Bool { self != .jo }
}

public enum Funder: String, FormCode {
    case gemeente, zorgverzekeraar, zorggroep, jgt
    public static let field = "funder"
    public var labels: [String] {
        switch self {
        case .gemeente: return ["Gemeente"]
        case .zorgverzekeraar: return ["Zorgverzekeraar"]
        case .zorggroep: return ["Zorggroep"]
        case .jgt: return ["JGT", "Jeugd- en gezinsteam"]
        }
    }
}

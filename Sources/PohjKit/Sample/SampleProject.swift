import Foundation

/// The example region (Holland Rijnland pilots, 2018–2021-Q1): synthetic case rows whose aggregates reproduce the published figures.
///
/// No row describes a real child: every case is drawn from a fixed-seed generator so that
/// counts, sums and prices add up to the figures of the Rebel report on the Holland Rijnland
/// pilots (DOMAIN.md §5). Output is byte-identical on every run and platform: only integer
/// arithmetic, a private SplitMix64 generator, and arrays (never dictionary order).
public enum SampleProject {
    /// Data files of the example project: path relative to the project folder → file bytes (UTF-8 with BOM, `;`, CRLF, like an Excel export).
    public static func dataFiles() -> [(path: String, bytes: [UInt8])] {
        // Separate streams per file, so changing one file's generator leaves the others as they were.
        var caseRng = Rng(seed: seed)
        var referralRng = Rng(seed: seed ^ 0x5245_4645_5252_414C)
        let cases = generateCases(&caseRng)

        var files: [(path: String, bytes: [UInt8])] = []
        files.append((path: "data/practices.csv", bytes: practicesFile()))
        for m in municipalities.indices {
            files.append((path: "data/cases/\(municipalities[m].name.lowercased()).csv",
                          bytes: m == katwijk ? katwijkCasesFile(cases) : casesFile(m, cases)))
        }
        files.append((path: "data/referrals.csv", bytes: referralsFile(&referralRng)))
        files.append((path: "data/population.csv", bytes: populationFile()))
        files.append((path: "data/costs.csv", bytes: costsFile()))
        return files
    }

    private static let seed: UInt64 = 0x504F_484A_2020_2021  // "POHJ" 2020 2021

    // MARK: - Region: municipalities, practices, population, costs

    private struct Municipality {
        let name: String
        /// Youth 0–17 in 2018, 2020, 2021 (Hillegom "bijna 5000": 5000 in 2020).
        let youth: [Int]
        /// Pilot cost 2020 per year in cents and the hours it buys (Rebel, "Kosten pilots").
        let costCents: Int
        let costHours: Int
        let employer: String
        let funder: String
    }

    private static let katwijk = 0
    private static let populationYears = [2018, 2020, 2021]
    private static let municipalities: [Municipality] = [
        Municipality(name: "Katwijk", youth: [15_380, 15_520, 15_560], costCents: 179_200_00, costHours: 50, employer: "zorggroep", funder: "gemeente"),
        Municipality(name: "Hillegom", youth: [4_950, 5_000, 5_020], costCents: 38_948_00, costHours: 14, employer: "zorggroep", funder: "gemeente"),
        // Lisse is cost-neutral for the municipality: the 4 hours are taken from the JGT.
        Municipality(name: "Lisse", youth: [5_080, 5_110, 5_090], costCents: 12_688_00, costHours: 4, employer: "JGT", funder: "jgt"),
        Municipality(name: "Teylingen", youth: [8_540, 8_610, 8_630], costCents: 46_203_00, costHours: 12, employer: "zorggroep", funder: "gemeente"),
        Municipality(name: "Oegstgeest", youth: [6_020, 6_190, 6_260], costCents: 100_000_00, costHours: 32, employer: "zorggroep", funder: "gemeente"),
        Municipality(name: "Leiden", youth: [20_750, 21_040, 21_110], costCents: 40_167_00, costHours: 8, employer: "zorggroep", funder: "gemeente"),
        // Noordwijk pays for 10 h POH-J plus 16 h JGT in one amount.
        Municipality(name: "Noordwijk", youth: [8_190, 8_300, 8_340], costCents: 69_536_00, costHours: 26, employer: "zorggroep", funder: "gemeente"),
    ]

    private struct Practice {
        let code: String
        let name: String
        let municipality: Int
        /// Day the POH-J started; nil for a practice without POH-J (it still counts for coverage).
        let start: Int?
        let hours: Int
        let model: String
        let youthOnList: Int
    }

    // Katwijk began in 2019 and Hillegom on 1-9-2019 (Rebel); the others in 2020, a few later in the year.
    private static let katwijkStart = ordinal(2019, 3, 1)
    private static let hillegomStart = ordinal(2019, 9, 1)
    private static let pilotStart = ordinal(2020, 1, 1)
    // POH-J hours per municipality add up to the report's: Katwijk 50, Hillegom 14, Lisse 4,
    // Teylingen 12, Oegstgeest 32, Leiden 8, Noordwijk 10.
    private static let practices: [Practice] = [
        Practice(code: "KAT01", name: "Huisartsenpraktijk De Duinen", municipality: 0, start: katwijkStart, hours: 10, model: "aanvullend", youthOnList: 2_310),
        Practice(code: "KAT02", name: "Gezondheidscentrum Rijnsburg", municipality: 0, start: katwijkStart, hours: 10, model: "aanvullend", youthOnList: 2_140),
        Practice(code: "KAT03", name: "Huisartsenpraktijk Het Baken", municipality: 0, start: katwijkStart, hours: 8, model: "aanvullend", youthOnList: 1_680),
        Practice(code: "KAT04", name: "Huisartsen aan de Boulevard", municipality: 0, start: katwijkStart, hours: 8, model: "extra", youthOnList: 1_590),
        Practice(code: "KAT05", name: "Gezondheidscentrum Valkenburg", municipality: 0, start: katwijkStart, hours: 8, model: "aanvullend", youthOnList: 1_420),
        Practice(code: "KAT06", name: "Huisartsenpraktijk De Zeeweg", municipality: 0, start: katwijkStart, hours: 6, model: "basis", youthOnList: 1_130),
        Practice(code: "KAT07", name: "Huisartsenpraktijk De Vuurbaak", municipality: 0, start: nil, hours: 0, model: "", youthOnList: 860),
        Practice(code: "HIL01", name: "Huisartsenpraktijk Hillegom-Centrum", municipality: 1, start: hillegomStart, hours: 6, model: "aanvullend", youthOnList: 1_520),
        Practice(code: "HIL02", name: "Huisartsen De Bollenstreek", municipality: 1, start: hillegomStart, hours: 4, model: "aanvullend", youthOnList: 1_180),
        Practice(code: "HIL03", name: "Gezondheidscentrum Elsbroek", municipality: 1, start: hillegomStart, hours: 4, model: "basis", youthOnList: 1_050),
        Practice(code: "HIL04", name: "Huisartsenpraktijk De Beek", municipality: 1, start: nil, hours: 0, model: "", youthOnList: 640),
        Practice(code: "LIS01", name: "Gezondheidscentrum Lisse-Zuid", municipality: 2, start: pilotStart, hours: 4, model: "aanvullend", youthOnList: 1_870),
        Practice(code: "LIS02", name: "Huisartsenpraktijk Het Tulpenveld", municipality: 2, start: nil, hours: 0, model: "", youthOnList: 1_240),
        Practice(code: "TEY01", name: "Huisartsenpraktijk Warmond", municipality: 3, start: pilotStart, hours: 4, model: "aanvullend", youthOnList: 1_350),
        Practice(code: "TEY02", name: "Gezondheidscentrum Voorhout", municipality: 3, start: pilotStart, hours: 4, model: "aanvullend", youthOnList: 1_690),
        Practice(code: "TEY03", name: "Huisartsen Voorhout-Oost", municipality: 3, start: ordinal(2020, 4, 1), hours: 4, model: "basis", youthOnList: 1_110),
        // Sassenheim does not take part (Rebel).
        Practice(code: "TEY04", name: "Huisartsenpraktijk Sassenheim-Noord", municipality: 3, start: nil, hours: 0, model: "", youthOnList: 1_460),
        Practice(code: "TEY05", name: "Gezondheidscentrum De Ruïne", municipality: 3, start: nil, hours: 0, model: "", youthOnList: 980),
        Practice(code: "OEG01", name: "Huisartsenpraktijk Poelgeest", municipality: 4, start: pilotStart, hours: 8, model: "extra", youthOnList: 1_640),
        Practice(code: "OEG02", name: "Gezondheidscentrum Oegstgeest", municipality: 4, start: pilotStart, hours: 8, model: "aanvullend", youthOnList: 1_910),
        Practice(code: "OEG03", name: "Huisartsen Haaswijk", municipality: 4, start: pilotStart, hours: 8, model: "aanvullend", youthOnList: 1_270),
        Practice(code: "OEG04", name: "Huisartsenpraktijk De Voscuyl", municipality: 4, start: pilotStart, hours: 8, model: "aanvullend", youthOnList: 1_020),
        Practice(code: "OEG05", name: "Huisartsenpraktijk Morsebel", municipality: 4, start: nil, hours: 0, model: "", youthOnList: 540),
        Practice(code: "LEI01", name: "Huisartsenpraktijk De Merenwijk", municipality: 5, start: pilotStart, hours: 4, model: "aanvullend", youthOnList: 2_080),
        Practice(code: "LEI02", name: "Gezondheidscentrum Stevenshof", municipality: 5, start: ordinal(2020, 4, 1), hours: 4, model: "aanvullend", youthOnList: 2_460),
        Practice(code: "LEI03", name: "Huisartsenpraktijk Leiden-Noord", municipality: 5, start: nil, hours: 0, model: "", youthOnList: 1_730),
        Practice(code: "LEI04", name: "Huisartsen Morskwartier", municipality: 5, start: nil, hours: 0, model: "", youthOnList: 1_390),
        Practice(code: "NOO01", name: "Huisartsenpraktijk Noordwijk aan Zee", municipality: 6, start: pilotStart, hours: 6, model: "aanvullend", youthOnList: 1_810),
        Practice(code: "NOO02", name: "Huisartsenpraktijk Noordwijkerhout", municipality: 6, start: ordinal(2020, 7, 1), hours: 4, model: "extra", youthOnList: 1_560),
        Practice(code: "NOO03", name: "Gezondheidscentrum De Zilk", municipality: 6, start: nil, hours: 0, model: "", youthOnList: 720),
    ]

    private static func practicesFile() -> [UInt8] {
        let header = ["Praktijkcode", "Naam", "Gemeente", "Start POH-J", "Einde POH-J", "Uren POH-J per week", "Model", "Jeugdigen op lijst"]
        let rows = practices.map { p in
            [p.code, p.name, municipalities[p.municipality].name, p.start.map(dutchDate) ?? "", "",
             String(p.hours), p.model, String(p.youthOnList)]
        }
        return csv(header, rows)
    }

    private static func populationFile() -> [UInt8] {
        var rows: [[String]] = []
        for m in municipalities {
            for (i, year) in populationYears.enumerated() {
                rows.append([m.name, String(year), String(m.youth[i])])
            }
        }
        return csv(["Gemeente", "Jaar", "Jeugdigen 0-17"], rows)
    }

    private static func costsFile() -> [UInt8] {
        let header = ["Jaar", "Begin", "Einde", "Gemeente/praktijk", "Kosten (EUR)", "Uren per week", "Werkgever", "Financier"]
        var rows: [[String]] = []
        // The sources give 2020 costs only; the example assumes the same annual amounts in 2021.
        for year in [2020, 2021] {
            for m in municipalities {
                rows.append([String(year), "", "", m.name, money(m.costCents), String(m.costHours), m.employer, m.funder])
            }
        }
        return csv(header, rows)
    }

    // MARK: - Cases: published allocation

    /// New cases in 2020 per municipality (Rebel; DOMAIN.md §5 "Mix"). Self-helped cases are split by
    /// contacts band: eenmalig = 1 contact, kortdurend = 2–5 or 6–10. Katwijk's self-helped (64) are
    /// all kortdurend with an exact number of 6–10 contacts.
    private struct Mix2020 {
        let eenmalig, kortdurend2to5, kortdurend6to10, preventive, jggz, bridging: Int
    }
    // Totals: 531 new cases = self-helped 244 (outside Katwijk 1 contact 49, 2–5 95, 6–10 36;
    // Katwijk 64) + referred preventive/JGT 83 + referred J-GGZ 150 + bridging 54.
    private static let mix2020: [Mix2020] = [
        Mix2020(eenmalig: 0, kortdurend2to5: 0, kortdurend6to10: 64, preventive: 24, jggz: 52, bridging: 20),   // Katwijk 160
        Mix2020(eenmalig: 9, kortdurend2to5: 19, kortdurend6to10: 2, preventive: 12, jggz: 21, bridging: 7),    // Hillegom 70
        Mix2020(eenmalig: 3, kortdurend2to5: 6, kortdurend6to10: 1, preventive: 5, jggz: 7, bridging: 3),       // Lisse 25
        Mix2020(eenmalig: 9, kortdurend2to5: 18, kortdurend6to10: 1, preventive: 12, jggz: 18, bridging: 7),    // Teylingen 65
        // Many POH-J hours → many intensive trajectories (the report's 73% of 6–10 contacts).
        Mix2020(eenmalig: 12, kortdurend2to5: 27, kortdurend6to10: 31, preventive: 17, jggz: 31, bridging: 12), // Oegstgeest 130
        Mix2020(eenmalig: 6, kortdurend2to5: 11, kortdurend6to10: 1, preventive: 6, jggz: 8, bridging: 3),      // Leiden 35
        Mix2020(eenmalig: 10, kortdurend2to5: 14, kortdurend6to10: 0, preventive: 7, jggz: 13, bridging: 2),    // Noordwijk 46
    ]

    /// New cases 1-1-2021 to 31-3-2021 (224): self-helped 73, referred 46 (18 preventive/JGT + 28 J-GGZ),
    /// bridging 22, still open 83 (mostly Katwijk, "een groot aantal nog lopende trajecten").
    private struct Mix2021 {
        let selfHelped, preventive, jggz, bridging, open: Int
    }
    private static let mix2021: [Mix2021] = [
        Mix2021(selfHelped: 12, preventive: 4, jggz: 5, bridging: 4, open: 40),  // Katwijk 65
        Mix2021(selfHelped: 10, preventive: 2, jggz: 3, bridging: 3, open: 7),   // Hillegom 25
        Mix2021(selfHelped: 3, preventive: 1, jggz: 1, bridging: 1, open: 2),    // Lisse 8
        Mix2021(selfHelped: 9, preventive: 2, jggz: 3, bridging: 2, open: 6),    // Teylingen 22
        Mix2021(selfHelped: 24, preventive: 5, jggz: 9, bridging: 6, open: 16),  // Oegstgeest 60
        Mix2021(selfHelped: 5, preventive: 1, jggz: 2, bridging: 2, open: 4),    // Leiden 14
        Mix2021(selfHelped: 10, preventive: 3, jggz: 5, bridging: 4, open: 8),   // Noordwijk 30
    ]

    /// Katwijk's 64 self-helped cases of 2020: exact contacts, 506 in all (average 7,9, Rebel).
    private static let katwijkSelfHelpedContacts: [(contacts: Int, cases: Int)] = [(6, 12), (7, 14), (8, 16), (9, 12), (10, 10)]
    /// Self-helped 2021-Q1 outside Katwijk (61) by contacts band, named by its lowest count (1 = eenmalig).
    private static let selfHelped2021Bands: [(contacts: Int, cases: Int)] = [(1, 16), (2, 29), (6, 14), (11, 2)]
    /// Katwijk does not tell preventive help from JGT apart; elsewhere 36 JGT referrals ("36 keer in totaal",
    /// 13% of all 279 referrals) and the other 37 of the 73 to preventive help.
    private static let jgtReferralsOutsideKatwijk = 36, preventiveReferralsOutsideKatwijk = 37
    /// J-GGZ referrals over the whole monitoring (150 + 28 = 178): mostly Basis GGZ.
    private static let jggzTypes: [(CaseType, Int)] = [(.bggz, 90), (.sggzMidden, 58), (.sggzHoog, 18), (.crisis, 12)]
    /// Whole monitoring (755): 412 girls, 323 boys, 20 unknown.
    private static let genders: [(Gender3, Int)] = [(.vrouw, 412), (.man, 323), (.anders, 20)]
    /// History known for a good half, of whom half had help before, mostly "123" for the same problem
    /// (Rebel). Index into `historyLabels`; -1 = not filled in.
    private static let histories: [(Int, Int)] = [(-1, 330), (0, 212), (1, 123), (2, 34), (3, 41), (4, 15)]
    /// Aftercare was recorded on 242 closed cases outside Katwijk (Katwijk does not record it).
    private static let aftercareByOther = 136, aftercareNone = 69, aftercareByPoh = 37
    /// Referrers of the 2021-Q1 cases (index into `referrerLabels`): in 2020 all 531 came through the GP.
    private static let referrers2021: [(Int, Int)] = [(0, 192), (1, 9), (2, 7), (3, 6), (4, 8), (5, 2)]
    private static let monitoringEnd = ordinal(2021, 3, 31)

    // MARK: - Cases: form vocabulary (Dutch labels, DOMAIN.md §2.1)

    private enum CaseType {
        case eenmalig, preventief, jgt, kortdurend, crisis, overbrugging, bggz, sggzMidden, sggzHoog
        var label: String {
            switch self {
            case .eenmalig: return "1 gesprek, geen verdere hulpvraag"
            case .preventief: return "Verwijzing preventieve hulp"
            case .jgt: return "Verwijzing JGT inzet"
            case .kortdurend: return "Kortdurende begeleiding/behandeling door POH jeugd"
            case .crisis: return "Crisishulp"
            case .overbrugging: return "Overbruggingshulp"
            case .bggz: return "Verwijzing Basis GGZ (licht)"
            case .sggzMidden: return "Verwijzing Spec. GGZ (midden)"
            case .sggzHoog: return "Verwijzing Spec. GGZ (hoog)"
            }
        }
        var isSelfHelped: Bool { self == .eenmalig || self == .kortdurend }
        var isReferral: Bool { !isSelfHelped && self != .overbrugging }
    }

    private enum Gender3 {
        case vrouw, man, anders
        var label: String {
            switch self {
            case .vrouw: return "Vrouw"
            case .man: return "Man"
            case .anders: return "Anders/onbekend"
            }
        }
    }

    private static let referrerLabels = ["Huisarts", "Jeugdarts", "Wijkteam", "School", "Ouders", "Anders"]
    private static let historyLabels = ["Nee", "Ja, zelfde problematiek", "Ja, andere problematiek", "Ja, gezinsleden", "Ja, actuele hulpverlening in gezin"]
    private static let goalLabels = ["Nee", "Deels", "Ja", "Uitval"]
    private static let aftercareLabels = ["Nee", "Ja, door POH jeugd", "Ja, door (andere) hulpverlener"]
    private static let locationLabels = ["Thuis", "School", "Wijk", "Gemeente", "Buiten gemeente"]
    private static let complaintLabels = [
        "Aandacht / Concentratie/school", "Emotieregulatie", "Slaapproblemen", "Systeemproblemen",
        "Onzekerheid en zelfvertrouwen", "Opvoedingsproblematiek", "Angst, dwang, stemming", "Eetgedrag",
        "Lichamelijke klachten", "Sociale interactie", "Trauma of rouwverwerking", "ASS", "Overig",
    ]
    /// Angst, dwang, stemming is by far the most frequent complaint (Rebel, like Accare 2019).
    private static let complaintWeights = [7, 12, 4, 9, 10, 6, 22, 3, 4, 6, 6, 3, 8]
    /// "De categorie overig is heel groot doordat deze in de Katwijkse monitoring vaak voorkwam."
    private static let katwijkComplaintWeights = [5, 8, 3, 6, 7, 4, 15, 2, 3, 4, 4, 2, 37]
    /// JGT and preventive referrals relatively often concern family problems.
    private static let preventiveComplaintWeights = [5, 8, 3, 22, 7, 16, 12, 2, 3, 6, 6, 2, 8]

    // Free text: harmless synthetic phrases; the product must never read them. Some contain
    // `;`, quotes or a line break, as Excel exports do, to exercise CSV quoting.
    private static let complaintNotes = [
        "zie dossier", "gesprekken over slapen", "piekert veel", "moeite met concentratie in de klas",
        "spanning thuis; veel ruzie", "zegt zelf: \"ik ben vaak boos\"", "buikpijn, geen lichamelijke oorzaak",
        "weinig contact met leeftijdgenoten", "angst voor toetsen", "zie verwijsbrief", "somber sinds de zomer\nslaapt slecht",
    ]
    private static let selfHelpGoalNotes = [
        "beter slapen", "meer rust in huis", "weer naar school gaan", "omgaan met boosheid", "minder piekeren",
        "zelfvertrouwen vergroten",
    ]
    private static let referralGoalNotes = ["passende hulp vinden", "hulpvraag verhelderen", "zie verwijzing"]
    private static let bridgingGoalNotes = ["overbruggen tot start behandeling", "stabiliseren tijdens wachttijd"]
    /// Remarks on the outcome, per goal attained (Nee, Deels, Ja, Uitval).
    private static let outcomeNotes = [
        ["geen verbetering", "verwezen naar Basis GGZ"],
        ["deels behaald; verder bij JGT", "ouders tevreden, kind nog onzeker"],
        ["doel behaald", "zie \"afsluitbrief\""],
        ["gestopt na 2 gesprekken", "niet meer verschenen"],
    ]

    // MARK: - Cases: generation

    private struct Case {
        let municipality: Int
        let year: Int
        let type: CaseType?
        /// Exact number of contacts; outside Katwijk written as its band. Nil = unknown.
        var contacts: Int?
        var practice = 0
        var number = ""
        var age = 0
        var gender = Gender3.vrouw
        var referrer = 0
        var referral: Int?
        var firstConsult = 0
        var complaint = 0
        var complaintNote = ""
        var history = -1
        var location = -1
        var goalNote = ""
        var goal = -1
        var outcomeNote = ""
        var end: Int?
        var aftercare = -1
        /// Order of creation, the last tie-breaker when sorting.
        var serial = 0
    }

    private static func generateCases(_ rng: inout Rng) -> [Case] {
        var jggzDeck = Deck(jggzTypes, &rng)
        var preventiveDeck = Deck([(CaseType.jgt, jgtReferralsOutsideKatwijk), (.preventief, preventiveReferralsOutsideKatwijk)], &rng)
        var katwijkContactsDeck = Deck(katwijkSelfHelpedContacts.map { ($0.contacts, $0.cases) }, &rng)
        var selfHelped2021Deck = Deck(selfHelped2021Bands.map { ($0.contacts, $0.cases) }, &rng)

        var cases: [Case] = []
        func add(_ m: Int, _ year: Int, _ type: CaseType?, _ contacts: Int?, _ n: Int = 1) {
            for _ in 0..<n { cases.append(Case(municipality: m, year: year, type: type, contacts: contacts)) }
        }
        for (m, mix) in mix2020.enumerated() {
            add(m, 2020, .eenmalig, 1, mix.eenmalig)
            for _ in 0..<mix.kortdurend2to5 { add(m, 2020, .kortdurend, rng.int(in: 2...5)) }
            for _ in 0..<mix.kortdurend6to10 {
                add(m, 2020, .kortdurend, m == katwijk ? katwijkContactsDeck.draw() : rng.int(in: 6...10))
            }
            for _ in 0..<mix.preventive { add(m, 2020, m == katwijk ? .preventief : preventiveDeck.draw(), nil) }
            for _ in 0..<mix.jggz { add(m, 2020, jggzDeck.draw(), nil) }
            add(m, 2020, .overbrugging, nil, mix.bridging)
        }
        for (m, mix) in mix2021.enumerated() {
            for i in 0..<mix.selfHelped {
                if m == katwijk {
                    // Katwijk's own register: two single conversations, the rest short treatment.
                    if i < 2 { add(m, 2021, .eenmalig, 1) } else { add(m, 2021, .kortdurend, rng.int(in: 3...11)) }
                } else {
                    let low = selfHelped2021Deck.draw()
                    switch low {
                    case 1: add(m, 2021, .eenmalig, 1)
                    case 2: add(m, 2021, .kortdurend, rng.int(in: 2...5))
                    case 6: add(m, 2021, .kortdurend, rng.int(in: 6...10))
                    default: add(m, 2021, .kortdurend, rng.int(in: 11...14))
                    }
                }
            }
            for _ in 0..<mix.preventive { add(m, 2021, m == katwijk ? .preventief : preventiveDeck.draw(), nil) }
            for _ in 0..<mix.jggz { add(m, 2021, jggzDeck.draw(), nil) }
            add(m, 2021, .overbrugging, nil, mix.bridging)
            add(m, 2021, nil, nil, mix.open)
        }
        precondition(jggzDeck.isEmpty && preventiveDeck.isEmpty && katwijkContactsDeck.isEmpty && selfHelped2021Deck.isEmpty,
                     "allocation tables and decks disagree")

        for i in cases.indices {
            cases[i].serial = i
            fillDatesAndPractice(&cases[i], &rng)
            fillContactsAndEnd(&cases[i], &rng)
            fillDescription(&cases[i], &rng)
        }

        // Whole-monitoring counts that are published exactly are dealt from shuffled decks.
        var genderDeck = Deck(genders, &rng)
        var historyDeck = Deck(histories, &rng)
        var referrerDeck = Deck(referrers2021, &rng)
        for i in cases.indices {
            cases[i].gender = genderDeck.draw()
            cases[i].history = historyDeck.draw()
            cases[i].referrer = cases[i].year == 2020 ? 0 : referrerDeck.draw()
        }
        precondition(genderDeck.isEmpty && historyDeck.isEmpty && referrerDeck.isEmpty, "decks and case count disagree")

        assignAftercare(&cases, &rng)
        numberCases(&cases)
        return cases
    }

    /// New cases per month of 2020, relative: the first lockdown shows as a dip in April–May.
    private static let monthWeights2020 = [100, 100, 90, 45, 55, 90, 85, 75, 105, 110, 110, 95]
    /// Municipalities that started in 2020 grow into their caseload ("ingroeipad").
    private static let rampWeights2020 = [60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110, 115]
    private static let monthWeights2021Q1 = [95, 100, 110]
    /// Days the practices are closed (2020 is a lustrum year: 5 May is a day off).
    private static let holidays: [Int] = [
        ordinal(2020, 1, 1), ordinal(2020, 4, 10), ordinal(2020, 4, 13), ordinal(2020, 4, 27), ordinal(2020, 5, 5),
        ordinal(2020, 5, 21), ordinal(2020, 6, 1), ordinal(2020, 12, 25), ordinal(2021, 1, 1),
    ]

    private static func isWorkday(_ day: Int) -> Bool {
        let weekday = ((day % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
        return weekday != 0 && weekday != 6 && !holidays.contains(day)
    }

    private static func previousWorkday(_ day: Int) -> Int {
        var d = day
        while !isWorkday(d) { d -= 1 }
        return d
    }

    private static func fillDatesAndPractice(_ c: inout Case, _ rng: inout Rng) {
        let startedEarly = practices.contains { $0.municipality == c.municipality && ($0.start ?? .max) < pilotStart }
        let month: Int
        if c.year == 2020 {
            let weights = (0..<12).map { monthWeights2020[$0] * (startedEarly ? 100 : rampWeights2020[$0]) }
            month = 1 + rng.weightedIndex(weights)
        } else {
            month = 1 + rng.weightedIndex(monthWeights2021Q1)
        }
        let first = ordinal(c.year, month, 1), last = ordinal(c.year, month, daysInMonth(c.year, month))
        let workdays = (first...last).filter(isWorkday)
        c.firstConsult = workdays[rng.int(in: 0...(workdays.count - 1))]

        // Only practices whose POH-J had started by the first consult, in proportion to their hours.
        let open = practices.indices.filter { i in
            practices[i].municipality == c.municipality && (practices[i].start.map { $0 <= c.firstConsult } ?? false)
        }
        c.practice = open[rng.weightedIndex(open.map { practices[$0].hours })]

        // About half the rows carry the GP's referral date, mostly within the two-week norm.
        if rng.percent(50) {
            let back = rng.percent(80) ? rng.int(in: 0...14) : rng.int(in: 15...35)
            let start = practices[c.practice].start ?? c.firstConsult
            c.referral = max(start, previousWorkday(c.firstConsult - back))
        }
    }

    private static func fillContactsAndEnd(_ c: inout Case, _ rng: inout Rng) {
        guard let type = c.type else {
            // Still open: contacts so far are often not filled in yet; no end, no goal.
            let r = rng.int(in: 0...99)
            c.contacts = r < 60 ? nil : (r < 80 ? 1 : rng.int(in: 2...5))
            return
        }
        if c.contacts == nil {
            // Basis GGZ mostly after 1 contact, specialist GGZ mostly after 2–5 (Rebel);
            // bridging usually fewer than 5 contacts (73%), sometimes many.
            let bandWeights: [Int]  // unknown, 1, 2–5, 6–10, 11+
            switch type {
            case .bggz, .crisis: bandWeights = [3, 60, 33, 4, 0]
            case .sggzMidden, .sggzHoog: bandWeights = [3, 15, 62, 15, 5]
            case .overbrugging: bandWeights = [2, 8, 63, 20, 7]
            default: bandWeights = [5, 50, 42, 3, 0]
            }
            switch rng.weightedIndex(bandWeights) {
            case 0: c.contacts = nil
            case 1: c.contacts = 1
            case 2: c.contacts = rng.int(in: 2...5)
            case 3: c.contacts = rng.int(in: 6...10)
            default: c.contacts = rng.int(in: 11...16)
            }
        }
        // Length of the POH-J involvement follows from the number of contacts.
        var span: Int
        if type == .eenmalig {
            span = 0
        } else {
            switch c.contacts {
            case .some(1): span = rng.int(in: 0...14)
            case .some(2...5): span = rng.int(in: 14...90)
            case .some(6...10): span = rng.int(in: 42...180)
            case .some: span = rng.int(in: 120...300)
            case .none: span = rng.int(in: 7...120)
            }
            // Bridging lasts until the second-line care starts.
            if type == .overbrugging { span += rng.int(in: 14...60) }
        }
        let end = previousWorkday(c.firstConsult + span)
        if end <= monitoringEnd { c.end = max(end, c.firstConsult) }
    }

    private static func fillDescription(_ c: inout Case, _ rng: inout Rng) {
        // Mostly teenagers; a handful turned 18 before their first consult.
        let ageWeights = [1, 1, 2, 3, 6, 8, 10, 12, 14, 15, 18, 20, 24, 28, 32, 34, 33, 28, 1]
        c.age = rng.weightedIndex(ageWeights)
        let complaintWeights: [Int]
        if c.municipality == katwijk {
            complaintWeights = katwijkComplaintWeights
        } else if c.type == .preventief || c.type == .jgt {
            complaintWeights = preventiveComplaintWeights
        } else {
            complaintWeights = self.complaintWeights
        }
        c.complaint = rng.weightedIndex(complaintWeights)
        if rng.percent(35) { c.complaintNote = complaintNotes[rng.int(in: 0...(complaintNotes.count - 1))] }

        guard let type = c.type else {
            c.location = rng.percent(30) ? 3 : -1
            return
        }
        let locationWeights: [Int]  // empty, Thuis, School, Wijk, Gemeente, Buiten gemeente
        if type.isSelfHelped {
            locationWeights = [8, 8, 12, 12, 60, 0]
        } else if type == .overbrugging {
            locationWeights = [15, 5, 0, 10, 70, 0]
        } else {
            locationWeights = [10, 0, 5, 10, 40, 35]
        }
        c.location = rng.weightedIndex(locationWeights) - 1
        if rng.percent(40) {
            let notes = type.isSelfHelped ? selfHelpGoalNotes : (type == .overbrugging ? bridgingGoalNotes : referralGoalNotes)
            c.goalNote = notes[rng.int(in: 0...(notes.count - 1))]
        }

        guard c.end != nil else { return }
        let goalWeights: [Int]  // Nee, Deels, Ja, Uitval
        switch type {
        case .eenmalig: goalWeights = [5, 20, 70, 5]
        case .kortdurend: goalWeights = [7, 30, 55, 8]
        case .overbrugging: goalWeights = [15, 50, 20, 15]
        default: goalWeights = [25, 40, 25, 10]
        }
        c.goal = rng.weightedIndex(goalWeights)
        if rng.percent(25) { c.outcomeNote = outcomeNotes[c.goal][rng.int(in: 0...1)] }
    }

    /// Aftercare on exactly 242 closed cases outside Katwijk: by another provider mostly after a
    /// referral or bridging, by the POH-J after short treatment or bridging, "no" on any closed case.
    private static func assignAftercare(_ cases: inout [Case], _ rng: inout Rng) {
        var closed = cases.indices.filter { cases[$0].municipality != katwijk && cases[$0].end != nil }
        rng.shuffle(&closed)
        func take(_ n: Int, _ label: Int, where fits: (CaseType) -> Bool) {
            var left = n
            for i in closed where left > 0 && cases[i].aftercare < 0 {
                if let t = cases[i].type, fits(t) { cases[i].aftercare = label; left -= 1 }
            }
            precondition(left == 0, "not enough closed cases for aftercare")
        }
        take(aftercareByOther, 2) { $0.isReferral || $0 == .overbrugging }
        take(aftercareByPoh, 1) { $0 == .kortdurend || $0 == .overbrugging }
        take(aftercareNone, 0) { _ in true }
    }

    /// Katwijk keeps one register for all its practices, numbered on from its 2019 clients.
    private static let katwijkClients2019 = 212

    /// Case numbers are unique within a practice: `yyyy-nnnn` per practice by first consult, and
    /// in Katwijk a running number over the whole register.
    private static func numberCases(_ cases: inout [Case]) {
        let order = cases.indices.sorted { a, b in
            (cases[a].practice, cases[a].firstConsult, cases[a].serial) < (cases[b].practice, cases[b].firstConsult, cases[b].serial)
        }
        var seq = [Int](repeating: 0, count: practices.count)
        var seqYear = [Int](repeating: 0, count: practices.count)
        var katwijkSeq = katwijkClients2019
        let katwijkOrder = cases.indices.filter { cases[$0].municipality == katwijk }
            .sorted { (cases[$0].firstConsult, cases[$0].serial) < (cases[$1].firstConsult, cases[$1].serial) }
        for i in katwijkOrder {
            katwijkSeq += 1
            cases[i].number = String(katwijkSeq)
        }
        for i in order where cases[i].municipality != katwijk {
            let p = cases[i].practice
            if seqYear[p] != cases[i].year { seqYear[p] = cases[i].year; seq[p] = 0 }
            seq[p] += 1
            cases[i].number = "\(cases[i].year)-" + pad(seq[p], 4)
        }
    }

    // MARK: - Cases: files

    private static let caseHeader = [
        "Patiëntnummer", "Praktijk", "Leeftijd", "Geslacht", "Verwijzer", "Datum verwijzing", "Datum eerste consult",
        "Klacht/vraag", "Toelichting klacht", "Hulpverleningsgeschiedenis", "Welke interventie is er ingezet?",
        "Intensiteit POH inzet", "Duur van de POH inzet", "Locatie hulp", "Doel", "Doelbereik", "Toelichting doelbereik",
        "Datum einde zorg", "Nazorg",
    ]

    private static func contactsBand(_ n: Int?) -> String {
        switch n {
        case .none: return ""
        case .some(1): return "1 contact"
        case .some(2...5): return "2 tot 5 contacten"
        case .some(6...10): return "6 tot 10 contacten"
        case .some: return "meer dan 10 contacten"
        }
    }

    /// Duration band from the dates: under one, two or three months (31, 61, 92 days), up to six months (183 days), or longer.
    private static func durationBand(_ c: Case) -> String {
        guard let end = c.end else { return "" }
        let days = end - c.firstConsult
        if days < 31 { return "< 1 maand" }
        if days < 61 { return "< 2 maanden" }
        if days < 92 { return "< 3 maanden" }
        if days < 183 { return "3 tot 6 maanden" }
        return "> 6 maanden"
    }

    private static func label(_ labels: [String], _ i: Int) -> String { i < 0 ? "" : labels[i] }

    private static func casesFile(_ m: Int, _ all: [Case]) -> [UInt8] {
        let rows = all.filter { $0.municipality == m }
            .sorted { (practices[$0.practice].code, $0.number) < (practices[$1.practice].code, $1.number) }
            .map { c -> [String] in
                [c.number, practices[c.practice].code, String(c.age), c.gender.label, referrerLabels[c.referrer],
                 c.referral.map(dutchDate) ?? "", dutchDate(c.firstConsult), complaintLabels[c.complaint], c.complaintNote,
                 label(historyLabels, c.history), c.type?.label ?? "", contactsBand(c.contacts), durationBand(c),
                 label(locationLabels, c.location), c.goalNote, label(goalLabels, c.goal), c.outcomeNote,
                 c.end.map(dutchDate) ?? "", label(aftercareLabels, c.aftercare)]
            }
        return csv(caseHeader, rows)
    }

    /// Katwijk kept its own registration: its own column order, ISO dates, an exact number of
    /// contacts, and labels typed in its own case. It does not record aftercare.
    private static func katwijkCasesFile(_ all: [Case]) -> [UInt8] {
        let header = [
            "Praktijk", "Patiëntnummer", "Datum eerste consult", "Geslacht", "Leeftijd", "Verwijzer", "Datum verwijzing",
            "Klacht/vraag", "Toelichting klacht", "Hulpverleningsgeschiedenis", "Welke interventie is er ingezet?",
            "Intensiteit POH inzet", "Duur van de POH inzet", "Doel", "Locatie hulp", "Datum einde zorg", "Doelbereik",
            "Toelichting doelbereik", "Nazorg",
        ]
        // One register for the whole municipality, in order of its running number (= first consult).
        let rows = all.filter { $0.municipality == katwijk }
            .sorted { Int($0.number)! < Int($1.number)! }
            .map { c -> [String] in
                // Hand-typed labels: a stray trailing space now and then.
                let complaint = complaintLabels[c.complaint] + (c.serial % 17 == 0 ? " " : "")
                return [practices[c.practice].code, c.number, isoDate(c.firstConsult), c.gender.label.uppercased(),
                        String(c.age), referrerLabels[c.referrer].lowercased(), c.referral.map(isoDate) ?? "",
                        complaint, c.complaintNote, label(historyLabels, c.history), c.type?.label ?? "",
                        c.contacts.map(String.init) ?? "", durationBand(c), c.goalNote, label(locationLabels, c.location),
                        c.end.map(isoDate) ?? "", label(goalLabels, c.goal), c.outcomeNote, ""]
            }
        return csv(header, rows)
    }

    // MARK: - Referrals to second-line care (TWO invoice data)

    private static let referrerNames = ["Gemeentelijke toegang", "Huisarts", "Jeugdarts", "Gecertificeerde instelling", "Medisch specialist", "Geen"]
    private static let careNames = ["Basis GGZ", "Specialistische GGZ", "Hoogspecialistische GGZ", "Diagnostiek", "Crisis", "Jeugd- en opvoedhulp"]
    private static let bggz = 0, sggz = 1, hsggz = 2, diagnostiek = 3, crisis = 4, jo = 5

    /// Region price per care type in 2018 (Rebel): B-GGZ € 876, S-GGZ € 2.994; others typical TWO prices.
    private static let price2018: [Int?] = [876_00, 2_994_00, 7_000_00, 1_300_00, 3_500_00, nil]
    /// Cost per referrer in 2018 (Rebel chart "Zorgkosten o.b.v. verwijzer"): all € 6.117.008,
    /// of which the GP € 3.121.924; "geen verwijzer" is the rest.
    private static let referrerCost2018 = [1_508_352_00, 3_121_924_00, 72_666_00, 248_810_00, 1_103_622_00, 61_634_00]
    /// Trajectories 2018 per referrer × care (bggz, sggz, hsggz, diagnostiek, crisis, jo): 2148 in all,
    /// the GP 1418 (66%), the GP 1225 of 1650 in youth mental-health care (74%).
    private static let trajectories2018: [[Int]] = [
        [80, 70, 10, 15, 5, 250],     // gemeentelijke toegang 430 (20%)
        [700, 420, 40, 60, 5, 193],   // huisarts 1418 (66%)
        [25, 8, 0, 5, 0, 5],          // jeugdarts 43 (2%)
        [10, 20, 5, 5, 6, 40],        // gecertificeerde instelling 86 (4%)
        [4, 55, 80, 8, 3, 0],         // medisch specialist 150 (7%)
        [5, 6, 0, 0, 0, 10],          // geen 21 (1%)
    ]
    /// Trajectories 2020: the GP 1412 (Rebel); the others plausible.
    private static let trajectories2020: [[Int]] = [
        [85, 72, 11, 14, 6, 267],
        [690, 425, 42, 58, 6, 191],
        [22, 9, 0, 4, 0, 5],
        [9, 18, 5, 4, 7, 37],
        [5, 60, 85, 9, 3, 0],
        [4, 5, 0, 0, 0, 8],
    ]
    /// 2020 prices: the 2018 cell price plus 4% indexation.
    private static let indexation2020Percent = 104

    /// Cost per referrer × care in 2018, in cents: B-GGZ and S-GGZ at exactly the region price; the cell
    /// left without a fixed price (J&O, or HS-GGZ for the medical specialist) takes the rest of the referrer's cost.
    private static func cost2018() -> [[Int]] {
        trajectories2018.indices.map { r in
            var row = trajectories2018[r].indices.map { c in (price2018[c] ?? 0) * trajectories2018[r][c] }
            let restCell = trajectories2018[r][jo] > 0 ? jo : hsggz
            row[restCell] = 0
            row[restCell] = referrerCost2018[r] - row.reduce(0, +)
            return row
        }
    }

    private static func referralsFile(_ rng: inout Rng) -> [UInt8] {
        let cost18 = cost2018()
        // 2020 cost per cell: its 2018 price per trajectory, indexed.
        let cost20 = trajectories2020.indices.map { r in
            trajectories2020[r].indices.map { c in
                trajectories2018[r][c] == 0 ? 0 :
                    roundedDiv(cost18[r][c] * trajectories2020[r][c] * indexation2020Percent, trajectories2018[r][c] * 100)
            }
        }
        var rows: [[String]] = []
        for (year, traj, cost) in [(2018, trajectories2018, cost18), (2020, trajectories2020, cost20)] {
            let populationIndex = year == 2018 ? 0 : 1
            let weights = municipalities.map { $0.youth[populationIndex] }
            // cells[m][r][c] = (trajectories, cents)
            var cells = [[[(Int, Int)]]](repeating: [[(Int, Int)]](repeating: [(Int, Int)](repeating: (0, 0), count: careNames.count),
                                                                   count: referrerNames.count), count: municipalities.count)
            for r in referrerNames.indices {
                for c in careNames.indices where traj[r][c] > 0 {
                    let split = splitCell(trajectories: traj[r][c], cents: cost[r][c], weights: weights, &rng)
                    for m in municipalities.indices { cells[m][r][c] = split[m] }
                }
            }
            for m in municipalities.indices {
                for r in referrerNames.indices {
                    for c in careNames.indices where cells[m][r][c].0 > 0 {
                        rows.append([String(year), municipalities[m].name, referrerNames[r], careNames[c],
                                     String(cells[m][r][c].0), money(cells[m][r][c].1)])
                    }
                }
            }
        }
        return csv(["Jaar", "Gemeente", "Verwijzer", "Zorgsoort", "Trajecten", "Kosten (EUR)"], rows)
    }

    /// Splits one region cell over the municipalities: trajectories by youth population (with some
    /// spread, largest remainder so they add up), cost with a municipal price that varies a little;
    /// the municipality with the most trajectories takes the rounding rest, so the region total is exact.
    private static func splitCell(trajectories n: Int, cents: Int, weights: [Int], _ rng: inout Rng) -> [(Int, Int)] {
        let w = weights.map { $0 * rng.int(in: 850...1150) }
        let total = w.reduce(0, +)
        var counts = w.map { n * $0 / total }
        let byRemainder = w.indices.sorted { a, b in
            let ra = n * w[a] % total, rb = n * w[b] % total
            return ra != rb ? ra > rb : a < b
        }
        for i in byRemainder.prefix(n - counts.reduce(0, +)) { counts[i] += 1 }

        var costs = counts.map { k in roundedDiv(cents * k * rng.int(in: 950...1050), n * 1000) }
        let largest = counts.indices.max { a, b in counts[a] != counts[b] ? counts[a] < counts[b] : a > b }!
        costs[largest] += cents - costs.reduce(0, +)
        return counts.indices.map { (counts[$0], counts[$0] > 0 ? costs[$0] : 0) }
    }

    // MARK: - Formatting

    private static func csv(_ header: [String], _ rows: [[String]]) -> [UInt8] {
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var text = "\u{FEFF}"
        for row in [header] + rows {
            text += row.map(field).joined(separator: ";") + "\r\n"
        }
        return Array(text.utf8)
    }

    /// Euro cents as `179200,00`: decimal comma, no thousands separator.
    private static func money(_ cents: Int) -> String {
        (cents < 0 ? "-" : "") + "\(abs(cents) / 100)," + pad(abs(cents) % 100, 2)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private static func roundedDiv(_ a: Int, _ b: Int) -> Int { (2 * a + b) / (2 * b) }  // half up, a ≥ 0, b > 0

    // MARK: - Calendar (days since 1970-01-01, no time zones)

    // Calendar arithmetic is the model's (`Day`), on day numbers since 1970-01-01.
    private static func ordinal(_ year: Int, _ month: Int, _ day: Int) -> Int { Day.ordinal(year: year, month: month, day: day) }

    private static func civil(_ n: Int) -> (year: Int, month: Int, day: Int) {
        let d = Day(ordinal: n)
        return (d.year, d.month, d.day)
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        month == 12 ? 31 : ordinal(year, month + 1, 1) - ordinal(year, month, 1)
    }

    private static func dutchDate(_ n: Int) -> String {
        let d = civil(n)
        return pad(d.day, 2) + "-" + pad(d.month, 2) + "-" + String(d.year)
    }

    private static func isoDate(_ n: Int) -> String {
        let d = civil(n)
        return String(d.year) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2)
    }

    // MARK: - Deterministic randomness

    /// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and the same sequence everywhere.
    private struct Rng {
        private var state: UInt64
        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in the range (the modulo bias is below 1e-15 for these small ranges).
        mutating func int(in range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }

        mutating func percent(_ p: Int) -> Bool { int(in: 0...99) < p }

        mutating func weightedIndex(_ weights: [Int]) -> Int {
            var r = int(in: 0...(weights.reduce(0, +) - 1))
            for (i, w) in weights.enumerated() {
                if r < w { return i }
                r -= w
            }
            return weights.count - 1
        }

        mutating func shuffle<T>(_ a: inout [T]) {
            guard a.count > 1 else { return }
            for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, int(in: 0...i)) }
        }
    }

    /// Exact counts dealt in random order: for figures that are published to the unit.
    private struct Deck<T> {
        private var items: [T]
        init(_ counts: [(T, Int)], _ rng: inout Rng) {
            items = counts.flatMap { Array(repeating: $0.0, count: $0.1) }
            rng.shuffle(&items)
        }
        var isEmpty: Bool { items.isEmpty }
        mutating func draw() -> T { items.removeLast() }
    }
}

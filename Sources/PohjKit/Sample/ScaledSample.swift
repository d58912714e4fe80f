import Foundation

/// Synthetic projects at the size of a region, a province or the whole country, for benchmarks
/// (`pohj sample --scale national`, `make bench`).
///
/// The files have the example's formats, headers and labels (`;`, BOM, CRLF, Dutch headers,
/// decimal commas; every tenth municipality keeps its own registration like Katwijk: own column
/// order, ISO dates, exact contact counts) and the example's distributions (intervention mix
/// about 42% self-helped, 37% referred, 10% bridging, 11% unknown; contacts bands; gender; ages
/// 0–18). Nothing is calibrated to published figures: these projects measure speed and memory.
///
/// Deterministic: a private fixed-seed SplitMix64, integer arithmetic only, arrays (never
/// dictionary order), no clock. Every municipality's case file has its own random stream, so the
/// files are generated in parallel and still come out byte-identical on every run. Rows are
/// written straight into byte buffers: a million cases take a few seconds.
public enum ScaledSample {
    public enum Scale: String, CaseIterable, Sendable {
        /// About 7 municipalities, 30 practices, 750 cases a year.
        case region
        /// About 30 municipalities, 450 practices, 60.000 cases over the four years.
        case province
        /// About 350 municipalities, 5.000 practices, 1.000.000 cases over 2021–2024.
        case national
    }

    /// A complete project folder: `site.yml`, `narrative/dashboard.md` and every data file
    /// (paths relative to the project folder).
    public static func project(scale: Scale) -> [(path: String, bytes: [UInt8])] {
        let size = Size(scale)
        let world = World(size)
        var files: [(path: String, bytes: [UInt8])] = []
        files.append((path: "site.yml", bytes: Array(siteYML(size).utf8)))
        files.append((path: "narrative/dashboard.md", bytes: Array(narrative(size).utf8)))
        files.append((path: "data/practices.csv", bytes: practicesFile(world)))
        let caseFiles = parallelMap(Array(world.municipalities.indices)) { m in casesFile(world, m) }
        for m in world.municipalities.indices {
            // A municipality without a single case would be an empty file, which pohj rejects.
            if let bytes = caseFiles[m] { files.append((path: "data/cases/\(world.municipalities[m].slug).csv", bytes: bytes)) }
        }
        files.append((path: "data/costs.csv", bytes: costsFile(world)))
        files.append((path: "data/referrals.csv", bytes: referralsFile(world)))
        files.append((path: "data/population.csv", bytes: populationFile(world)))
        return files
    }

    // MARK: - Size and configuration

    struct Size: Sendable {
        let scale: Scale
        let municipalities: Int
        let practices: Int
        /// New cases over the four years 2021–2024.
        let cases: Int
        let title: String
        let region: String

        init(_ scale: Scale) {
            self.scale = scale
            switch scale {
            case .region:
                (municipalities, practices, cases) = (7, 30, 3_000)
                (title, region) = ("POH-Jeugd regio (synthetisch)", "Regio (synthetisch)")
            case .province:
                (municipalities, practices, cases) = (30, 450, 60_000)
                (title, region) = ("POH-Jeugd provincie (synthetisch)", "Provincie (synthetisch)")
            case .national:
                (municipalities, practices, cases) = (350, 5_000, 1_000_000)
                (title, region) = ("POH-Jeugd Nederland (synthetisch)", "Nederland (synthetisch)")
            }
        }
    }

    private static let years = [2021, 2022, 2023, 2024]
    private static let baselineYear = 2020
    private static let seed: UInt64 = 0x504F_484A_5343_414C  // "POHJSCAL"

    private static func siteYML(_ size: Size) -> String {
        var s = """
        # Synthetic project at \(size.scale.rawValue) scale, written by `pohj sample --scale \(size.scale.rawValue)`:
        # \(size.municipalities) municipalities, \(size.practices) practices, \(size.cases) cases over 2021–2024.
        # No row describes a real child; the figures are for benchmarks, not for publication.
        title: \(size.title)
        organisation: Synthetische gemeenten (benchmark)
        region: \(size.region)
        locale: nl-NL
        theme: default
        contact: jeugd@example.invalid
        base_url: https://example.invalid/poh/
        baseline_year: \(baselineYear)

        periods:

        """
        for y in years {
            s += "  - id: \"\(y)\"\n    label: \"\(y)\"\n    start: \(y)-01-01\n    end: \(y)-12-31\n"
        }
        s += """

        disclosure:
          hide_at_most: 7
          rounding_base: 5
          min_denominator: 20

        scenarios:
          - conservatief
          - optimistisch
          - landelijk_aef
          - aandeel_uitgaven

        """
        return s
    }

    private static func narrative(_ size: Size) -> String {
        """
        ---
        title: Waar dit dashboard over gaat
        ---
        Dit is een **synthetisch** project: \(size.municipalities) gemeenten en \(size.practices) huisartsenpraktijken,
        gemaakt om de snelheid van `pohj` te meten. Geen enkele rij beschrijft een echt kind.

        In deze periode kwamen {{ value cases.new }} jeugdigen voor het eerst bij de POH-jeugd. Van de
        jeugdigen van wie bekend is wat er gebeurde, werd {{ value outcome.avoided_second_line.share }}
        geholpen zonder verwijzing naar de tweedelijns jeugd-GGZ. De POH-jeugd bereikte
        {{ value reach.share }} van de jeugdigen die via de huisarts hulp zochten.

        {{ chart caseload }}

        De POH-jeugd kostte in deze periode {{ value cost.total }}. In het conservatieve scenario
        voorkomt zij {{ value savings.conservatief.gross_eur }} aan B-GGZ-trajecten.

        {{ chart mix }}

        """
    }

    // MARK: - The synthetic country: municipalities and practices

    struct Municipality: Sendable {
        let name: String
        let slug: String
        /// Indices into `World.practices`.
        var practices: Range<Int>
        /// Every tenth municipality keeps its own registration (like Katwijk in the example).
        let ownRegistration: Bool
        /// Yearly POH-J cost per weekly hour, in cents (the example: € 3.125 to € 3.584).
        let rateCents: Int
        let employer: String
        let funder: String
        /// Youth 0–17 in the baseline year.
        var youth = 0
    }

    struct Practice: Sendable {
        let code: String
        let name: String
        let municipality: Int
        /// Day ordinals; nil start = a practice without POH-J (counts for coverage only).
        let joined: Int?
        let left: Int?
        let hours: Int
        let model: String
        let youthOnList: Int
        /// New cases per year of `years`.
        var cases: [Int] = []
    }

    struct World: Sendable {
        var municipalities: [Municipality] = []
        var practices: [Practice] = []

        init(_ size: Size) {
            var rng = Rng(seed: ScaledSample.seed)
            // Municipality sizes: mostly small, one in twenty a city.
            let weights = (0..<size.municipalities).map { _ in rng.percent(5) ? rng.int(in: 150...500) : rng.int(in: 10...60) }
            let perMunicipality = largestRemainder(size.practices - size.municipalities, weights).map { $0 + 1 }
            let prefixes = ["Huisartsenpraktijk", "Gezondheidscentrum", "Huisartsen"]
            let parts = ["De Linde", "Het Anker", "De Duinen", "Het Baken", "De Eik", "Centrum", "Oost", "West",
                         "Noord", "Zuid", "De Horst", "Het Park", "De Molen", "De Brug", "Het Veld", "De Haven"]
            let earliest = ordinal(2019, 1, 1)
            for m in 0..<size.municipalities {
                let number = pad(m + 1, 3)
                let own = m % 10 == 3
                let rate = rng.int(in: 3_100...3_600) * 100
                let (employer, funder) = rng.percent(90) ? ("zorggroep", "gemeente") : (rng.percent(50) ? ("JGT", "jgt") : ("zorggroep", "zorgverzekeraar"))
                let first = practices.count
                for k in 0..<perMunicipality[m] {
                    let code = "G\(number)P\(pad(k + 1, 3))"
                    let name = "\(prefixes[rng.int(in: 0...2)]) \(parts[rng.int(in: 0...(parts.count - 1))]) \(number)-\(pad(k + 1, 2))"
                    let youthOnList = rng.int(in: 50...260) * 10
                    // 12% of the practices have no POH-J (never the first of a municipality, so every
                    // municipality has cases); of the others 40% started before 2021,
                    // the rest on the first of a month up to mid-2024; 3% stopped again.
                    if rng.percent(12) && k > 0 {
                        practices.append(Practice(code: code, name: name, municipality: m, joined: nil, left: nil, hours: 0,
                                                  model: "", youthOnList: youthOnList))
                        continue
                    }
                    let joined: Int
                    if rng.percent(40) {
                        let c = civil(earliest + rng.int(in: 0...729))
                        joined = ordinal(c.year, c.month, 1)
                    } else {
                        let month = rng.int(in: 0...41)  // 2021-01 … 2024-06
                        joined = ordinal(2021 + month / 12, 1 + month % 12, 1)
                    }
                    var left: Int? = nil
                    if rng.percent(3) {
                        let month = rng.int(in: 24...41)  // 2023-01 … 2024-06
                        let y = 2021 + month / 12, mo = 1 + month % 12
                        let end = ordinal(y, mo, daysInMonth(y, mo))
                        if end > joined + 180 { left = end }
                    }
                    let hours = [4, 6, 8, 8, 10, 12, 16][rng.int(in: 0...6)]
                    let model = ["basis", "aanvullend", "aanvullend", "extra"][rng.int(in: 0...3)]
                    practices.append(Practice(code: code, name: name, municipality: m, joined: joined, left: left, hours: hours,
                                              model: model, youthOnList: youthOnList))
                }
                let youth = practices[first...].reduce(0) { $0 + $1.youthOnList } * rng.int(in: 105...125) / 1000 * 10
                municipalities.append(Municipality(name: "Gemeente \(number)", slug: "gemeente-\(number)", practices: first..<practices.count,
                                                   ownRegistration: own, rateCents: rate, employer: employer, funder: funder, youth: youth))
            }
            // Cases per practice and year in proportion to POH-J hours × days with a POH-J.
            var weightsPY: [Int] = []
            for p in practices {
                for y in ScaledSample.years { weightsPY.append(p.hours * activeDays(p, y)) }
            }
            let counts = largestRemainder(size.cases, weightsPY)
            for i in practices.indices {
                practices[i].cases = Array(counts[(i * years.count)..<((i + 1) * years.count)])
            }
        }
    }

    /// Days of year `y` on which the practice had a POH-J.
    private static func activeDays(_ p: Practice, _ y: Int) -> Int {
        guard let range = activeRange(p, y) else { return 0 }
        return range.upperBound - range.lowerBound + 1
    }

    private static func activeRange(_ p: Practice, _ y: Int) -> ClosedRange<Int>? {
        guard let joined = p.joined else { return nil }
        let lo = max(joined, ordinal(y, 1, 1)), hi = min(p.left ?? .max, ordinal(y, 12, 31))
        return lo <= hi ? lo...hi : nil
    }

    /// Splits `total` over the weights so that the parts add up exactly (largest remainder, ties by index).
    private static func largestRemainder(_ total: Int, _ weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        var parts = weights.map { total * $0 / sum }
        let order = weights.indices.sorted { a, b in
            let ra = total * weights[a] % sum, rb = total * weights[b] % sum
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(total - parts.reduce(0, +)) { parts[i] += 1 }
        return parts
    }

    // MARK: - Small files

    private static func practicesFile(_ world: World) -> [UInt8] {
        var out = Out()
        out.header(["Praktijkcode", "Naam", "Gemeente", "Start POH-J", "Einde POH-J", "Uren POH-J per week", "Model", "Jeugdigen op lijst"])
        for p in world.practices {
            out.text(p.code); out.sep()
            out.text(p.name); out.sep()
            out.text(world.municipalities[p.municipality].name); out.sep()
            if let j = p.joined { out.date(j, iso: false) }
            out.sep()
            if let l = p.left { out.date(l, iso: false) }
            out.sep()
            out.int(p.hours); out.sep()
            out.text(p.model); out.sep()
            out.int(p.youthOnList); out.eol()
        }
        return out.bytes
    }

    private static func populationFile(_ world: World) -> [UInt8] {
        var out = Out()
        out.header(["Gemeente", "Jaar", "Jeugdigen 0-17"])
        for m in world.municipalities {
            for y in [baselineYear] + years {
                out.text(m.name); out.sep()
                out.int(y); out.sep()
                // Youth grows by about 0,4% a year.
                out.int(roundedDiv(m.youth * (1000 + 4 * (y - baselineYear)), 10_000) * 10); out.eol()
            }
        }
        return out.bytes
    }

    /// One row per municipality and year: the yearly cost of its POH-J hours, by the days each practice had one.
    private static func costsFile(_ world: World) -> [UInt8] {
        var out = Out()
        out.header(["Jaar", "Begin", "Einde", "Gemeente/praktijk", "Kosten (EUR)", "Uren per week", "Werkgever", "Financier"])
        for y in years {
            let daysInYear = ordinal(y, 12, 31) - ordinal(y, 1, 1) + 1
            for m in world.municipalities {
                var hourDays = 0
                for p in world.practices[m.practices] { hourDays += p.hours * activeDays(p, y) }
                guard hourDays > 0 else { continue }
                out.int(y); out.sep(); out.sep(); out.sep()
                out.text(m.name); out.sep()
                out.money(roundedDiv(hourDays * m.rateCents, daysInYear)); out.sep()
                out.int(roundedDiv(hourDays, daysInYear)); out.sep()
                out.text(m.employer); out.sep()
                out.text(m.funder); out.eol()
            }
        }
        return out.bytes
    }

    private static let referrerNames = ["Gemeentelijke toegang", "Huisarts", "Jeugdarts", "Gecertificeerde instelling", "Medisch specialist", "Geen"]
    private static let careNames = ["Basis GGZ", "Specialistische GGZ", "Hoogspecialistische GGZ", "Diagnostiek", "Crisis", "Jeugd- en opvoedhulp"]
    /// Trajectories per referrer × care type in Holland Rijnland 2018 (the example), for 68.910 youth.
    private static let trajectoriesPerYouth: [[Int]] = [
        [80, 70, 10, 15, 5, 250],
        [700, 420, 40, 60, 5, 193],
        [25, 8, 0, 5, 0, 5],
        [10, 20, 5, 5, 6, 40],
        [4, 55, 80, 8, 3, 0],
        [5, 6, 0, 0, 0, 10],
    ]
    private static let referenceYouth = 68_910
    /// Price per trajectory in the baseline year, in cents: B-GGZ € 876, S-GGZ € 2.994 (Rebel), others typical.
    private static let priceCents = [876_00, 2_994_00, 7_000_00, 1_300_00, 3_500_00, 4_300_00]

    /// TWO-style aggregates per municipality, year, referrer and care type: the example's rates per
    /// youth, GP referrals to B-GGZ and S-GGZ falling a little as POH-J spreads, prices indexed 3% a year.
    private static func referralsFile(_ world: World) -> [UInt8] {
        var rng = Rng(seed: seed ^ 0x5245_4645_5252_414C)
        var out = Out()
        out.header(["Jaar", "Gemeente", "Verwijzer", "Zorgsoort", "Trajecten", "Kosten (EUR)"])
        for y in [baselineYear] + years {
            let step = y - baselineYear
            for m in world.municipalities {
                for r in referrerNames.indices {
                    for c in careNames.indices where trajectoriesPerYouth[r][c] > 0 {
                        let trend = (r == 1 && c <= 1) ? 100 - 4 * step : 100 + 2 * step
                        let n = roundedDiv(trajectoriesPerYouth[r][c] * m.youth * trend * rng.int(in: 850...1150), referenceYouth * 100 * 1000)
                        guard n > 0 else { continue }
                        let cents = roundedDiv(n * priceCents[c] * rng.int(in: 950...1050) * (100 + 3 * step), 1000 * 100)
                        out.int(y); out.sep()
                        out.text(m.name); out.sep()
                        out.text(referrerNames[r]); out.sep()
                        out.text(careNames[c]); out.sep()
                        out.int(n); out.sep()
                        out.money(cents); out.eol()
                    }
                }
            }
        }
        return out.bytes
    }

    // MARK: - Cases

    /// Labels of the monitoring form, as bytes (the example's spelling).
    private struct Vocabulary: Sendable {
        // Intervention codes: 0 eenmalig, 1 preventief, 2 jgt, 3 kortdurend, 4 crisis, 5 overbrugging,
        // 6 bggz, 7 sggz midden, 8 sggz hoog.
        let interventions = bytes(["1 gesprek, geen verdere hulpvraag", "Verwijzing preventieve hulp", "Verwijzing JGT inzet",
                                   "Kortdurende begeleiding/behandeling door POH jeugd", "Crisishulp", "Overbruggingshulp",
                                   "Verwijzing Basis GGZ (licht)", "Verwijzing Spec. GGZ (midden)", "Verwijzing Spec. GGZ (hoog)"])
        let genders = bytes(["Vrouw", "Man", "Anders/onbekend"])
        let gendersUpper = bytes(["VROUW", "MAN", "ANDERS/ONBEKEND"])
        let referrers = bytes(["Huisarts", "Jeugdarts", "Wijkteam", "School", "Ouders", "Anders"])
        let referrersLower = bytes(["huisarts", "jeugdarts", "wijkteam", "school", "ouders", "anders"])
        let histories = bytes(["Nee", "Ja, zelfde problematiek", "Ja, andere problematiek", "Ja, gezinsleden", "Ja, actuele hulpverlening in gezin"])
        let goals = bytes(["Nee", "Deels", "Ja", "Uitval"])
        let aftercares = bytes(["Nee", "Ja, door POH jeugd", "Ja, door (andere) hulpverlener"])
        let locations = bytes(["Thuis", "School", "Wijk", "Gemeente", "Buiten gemeente"])
        let complaints = bytes(["Aandacht / Concentratie/school", "Emotieregulatie", "Slaapproblemen", "Systeemproblemen",
                                "Onzekerheid en zelfvertrouwen", "Opvoedingsproblematiek", "Angst, dwang, stemming", "Eetgedrag",
                                "Lichamelijke klachten", "Sociale interactie", "Trauma of rouwverwerking", "ASS", "Overig"])
        let bands = bytes(["1 contact", "2 tot 5 contacten", "6 tot 10 contacten", "meer dan 10 contacten"])
        let durations = bytes(["< 1 maand", "< 2 maanden", "< 3 maanden", "3 tot 6 maanden", "> 6 maanden"])
        // Free text, never read by pohj; some need CSV quoting, as in Excel exports.
        let complaintNotes = bytes(["zie dossier", "gesprekken over slapen", "piekert veel", "moeite met concentratie in de klas",
                                    "spanning thuis; veel ruzie", "zegt zelf: \"ik ben vaak boos\"", "buikpijn, geen lichamelijke oorzaak",
                                    "weinig contact met leeftijdgenoten", "angst voor toetsen", "zie verwijsbrief", "somber sinds de zomer\nslaapt slecht"])
        let selfHelpGoals = bytes(["beter slapen", "meer rust in huis", "weer naar school gaan", "omgaan met boosheid", "minder piekeren", "zelfvertrouwen vergroten"])
        let referralGoals = bytes(["passende hulp vinden", "hulpvraag verhelderen", "zie verwijzing"])
        let bridgingGoals = bytes(["overbruggen tot start behandeling", "stabiliseren tijdens wachttijd"])
        let outcomeNotes = [bytes(["geen verbetering", "verwezen naar Basis GGZ"]), bytes(["deels behaald; verder bij JGT", "ouders tevreden, kind nog onzeker"]),
                            bytes(["doel behaald", "zie \"afsluitbrief\""]), bytes(["gestopt na 2 gesprekken", "niet meer verschenen"])]

        let standardHeader = headerBytes(["Patiëntnummer", "Praktijk", "Leeftijd", "Geslacht", "Verwijzer", "Datum verwijzing", "Datum eerste consult",
                                          "Klacht/vraag", "Toelichting klacht", "Hulpverleningsgeschiedenis", "Welke interventie is er ingezet?",
                                          "Intensiteit POH inzet", "Duur van de POH inzet", "Locatie hulp", "Doel", "Doelbereik", "Toelichting doelbereik",
                                          "Datum einde zorg", "Nazorg"])
        let ownHeader = headerBytes(["Praktijk", "Patiëntnummer", "Datum eerste consult", "Geslacht", "Leeftijd", "Verwijzer", "Datum verwijzing",
                                     "Klacht/vraag", "Toelichting klacht", "Hulpverleningsgeschiedenis", "Welke interventie is er ingezet?",
                                     "Intensiteit POH inzet", "Duur van de POH inzet", "Doel", "Locatie hulp", "Datum einde zorg", "Doelbereik",
                                     "Toelichting doelbereik", "Nazorg"])

        /// Non-open interventions, per mille of all cases: self-helped 420 (eenmalig 105, kortdurend 315),
        /// referred 370 (preventief 70, JGT 63, B-GGZ 120, S-GGZ midden 77, hoog 24, crisis 16), bridging 100.
        let interventionWeights = Weights([105, 70, 63, 315, 16, 100, 120, 77, 24])
        let genderWeights = Weights([412, 323, 20])
        let ageWeights = Weights([1, 1, 2, 3, 6, 8, 10, 12, 14, 15, 18, 20, 24, 28, 32, 34, 33, 28, 1])
        let referrerWeights = Weights([192, 9, 7, 6, 8, 2])
        /// -1 = not filled in, then the five labels.
        let historyWeights = Weights([330, 212, 123, 34, 41, 15])
        let complaintWeights = Weights([7, 12, 4, 9, 10, 6, 22, 3, 4, 6, 6, 3, 8])
        let ownComplaintWeights = Weights([5, 8, 3, 6, 7, 4, 15, 2, 3, 4, 4, 2, 37])
        let preventiveComplaintWeights = Weights([5, 8, 3, 22, 7, 16, 12, 2, 3, 6, 6, 2, 8])
        // Contacts bands: unknown, 1, 2–5, 6–10, 11+.
        let bggzBands = Weights([3, 60, 33, 4, 0])
        let sggzBands = Weights([3, 15, 62, 15, 5])
        let bridgingBands = Weights([2, 8, 63, 20, 7])
        let otherBands = Weights([5, 50, 42, 3, 0])
        let shortTreatmentBands = Weights([0, 0, 60, 35, 5])
        // Location: empty, then the five labels.
        let selfHelpLocations = Weights([8, 8, 12, 12, 60, 0])
        let bridgingLocations = Weights([15, 5, 0, 10, 70, 0])
        let referralLocations = Weights([10, 0, 5, 10, 40, 35])
        // Goal attained: Nee, Deels, Ja, Uitval.
        let eenmaligGoals = Weights([5, 20, 70, 5])
        let shortTreatmentGoals = Weights([7, 30, 55, 8])
        let bridgingGoalWeights = Weights([15, 50, 20, 15])
        let referralGoalWeights = Weights([25, 40, 25, 10])
        // Aftercare: Nee, by the POH-J, by another provider, not filled in.
        let referralAftercare = Weights([15, 2, 45, 38])
        let bridgingAftercare = Weights([10, 15, 40, 35])
        let shortTreatmentAftercare = Weights([25, 12, 3, 60])
        let eenmaligAftercare = Weights([25, 0, 0, 75])

        static func bytes(_ labels: [String]) -> [[UInt8]] {
            labels.map { s in
                guard s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return Array(s.utf8) }
                return Array(("\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8)
            }
        }
        static func headerBytes(_ names: [String]) -> [UInt8] {
            [0xEF, 0xBB, 0xBF] + Array((names.joined(separator: ";") + "\r\n").utf8)
        }
    }

    private struct Weights: Sendable {
        let cumulative: [Int]
        init(_ w: [Int]) {
            var sum = 0
            cumulative = w.map { sum += $0; return sum }
        }
        func pick(_ rng: inout Rng) -> Int {
            let r = rng.below(cumulative[cumulative.count - 1])
            var i = 0
            while cumulative[i] <= r { i += 1 }
            return i
        }
    }

    /// One row of the monitoring form; -1 = empty.
    private struct Row {
        var number = 0
        var year = 0
        var age = 0
        var gender = 0
        var referrer = 0
        var referral = -1
        var first = 0
        var complaint = 0
        var complaintNote = -1
        var history = -1
        var intervention = -1
        var contacts = 0  // exact; 0 = unknown
        var location = -1
        var goalNote = -1
        var goal = -1
        var outcomeNote = -1
        var end = -1
        var aftercare = -1
    }

    private static let lastDay = ordinal(2024, 12, 31)
    /// Fewer first consults in the summer holidays and around Christmas.
    private static let monthWeights = [100, 105, 110, 95, 90, 95, 60, 55, 105, 110, 110, 85]

    private static func casesFile(_ world: World, _ m: Int) -> [UInt8]? {
        let v = Vocabulary()
        let municipality = world.municipalities[m]
        var rng = Rng(seed: seed ^ (UInt64(m + 1) &* 0x9E37_79B9_7F4A_7C15))
        let rows = municipality.practices.reduce(0) { $0 + world.practices[$1].cases.reduce(0, +) }
        guard rows > 0 else { return nil }
        var out = Out(capacity: 64 + rows * 230)
        out.raw(municipality.ownRegistration ? v.ownHeader : v.standardHeader)
        var register = 0  // own registration: one running number for the whole municipality
        for pi in municipality.practices {
            let practice = world.practices[pi]
            let code = Array(practice.code.utf8)
            for (yi, y) in years.enumerated() where practice.cases[yi] > 0 {
                guard let active = activeRange(practice, y) else { continue }
                var days = (0..<practice.cases[yi]).map { _ in drawDay(active, &rng) }
                days.sort()
                for (i, day) in days.enumerated() {
                    var row = Row()
                    row.year = y
                    register += 1
                    row.number = municipality.ownRegistration ? register : i + 1
                    row.first = day
                    fill(&row, joined: practice.joined ?? day, own: municipality.ownRegistration, v, &rng)
                    if municipality.ownRegistration { writeOwn(row, code, v, &out) } else { writeStandard(row, code, v, &out) }
                }
            }
        }
        return out.bytes
    }

    /// A working day in the range, months weighted; rejection sampling on a precomputed table.
    private static func drawDay(_ range: ClosedRange<Int>, _ rng: inout Rng) -> Int {
        let span = range.upperBound - range.lowerBound + 1
        for _ in 0..<1_000 {
            let d = range.lowerBound + rng.below(span)
            if rng.below(110) < DayTable.shared.weight[d - DayTable.base] { return d }
        }
        return range.lowerBound
    }

    private static func fill(_ c: inout Row, joined: Int, own: Bool, _ v: Vocabulary, _ rng: inout Rng) {
        // Open (no intervention yet): mostly the last months; "unknown" is 11% of all cases.
        let openShare = lastDay - c.first < 120 ? 45 : 7
        if !rng.percent(openShare) { c.intervention = v.interventionWeights.pick(&rng) }
        let t = c.intervention
        let selfHelped = t == 0 || t == 3
        let referral = t == 1 || t == 2 || t == 4 || t >= 6

        // Contacts.
        func exact(_ band: Int) -> Int {
            switch band {
            case 1: return 1
            case 2: return 2 + rng.below(4)
            case 3: return 6 + rng.below(5)
            case 4: return 11 + rng.below(6)
            default: return 0
            }
        }
        switch t {
        case -1:
            let r = rng.below(100)
            c.contacts = r < 60 ? 0 : (r < 80 ? 1 : 2 + rng.below(4))
        case 0: c.contacts = 1
        case 3: c.contacts = exact(v.shortTreatmentBands.pick(&rng))
        case 4, 6: c.contacts = exact(v.bggzBands.pick(&rng))
        case 7, 8: c.contacts = exact(v.sggzBands.pick(&rng))
        case 5: c.contacts = exact(v.bridgingBands.pick(&rng))
        default: c.contacts = exact(v.otherBands.pick(&rng))
        }

        // End of care: follows from the contacts; none while still running on 31-12-2024.
        if t >= 0 {
            var span: Int
            if t == 0 {
                span = 0
            } else {
                switch c.contacts {
                case 1: span = rng.below(15)
                case 2...5: span = 14 + rng.below(77)
                case 6...10: span = 42 + rng.below(139)
                case 0: span = 7 + rng.below(114)
                default: span = 120 + rng.below(181)
                }
                if t == 5 { span += 14 + rng.below(47) }
            }
            let end = max(previousWorkday(c.first + span), c.first)
            if end <= lastDay { c.end = end }
        } else if lastDay - c.first > 150 && rng.percent(40) {
            // Closed without the intervention filled in.
            let end = max(previousWorkday(c.first + 7 + rng.below(114)), c.first)
            if end <= lastDay { c.end = end }
        }

        // The GP's referral date on about half the rows, mostly within the two-week norm.
        if rng.percent(50) {
            let back = rng.percent(80) ? rng.below(15) : 15 + rng.below(21)
            c.referral = max(joined, previousWorkday(c.first - back))
        }

        c.age = v.ageWeights.pick(&rng)
        c.gender = v.genderWeights.pick(&rng)
        c.referrer = v.referrerWeights.pick(&rng)
        c.history = v.historyWeights.pick(&rng) - 1
        c.complaint = (own ? v.ownComplaintWeights : (t == 1 || t == 2 ? v.preventiveComplaintWeights : v.complaintWeights)).pick(&rng)
        if rng.percent(35) { c.complaintNote = rng.below(v.complaintNotes.count) }

        guard t >= 0 else {
            c.location = rng.percent(30) ? 3 : -1
            return
        }
        c.location = (selfHelped ? v.selfHelpLocations : (t == 5 ? v.bridgingLocations : v.referralLocations)).pick(&rng) - 1
        if rng.percent(40) {
            c.goalNote = rng.below(selfHelped ? v.selfHelpGoals.count : (t == 5 ? v.bridgingGoals.count : v.referralGoals.count))
        }
        guard c.end >= 0 else { return }
        switch t {
        case 0: c.goal = v.eenmaligGoals.pick(&rng)
        case 3: c.goal = v.shortTreatmentGoals.pick(&rng)
        case 5: c.goal = v.bridgingGoalWeights.pick(&rng)
        default: c.goal = v.referralGoalWeights.pick(&rng)
        }
        if rng.percent(25) { c.outcomeNote = rng.below(2) }
        if !own {
            let a = (referral ? v.referralAftercare : (t == 5 ? v.bridgingAftercare : (t == 3 ? v.shortTreatmentAftercare : v.eenmaligAftercare))).pick(&rng)
            c.aftercare = a == 3 ? -1 : a
        }
    }

    private static func goalNote(_ c: Row, _ v: Vocabulary) -> [UInt8]? {
        guard c.goalNote >= 0 else { return nil }
        let t = c.intervention
        return t == 0 || t == 3 ? v.selfHelpGoals[c.goalNote] : (t == 5 ? v.bridgingGoals[c.goalNote] : v.referralGoals[c.goalNote])
    }

    private static func durationBand(_ c: Row) -> Int {
        guard c.end >= 0 else { return -1 }
        let days = c.end - c.first
        if days < 31 { return 0 }
        if days < 61 { return 1 }
        if days < 92 { return 2 }
        if days < 183 { return 3 }
        return 4
    }

    private static func band(_ contacts: Int) -> Int {
        switch contacts {
        case 0: return -1
        case 1: return 0
        case 2...5: return 1
        case 6...10: return 2
        default: return 3
        }
    }

    /// The monitoring form's column order, Dutch dates, contacts as bands; case numbers `yyyy-nnnn` per practice.
    private static func writeStandard(_ c: Row, _ code: [UInt8], _ v: Vocabulary, _ out: inout Out) {
        out.int(c.year); out.byte(0x2D); out.pad4(c.number); out.sep()
        out.raw(code); out.sep()
        out.int(c.age); out.sep()
        out.raw(v.genders[c.gender]); out.sep()
        out.raw(v.referrers[c.referrer]); out.sep()
        if c.referral >= 0 { out.date(c.referral, iso: false) }
        out.sep()
        out.date(c.first, iso: false); out.sep()
        out.raw(v.complaints[c.complaint]); out.sep()
        if c.complaintNote >= 0 { out.raw(v.complaintNotes[c.complaintNote]) }
        out.sep()
        if c.history >= 0 { out.raw(v.histories[c.history]) }
        out.sep()
        if c.intervention >= 0 { out.raw(v.interventions[c.intervention]) }
        out.sep()
        let b = band(c.contacts)
        if b >= 0 { out.raw(v.bands[b]) }
        out.sep()
        let d = durationBand(c)
        if d >= 0 { out.raw(v.durations[d]) }
        out.sep()
        if c.location >= 0 { out.raw(v.locations[c.location]) }
        out.sep()
        if let g = goalNote(c, v) { out.raw(g) }
        out.sep()
        if c.goal >= 0 { out.raw(v.goals[c.goal]) }
        out.sep()
        if c.outcomeNote >= 0 { out.raw(v.outcomeNotes[c.goal][c.outcomeNote]) }
        out.sep()
        if c.end >= 0 { out.date(c.end, iso: false) }
        out.sep()
        if c.aftercare >= 0 { out.raw(v.aftercares[c.aftercare]) }
        out.eol()
    }

    /// Own registration (like Katwijk): own column order, ISO dates, exact contacts, labels in its own case, no aftercare.
    private static func writeOwn(_ c: Row, _ code: [UInt8], _ v: Vocabulary, _ out: inout Out) {
        out.raw(code); out.sep()
        out.int(c.number); out.sep()
        out.date(c.first, iso: true); out.sep()
        out.raw(v.gendersUpper[c.gender]); out.sep()
        out.int(c.age); out.sep()
        out.raw(v.referrersLower[c.referrer]); out.sep()
        if c.referral >= 0 { out.date(c.referral, iso: true) }
        out.sep()
        out.raw(v.complaints[c.complaint])
        if c.number % 17 == 0 { out.byte(0x20) }  // hand-typed: a stray trailing space now and then
        out.sep()
        if c.complaintNote >= 0 { out.raw(v.complaintNotes[c.complaintNote]) }
        out.sep()
        if c.history >= 0 { out.raw(v.histories[c.history]) }
        out.sep()
        if c.intervention >= 0 { out.raw(v.interventions[c.intervention]) }
        out.sep()
        if c.contacts > 0 { out.int(c.contacts) }
        out.sep()
        let d = durationBand(c)
        if d >= 0 { out.raw(v.durations[d]) }
        out.sep()
        if let g = goalNote(c, v) { out.raw(g) }
        out.sep()
        if c.location >= 0 { out.raw(v.locations[c.location]) }
        out.sep()
        if c.end >= 0 { out.date(c.end, iso: true) }
        out.sep()
        if c.goal >= 0 { out.raw(v.goals[c.goal]) }
        out.sep()
        if c.outcomeNote >= 0 { out.raw(v.outcomeNotes[c.goal][c.outcomeNote]) }
        out.sep()
        out.eol()
    }

    // MARK: - Bytes

    /// A CSV file as it is written: BOM, `;`, CRLF.
    private struct Out {
        var bytes: [UInt8] = []
        init(capacity: Int = 4_096) { bytes.reserveCapacity(capacity) }

        mutating func header(_ names: [String]) { raw(Vocabulary.headerBytes(names)) }
        mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
        mutating func byte(_ b: UInt8) { bytes.append(b) }
        mutating func sep() { bytes.append(0x3B) }
        mutating func eol() { bytes.append(0x0D); bytes.append(0x0A) }
        mutating func text(_ s: String) {
            if s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                bytes.append(contentsOf: ("\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8)
            } else {
                bytes.append(contentsOf: s.utf8)
            }
        }
        mutating func int(_ n: Int) {
            if n < 0 { bytes.append(0x2D); int(-n); return }
            if n >= 10 { int(n / 10) }
            bytes.append(0x30 + UInt8(n % 10))
        }
        mutating func pad4(_ n: Int) {
            if n < 1000 { bytes.append(0x30) }
            if n < 100 { bytes.append(0x30) }
            if n < 10 { bytes.append(0x30) }
            int(n)
        }
        /// Euro cents as `179200,00`: decimal comma, no thousands separator.
        mutating func money(_ cents: Int) {
            int(cents / 100)
            bytes.append(0x2C)
            bytes.append(0x30 + UInt8(cents % 100 / 10))
            bytes.append(0x30 + UInt8(cents % 10))
        }
        /// `31-12-2024` or `2024-12-31`.
        mutating func date(_ day: Int, iso: Bool) {
            let table = DayTable.shared
            let i = (day - DayTable.base) * 10
            if i >= 0 && i + 10 <= table.dutch.count {
                bytes.append(contentsOf: (iso ? table.iso : table.dutch)[i..<(i + 10)])
            } else {
                let c = civil(day)
                let text = iso ? "\(c.year)-\(pad(c.month, 2))-\(pad(c.day, 2))" : "\(pad(c.day, 2))-\(pad(c.month, 2))-\(c.year)"
                bytes.append(contentsOf: text.utf8)
            }
        }
    }

    /// Dates 2018–2025 formatted once, and each day's weight for first consults (0 at weekends).
    private final class DayTable: Sendable {
        static let base = ordinal(2018, 1, 1)
        static let shared = DayTable()
        let dutch: [UInt8]
        let iso: [UInt8]
        let weight: [Int]
        private init() {
            var dutch: [UInt8] = [], iso: [UInt8] = [], weight: [Int] = []
            for n in DayTable.base...ordinal(2025, 12, 31) {
                let c = civil(n)
                dutch += Array("\(pad(c.day, 2))-\(pad(c.month, 2))-\(c.year)".utf8)
                iso += Array("\(c.year)-\(pad(c.month, 2))-\(pad(c.day, 2))".utf8)
                weight.append(isWorkday(n) ? ScaledSample.monthWeights[c.month - 1] : 0)
            }
            self.dutch = dutch
            self.iso = iso
            self.weight = weight
        }
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private static func roundedDiv(_ a: Int, _ b: Int) -> Int { (2 * a + b) / (2 * b) }  // half up, a ≥ 0, b > 0

    // MARK: - Calendar (days since 1970-01-01)

    // Calendar arithmetic is the model's (`Day`), on day numbers since 1970-01-01.
    private static func ordinal(_ year: Int, _ month: Int, _ day: Int) -> Int { Day.ordinal(year: year, month: month, day: day) }

    private static func civil(_ n: Int) -> (year: Int, month: Int, day: Int) {
        let d = Day(ordinal: n)
        return (d.year, d.month, d.day)
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        month == 12 ? 31 : ordinal(year, month + 1, 1) - ordinal(year, month, 1)
    }

    private static func isWorkday(_ day: Int) -> Bool {
        let weekday = ((day % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
        return weekday != 0 && weekday != 6
    }

    private static func previousWorkday(_ day: Int) -> Int {
        var d = day
        while !isWorkday(d) { d -= 1 }
        return d
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

        /// Uniform in 0..<n (the modulo bias is below 1e-15 for these small ranges).
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
        mutating func percent(_ p: Int) -> Bool { below(100) < p }
    }
}

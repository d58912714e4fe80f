import Foundation
import Testing
@testable import PohjKit

struct CSVTests {
    @Test func excelExportWithBOMSemicolonsCRLFAndQuotedNewlines() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Naam;Bedrag\r\n\"Praktijk \"\"De Linde\"\"; Leiden\";1.234,50\r\n\"twee\r\nregels\";3\r\n;\r\n".utf8)
        let table = try parseCSV(text: decodeText(bytes)!, file: "x.csv")
        #expect(table.delimiter == UInt8(ascii: ";"))
        #expect(table.header == ["Naam", "Bedrag"])
        #expect(table.records.count == 2)
        #expect(table.records[0].fields == ["Praktijk \"De Linde\"; Leiden", "1.234,50"])
        #expect(table.records[1].fields[0] == "twee\r\nregels")
        // The record after a two-line field starts on line 3; the empty row is skipped.
        #expect(table.records.map(\.line) == [2, 3])
    }

    @Test func commaDelimiterAndWindows1252() throws {
        var bytes = Array("Gemeente,Jaar\n".utf8)
        bytes += [0x53, 0xFC, 0x64] + Array(",2020\n".utf8)  // "Süd" in Windows-1252
        let table = try parseCSV(text: decodeText(bytes)!, file: "x.csv")
        #expect(table.delimiter == UInt8(ascii: ","))
        #expect(table.records[0].fields == ["Süd", "2020"])
    }

    @Test func quotesInsideAndAfterFieldsLoneCarriageReturnsAndLastLines() throws {
        // A quote inside an unquoted field is text; text after a closing quote joins the field
        // (as Excel reads it); a lone CR ends a record; a row of spaces and delimiters is padding;
        // a trailing delimiter opens an empty last field even without a final newline.
        let text = "a;b;c\r5 \"inch\";\"x\"y;z\rq;\"\";\n  ; ;\t\nlast;row;"
        let table = try parseCSV(text: text, file: "x.csv")
        #expect(table.records.map(\.fields) == [["5 \"inch\"", "xy", "z"], ["q", "", ""], ["last", "row", ""]])
        #expect(table.records.map(\.line) == [2, 3, 5])
        // Without a final newline and with a non-ASCII space the last row still counts.
        let nbsp = try parseCSV(text: "a,b\n\u{00A0},1", file: "y.csv")
        #expect(nbsp.records.map(\.fields) == [["\u{00A0}", "1"]])
        #expect(try parseCSV(text: "a;b\n\u{00A0};\u{2003}\n1;2", file: "z.csv").records.map(\.line) == [3])
    }

    @Test func largeFilesReadInTwoHalvesGiveTheSameRecords() throws {
        // Quoted line breaks everywhere (also across the middle), then the same with a stray
        // quote in an unquoted field before the middle (the halves cannot be trusted: read again
        // in one go), and with an unclosed quote in the second half (the error names its line).
        var rows = ["nummer;toelichting;datum"]
        for i in 0..<400 { rows.append("\(i);\"regel een\r\nregel \"\"twee\"\"\";01-02-2021") }
        let plain = rows.joined(separator: "\r\n") + "\r\n"
        var stray = rows
        stray[150] = "150;5\" scherm;01-02-2021"
        for text in [plain, stray.joined(separator: "\n") + "\n"] {
            let halves = try parseCSV(text: text, file: "x.csv", twoHalvesFrom: 0)
            let whole = try parseCSV(text: text, file: "x.csv", twoHalvesFrom: .max)
            #expect(halves.records.count == whole.records.count)
            #expect(halves.records.map(\.line) == whole.records.map(\.line))
            #expect(halves.records.map(\.fields) == whole.records.map(\.fields))
        }
        #expect(try parseCSV(text: plain, file: "x.csv", twoHalvesFrom: 0).records.last?.line == 800)
        var open = rows
        open.append("400;\"nooit gesloten;01-02-2021")
        #expect(throws: CSVError.unterminatedQuote(line: 802)) { try parseCSV(text: open.joined(separator: "\n") + "\n", file: "x", twoHalvesFrom: 0) }
    }

    @Test func skippedColumnsAreNeverMadeIntoText() throws {
        // Free text is scanned (its quotes and line breaks still count) but reads as empty; a
        // row with only free text is still a row (it gets its "value missing" errors).
        let text = "\n\nnr;toelichting;datum\n1;\"geheim\nverhaal\";01-02-2021\n;\"alleen tekst\";\n;  ;\n2;kort;03-04-2021"
        let table = try parseCSV(text: text, file: "x.csv", skipColumns: { header in Set(header.indices.filter { header[$0] == "toelichting" }) })
        #expect(table.header == ["nr", "toelichting", "datum"])
        #expect(table.records.map(\.fields) == [["1", "", "01-02-2021"], ["", "", ""], ["2", "", "03-04-2021"]])
        #expect(table.records.map(\.line) == [4, 6, 8])
        let whole = try parseCSV(text: text, file: "x.csv")
        #expect(whole.records.map(\.line) == [4, 6, 8])
        #expect(whole.records[0].fields[1] == "geheim\nverhaal")
        let forms = columnsNeverRead(["Patiëntnummer", "n7b Toelichting klacht", "Doel", "Onbekend", "Datum eerste consult"], Columns.cases)
        #expect(forms == [1, 2, 3])
    }

    @Test func utf8FilesAreReadInPlaceExactlyAsDecodedText() throws {
        // A UTF-8 file is read from its own bytes (no whole-file copy or validation); every cell,
        // line, error and encoding must be what decoding the whole file first gives, for files
        // with and without BOM, broken sequences, NUL bytes and Windows-1252 bytes, whole and in halves.
        var random = SplitMix(seed: 17)
        let alphabet: [[UInt8]] = [[0x3B], [0x3B], [0x2C], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x20], [0x61], [0x61, 0x62],
                                   [0x31], [0xC3, 0xA9], [0xC3], [0xA9], [0xFF], [0x80], [0xE2, 0x82, 0xAC], [0xE2, 0x82], [0xC2, 0xA0], [0x00], [0x09]]
        for round in 0..<3000 {
            var bytes: [UInt8] = round % 3 == 0 ? [0xEF, 0xBB, 0xBF] : []
            bytes += Array("nr;tekst;datum\n".utf8)
            for _ in 0..<Int(random.next() % 60) {
                let piece = alphabet[Int(random.next() % UInt64(alphabet.count))]
                // NUL and lone high bytes only now and then, so most files stay valid UTF-8.
                if (piece == [0x00] || piece == [0xFF] || piece == [0x80] || piece == [0xC3] || piece == [0xA9] || piece == [0xE2, 0x82]) && random.next() % 4 != 0 { continue }
                bytes += piece
            }
            for halves in [Int.max, 0] {
                func viaText() -> Result<CSVTable, CSVError>? {
                    guard let text = decodeText(bytes) else { return nil }
                    return Result { try parseCSV(text: text, file: "x.csv", twoHalvesFrom: halves) }.mapError { $0 as! CSVError }
                }
                func inPlace() -> Result<CSVTable, CSVError>? {
                    guard let source = CSVSource(file: bytes) else { return nil }
                    #expect(source.encoding == encodingName(bytes))
                    return Result { try CSVReader(source, file: "x.csv").table(twoHalvesFrom: halves) }.mapError { $0 as! CSVError }
                }
                switch (viaText(), inPlace()) {
                case (nil, nil): break
                case (.success(let a)?, .success(let b)?):
                    #expect(a.header == b.header && a.delimiter == b.delimiter, "\(bytes)")
                    #expect(a.records.map(\.fields) == b.records.map(\.fields), "\(bytes)")
                    #expect(a.records.map(\.line) == b.records.map(\.line), "\(bytes)")
                case (.failure(let a)?, .failure(let b)?): #expect(a == b, "\(bytes)")
                case (let a, let b): Issue.record("\(bytes): \(String(describing: a)) vs \(String(describing: b))")
                }
            }
        }
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        // Eight bytes at a time up to the first byte that is not plain ASCII: long ASCII runs
        // before and after NUL, broken and whole sequences at every offset.
        var random = SplitMix(seed: 3)
        for _ in 0..<5000 {
            var bytes = [UInt8](repeating: 0x61, count: Int(random.next() % 40))
            for _ in 0..<Int(random.next() % 4) {
                let at = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count + 1))
                let insert: [[UInt8]] = [[0x00], [0xC3, 0xA9], [0xC3], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0x7F]]
                bytes.insert(contentsOf: insert[Int(random.next() % UInt64(insert.count))], at: at)
            }
            let expected = !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
            #expect(isUTF8WithoutNUL(bytes) == expected, "\(bytes)")
        }
    }

    @Test func binaryJunkAndUnclosedQuotesAreRefused() {
        #expect(decodeText([0x00, 0x01, 0xFF, 0x00]) == nil)
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try parseCSV(text: "a;b\n\"open;1\n", file: "x") }
        #expect(throws: CSVError.empty) { try parseCSV(text: "\r\n  \n", file: "x") }
    }
}

struct ValueTests {
    @Test func dutchAndISODates() {
        #expect(DutchValues.date("31-12-2020") == Day(year: 2020, month: 12, day: 31))
        #expect(DutchValues.date("1-2-2021") == Day(year: 2021, month: 2, day: 1))
        #expect(DutchValues.date("2020-12-31") == Day(year: 2020, month: 12, day: 31))
        #expect(DutchValues.date("31/12/2020") == Day(year: 2020, month: 12, day: 31))
        #expect(DutchValues.date("31-02-2020") == nil)
        #expect(DutchValues.date("2020-13-01") == nil)
        #expect(DutchValues.date("morgen") == nil)
    }

    @Test func datesReadByBytesAsByCharacters() {
        // The fast byte reader must accept exactly what the Character reader accepts.
        let inputs = ["31-12-2020", " 1-2-2021\t", "2020-12-31", "31/12/2020", "31.12.2020", "31-02-2020", "2020-13-01",
                      "44197", "19999", "80001", "4419", "", " ", "-", "--", "1--2020", "31-12-20", "2020-1-1-1",
                      "0001-01-2020", "12345678901234567890-1-1", "31-12-2020x", "\u{00A0}31-12-2020", "31 12 2020"]
        for s in inputs {
            #expect(DutchValues.date(s) == DutchValues.dateByCharacters(s), "\(s)")
        }
    }

    @Test func decimalCommasAndThousands() {
        #expect(DutchValues.decimal("81,25") == decimal("81.25"))
        #expect(DutchValues.decimal("1.234,56") == decimal("1234.56"))
        #expect(DutchValues.decimal("€ 100.000") == 100000)
        #expect(DutchValues.decimal("1.236.010,50") == decimal("1236010.50"))
        #expect(DutchValues.decimal("81.25") == decimal("81.25"))
        #expect(DutchValues.decimal("1,234.5") == decimal("1234.5"))
        #expect(DutchValues.decimal("12a") == nil)
    }

    @Test func plainNumbersReadWithoutFoundationAsWithIt() {
        // The fast paths for digits and `1234,56` must give what the full grammar gives.
        let inputs = ["0", "7", "81,25", "1234,50", "000123", "123456789012345678", "1234567890123456789", ",5", "5,", "1,2,3",
                      "", "12a", "-5", "+5", " 12", "12 ", "1.234", "1.234,5", "€ 10", "12,0", "1,000"]
        for s in inputs {
            let fast = DutchValues.decimal(s), full = DutchValues.decimalByCharacters(s)
            #expect(fast == full, "\(s)")
            #expect(fast.map { "\($0)" } == full.map { "\($0)" }, "\(s)")
        }
        #expect(DutchValues.integer("2024") == 2024)
        #expect(DutchValues.integer(" 12 ") == 12)
        #expect(DutchValues.integer("12,0") == 12)
        #expect(DutchValues.integer("-3") == -3)
        #expect(DutchValues.integer("12,5") == nil)
        #expect(DutchValues.integer("1234567890123456789012") == nil)
    }

    @Test func formFieldNumbersComeOffHeaders() {
        // What the regular expression `^n\d+[a-z]? ` removed before.
        for (key, expected) in [("n6 datum eerste consult", "datum eerste consult"), ("n7b klacht/vraag", "klacht/vraag"),
                                ("n12 doelbereik", "doelbereik"), ("naam", "naam"), ("n6datum", "n6datum"), ("n geslacht", "n geslacht"),
                                ("n6bc x", "n6bc x"), ("n6 ", ""), ("nazorg", "nazorg")] {
            #expect(withoutFieldNumber(key) == expected, "\(key)")
            let regex = key.replacingOccurrences(of: #"^n\d+[a-z]? "#, with: "", options: .regularExpression)
            #expect(withoutFieldNumber(key) == regex, "\(key)")
        }
    }

    @Test func formLabelsCodesAndVariants() {
        let interventions = LabelIndex<Intervention>()
        #expect(interventions.code(for: "1 gesprek, geen verdere hulpvraag") == .eenmalig)
        #expect(interventions.code(for: "verwijzing  spec. ggz (midden)") == .verwijzing_sggz_midden)
        #expect(interventions.code(for: "verwijzing_bggz") == .verwijzing_bggz)
        let bands = LabelIndex<ContactsBand>()
        #expect(bands.code(for: "2 tot 5 contacten") == .twoToFive)
        #expect(bands.code(for: "2–5") == .twoToFive)
        #expect(bands.code(for: "2-5") == .twoToFive)
        #expect(bands.code(for: ">10") == .elevenPlus)
        #expect(ContactsBand(contacts: 7) == .sixToTen)
        #expect(LabelIndex<Gender>().code(for: "VROUW") == .v)
        #expect(interventions.suggestion(for: "Overbrugingshulp").contains("overbrugging"))
    }
}

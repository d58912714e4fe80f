import Foundation

/// Overhead compensation for the practices of a scope (regional plan VPG, DOMAIN.md §5): room
/// (€ per POH-J hour × hours per week × working weeks), HIS licence and insurance per year, and
/// a one-off induction; the municipality pays a share that depends on the practice's model.
func deriveOverhead(_ practices: [Practice], parameters p: Parameters, into s: inout IndicatorSet) {
    var yearly = Decimal(0), induction = Decimal(0), shareLow = Decimal(0), shareHigh = Decimal(0)
    var counted = 0
    for practice in practices where practice.joined != nil {
        let room = p.overheadRoomPerHour * practice.hoursPerWeek * p.workingWeeks
        let y = room + p.overheadHIS + p.overheadInsurance
        let i = p.overheadInductionHoursPerMonth * p.overheadInductionMonths * p.overheadInductionRate
        yearly += y
        induction += i
        let share = practice.model.flatMap { p.overheadShare[$0] } ?? (0, 0)
        shareLow += (y + i) * share.low
        shareHigh += (y + i) * share.high
        counted += 1
    }
    guard counted > 0 else {
        for id in ["overhead.yearly_eur", "overhead.induction_eur", "overhead.first_year_eur", "overhead.municipality_eur"] { s.set(id, .notApplicable, .eur) }
        return
    }
    s.set("overhead.yearly_eur", .money(yearly), .eur)
    s.set("overhead.induction_eur", .money(induction), .eur)
    s.set("overhead.first_year_eur", .money(yearly + induction), .eur)
    s.set("overhead.municipality_eur", shareLow == shareHigh ? .money(shareLow) : .moneyRange(low: shareLow, high: shareHigh), .eur)
}

/// What a set of figures is about: the whole region, one municipality, or one practice.
public enum Scope: Sendable, Hashable {
    case region
    case municipality(String)
    case practice(String)

    /// `region`, `municipality`, `practice` (DOMAIN.md §7.2).
    public var type: String {
        switch self {
        case .region: return "region"
        case .municipality: return "municipality"
        case .practice: return "practice"
        }
    }
    /// `region`, the municipality's name as in the data, or the practice id.
    public var id: String {
        switch self {
        case .region: return "region"
        case .municipality(let m): return m
        case .practice(let p): return p
        }
    }
}

import PartitionModel
import PartitionSolvers

/// The gap of every row of a `compare` table, by one rule for every problem.
///
/// When an exact row proved its plan optimal (and the verifier finds it feasible), the gap is
/// (objective − optimum) / optimum. Otherwise, when the exact rows carry a proven lower bound
/// > 0, the gap is at most (objective − bound) / bound, printed "≤ x". With neither, it is
/// "unproven". A time-limited exact row is never its own reference, so it never shows 0.00.
struct ComparisonGap {
    /// A row as the rule sees it.
    struct Row {
        var exact: Bool
        var status: SolveStatus
        var objective: Double?
        var feasible: Bool
        var bound: Double?
    }

    /// The proven optimum, when an exact row has one.
    let optimum: Double?
    /// The best proven lower bound of the exact rows, when no optimum is proven.
    let bound: Double?

    init(_ rows: [Row]) {
        let proven = rows.filter { $0.exact && $0.status == .optimal && $0.feasible }
        optimum = proven.compactMap(\.objective).min()
        let bounds = rows.filter { $0.exact }.compactMap(\.bound).filter { $0.isFinite && $0 > 0 }
        bound = optimum == nil ? bounds.max() : nil
    }

    /// The gap in percent and whether it is exact or an upper bound; nil when unproven.
    func percent(_ objective: Double?) -> (value: Double, upperBound: Bool)? {
        guard let o = objective, o.isFinite else { return nil }
        if let opt = optimum {
            if opt > 0 { return ((o - opt) / opt * 100, false) }
            return o == opt ? (0, false) : nil
        }
        if let b = bound { return (max(0, (o - b) / b * 100), true) }
        return nil
    }

    /// "1.91", "≤ 3.20" or "unproven" ("-" without an objective).
    func text(_ objective: Double?) -> String {
        guard objective != nil else { return "-" }
        guard let g = percent(objective) else { return "unproven" }
        return (g.upperBound ? "≤ " : "") + UnitFormat.fixed(g.value, 2)
    }

    /// `"gap"` (a fraction: 0.05 is 5%, or null) and `"gapKind"` (`"optimum"`, `"upperBound"` or `"unproven"`).
    func json(_ objective: Double?) -> [(key: String, value: JSONValue)] {
        guard let g = percent(objective) else { return [("gap", .null), ("gapKind", .string("unproven"))] }
        return [("gap", .double(g.value / 100)), ("gapKind", .string(g.upperBound ? "upperBound" : "optimum"))]
    }
}

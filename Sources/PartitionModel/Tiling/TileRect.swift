/// A rectangle of a feature map: rows `r0...r1`, columns `c0...c1`, inclusive, 0-based.
public struct TileRect: Sendable, Hashable, CustomStringConvertible {
    /// First row.
    public var r0: Int
    /// Last row (inclusive).
    public var r1: Int
    /// First column.
    public var c0: Int
    /// Last column (inclusive).
    public var c1: Int

    /// The rectangle of `rows` × `columns`.
    public init(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        r0 = rows.lowerBound; r1 = rows.upperBound; c0 = columns.lowerBound; c1 = columns.upperBound
    }

    /// Rows `r0...r1` and columns `c0...c1`, inclusive (empty when r1 < r0 or c1 < c0).
    public init(r0: Int, r1: Int, c0: Int, c1: Int) {
        self.r0 = r0; self.r1 = r1; self.c0 = c0; self.c1 = c1
    }

    /// Rows covered (0 when empty).
    public var height: Int { max(0, r1 - r0 + 1) }
    /// Columns covered (0 when empty).
    public var width: Int { max(0, c1 - c0 + 1) }
    /// Elements covered.
    public var area: Int { height * width }
    /// Whether the rectangle covers nothing.
    public var isEmpty: Bool { height == 0 || width == 0 }
    /// "rows a–b, columns c–d".
    public var description: String { "rows \(r0)–\(r1), columns \(c0)–\(c1)" }

    /// The rectangle with rows and columns swapped.
    public var transposed: TileRect { TileRect(r0: c0, r1: c1, c0: r0, c1: r1) }

    /// The overlap of two rectangles (empty when they are disjoint).
    public func intersection(_ o: TileRect) -> TileRect {
        TileRect(r0: max(r0, o.r0), r1: min(r1, o.r1), c0: max(c0, o.c0), c1: min(c1, o.c1))
    }
}

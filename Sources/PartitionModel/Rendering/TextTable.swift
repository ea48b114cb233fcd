/// A plain-text table with a header row and a rule, cells left-aligned or right-aligned (numbers).
public struct TextTable: Sendable {
    /// The column titles.
    public var header: [String]
    /// The rows, one cell per column.
    public var rows: [[String]] = []
    /// Columns whose cells are right-aligned (numbers).
    public var rightAligned: Set<Int> = []

    /// A table with these titles, right-aligning the given columns.
    public init(header: [String], rows: [[String]] = [], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// The table as lines of text, each ending in a newline.
    ///
    /// - Complexity: O(cells).
    public func render() -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

extension String {
    /// The string without trailing spaces.
    public func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

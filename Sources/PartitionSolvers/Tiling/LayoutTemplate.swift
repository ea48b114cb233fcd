import PartitionModel

/// A family of rectangular layouts of the block output with integer cut positions left free:
/// strips, r × c grids, or a fixed slicing (guillotine) structure.
///
/// Row cuts and column cuts are integer variables; every leaf is the rectangle between two row
/// bounds and two column bounds (a cut variable, 0, or the map's full size). `order` lists the
/// inequalities that keep every leaf's bounds in order. A concrete layout is a value for every cut.
public struct LayoutTemplate: Sendable, CustomStringConvertible {
    /// One side of a leaf: 0, the full size, or a row or column cut variable.
    public enum Bound: Sendable, Hashable {
        case zero
        case full
        case row(Int)
        case column(Int)
    }

    /// A rectangle of the layout, between two row bounds and two column bounds.
    public struct Leaf: Sendable {
        /// Its top, bottom, left and right bounds (bottom and right exclusive).
        public let rowLow: Bound, rowHigh: Bound, columnLow: Bound, columnHigh: Bound
    }

    /// The family's name, such as "strips" or "2 × 2 grid".
    public let name: String
    /// Row cut variables.
    public let rowCuts: Int
    /// Column cut variables.
    public let columnCuts: Int
    /// `a ≤ b` for each pair.
    public let order: [(Bound, Bound)]
    /// One rectangle per device slot.
    public let leaves: [Leaf]

    /// The name.
    public var description: String { name }

    /// `n` horizontal strips (cuts between rows).
    public static func rowStrips(_ n: Int) -> LayoutTemplate {
        let b = (0...n).map { i -> Bound in i == 0 ? .zero : (i == n ? .full : .row(i - 1)) }
        return LayoutTemplate(name: "\(n) row strips", rowCuts: n - 1, columnCuts: 0,
                              order: (0..<n).map { (b[$0], b[$0 + 1]) },
                              leaves: (0..<n).map { Leaf(rowLow: b[$0], rowHigh: b[$0 + 1], columnLow: .zero, columnHigh: .full) })
    }

    /// `n` vertical strips (cuts between columns).
    public static func columnStrips(_ n: Int) -> LayoutTemplate {
        let b = (0...n).map { i -> Bound in i == 0 ? .zero : (i == n ? .full : .column(i - 1)) }
        return LayoutTemplate(name: "\(n) column strips", rowCuts: 0, columnCuts: n - 1,
                              order: (0..<n).map { (b[$0], b[$0 + 1]) },
                              leaves: (0..<n).map { Leaf(rowLow: .zero, rowHigh: .full, columnLow: b[$0], columnHigh: b[$0 + 1]) })
    }

    /// An `r × c` grid: r − 1 row cuts shared by all columns, c − 1 column cuts shared by all rows.
    public static func grid(rows r: Int, columns c: Int) -> LayoutTemplate {
        let rb = (0...r).map { i -> Bound in i == 0 ? .zero : (i == r ? .full : .row(i - 1)) }
        let cb = (0...c).map { j -> Bound in j == 0 ? .zero : (j == c ? .full : .column(j - 1)) }
        var leaves: [Leaf] = []
        for i in 0..<r { for j in 0..<c { leaves.append(Leaf(rowLow: rb[i], rowHigh: rb[i + 1], columnLow: cb[j], columnHigh: cb[j + 1])) } }
        return LayoutTemplate(name: "\(r)×\(c) grid", rowCuts: r - 1, columnCuts: c - 1,
                              order: (0..<r).map { (rb[$0], rb[$0 + 1]) } + (0..<c).map { (cb[$0], cb[$0 + 1]) }, leaves: leaves)
    }

    /// The layout families the exact solver searches for `n` devices: strips both ways and every
    /// r × c = n grid with 2 ≤ r ≤ c.
    public static func standard(devices n: Int) -> [LayoutTemplate] {
        guard n > 1 else { return [rowStrips(1)] }
        var out = [rowStrips(n), columnStrips(n)]
        for r in 2...n where n % r == 0 && r <= n / r { out.append(grid(rows: r, columns: n / r)) }
        return out
    }

    /// A guillotine structure: a binary tree whose inner nodes cut horizontally or vertically.
    public indirect enum Slicing: Sendable {
        case leaf
        /// `horizontal`: the cut runs across the rectangle, splitting rows (top, bottom).
        case cut(horizontal: Bool, first: Slicing, second: Slicing)

        /// The number of leaves.
        public var leafCount: Int {
            switch self {
            case .leaf: return 1
            case let .cut(_, a, b): return a.leafCount + b.leafCount
            }
        }
    }

    /// The template of a slicing structure; leaves are numbered in depth-first order.
    public static func slicing(_ tree: Slicing, name: String) -> LayoutTemplate {
        var rowCuts = 0, columnCuts = 0
        var order: [(Bound, Bound)] = []
        var leaves: [Leaf] = []
        func walk(_ node: Slicing, _ r0: Bound, _ r1: Bound, _ c0: Bound, _ c1: Bound) {
            switch node {
            case .leaf:
                leaves.append(Leaf(rowLow: r0, rowHigh: r1, columnLow: c0, columnHigh: c1))
            case let .cut(horizontal, a, b):
                if horizontal {
                    let m = Bound.row(rowCuts); rowCuts += 1
                    order += [(r0, m), (m, r1)]
                    walk(a, r0, m, c0, c1); walk(b, m, r1, c0, c1)
                } else {
                    let m = Bound.column(columnCuts); columnCuts += 1
                    order += [(c0, m), (m, c1)]
                    walk(a, r0, r1, c0, m); walk(b, r0, r1, m, c1)
                }
            }
        }
        walk(tree, .zero, .full, .zero, .full)
        return LayoutTemplate(name: name, rowCuts: rowCuts, columnCuts: columnCuts, order: order, leaves: leaves)
    }

    /// The same family on the transposed map (rows and columns swapped).
    public func transposed() -> LayoutTemplate {
        func swap(_ b: Bound) -> Bound {
            switch b {
            case .row(let i): return .column(i)
            case .column(let j): return .row(j)
            default: return b
            }
        }
        return LayoutTemplate(name: name + " (transposed)", rowCuts: columnCuts, columnCuts: rowCuts,
                              order: order.map { (swap($0.0), swap($0.1)) },
                              leaves: leaves.map { Leaf(rowLow: swap($0.columnLow), rowHigh: swap($0.columnHigh), columnLow: swap($0.rowLow), columnHigh: swap($0.rowHigh)) })
    }

    /// Every vector of row-cut positions in 0…height that satisfies the order among row bounds,
    /// or nil when there are more than `limit`.
    public func rowCutVectors(height: Int, limit: Int) -> [[Int]]? {
        let rowOrder = order.filter { pair in
            [pair.0, pair.1].allSatisfy { if case .column = $0 { return false } else { return true } }
        }
        var out: [[Int]] = []
        var v = [Int](repeating: 0, count: rowCuts)
        func value(_ b: Bound) -> Int? {
            switch b {
            case .zero: return 0
            case .full: return height
            case .row(let i): return v[i]
            case .column: return nil
            }
        }
        func consistent(upTo i: Int) -> Bool {
            rowOrder.allSatisfy { a, b in
                let known = { (x: Bound) -> Bool in if case .row(let k) = x { return k <= i } else { return true } }
                guard known(a), known(b) else { return true }
                return value(a)! <= value(b)!
            }
        }
        func place(_ i: Int) -> Bool {
            if i == rowCuts {
                out.append(v)
                return out.count <= limit
            }
            for x in 0...height {
                v[i] = x
                if consistent(upTo: i), !place(i + 1) { return false }
            }
            return true
        }
        return place(0) ? out : nil
    }

    /// The rectangles of the leaves for given cut positions (exclusive upper bounds inside).
    public func rectangles(rowCuts rc: [Int], columnCuts cc: [Int], height: Int, width: Int) -> [TileRect] {
        func value(_ b: Bound, _ full: Int) -> Int {
            switch b {
            case .zero: return 0
            case .full: return full
            case .row(let i): return rc[i]
            case .column(let j): return cc[j]
            }
        }
        return leaves.map { l in
            TileRect(r0: value(l.rowLow, height), r1: value(l.rowHigh, height) - 1, c0: value(l.columnLow, width), c1: value(l.columnHigh, width) - 1)
        }
    }
}

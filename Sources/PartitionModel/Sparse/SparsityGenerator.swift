import RealModule

/// A seeded model of a pruned FC layer's sparsity pattern.
public enum SparsityPattern: Sendable, Equatable {
    /// Unstructured magnitude pruning at a target density (fraction of entries kept, in (0, 1]).
    case magnitude(density: Double)
    /// Structured block sparsity, the pattern group-lasso training leaves: `blocks` diagonal
    /// blocks after a random permutation of rows and columns, `noise` the fraction of the
    /// nonzeros that fall outside the blocks.
    case blocks(count: Int, density: Double, noise: Double)

    /// The generator names of instance files and the CLI.
    public static let generatorNames = ["magnitude", "blocks"]

    /// The pattern a generator name stands for (nil for an unknown name); `blocks` and `noise`
    /// apply to the block generator only.
    public init?(generator: String, density: Double, blocks: Int, noise: Double) {
        switch generator {
        case "magnitude": self = .magnitude(density: density)
        case "blocks": self = .blocks(count: blocks, density: density, noise: noise)
        default: return nil
        }
    }

    /// The target fraction of nonzero entries.
    public var density: Double {
        switch self {
        case .magnitude(let d), .blocks(_, let d, _): return d
        }
    }

    /// Why the pattern cannot be generated (nil when it can).
    public var problem: String? {
        switch self {
        case .magnitude(let d):
            return d.isFinite && d > 0 && d <= 1 ? nil : "density must be in (0, 1], found \(d)"
        case .blocks(let b, let d, let noise):
            if b < 1 { return "blocks must be ≥ 1, found \(b)" }
            if !(d.isFinite && d > 0 && d <= 1) { return "density must be in (0, 1], found \(d)" }
            if !(noise.isFinite && noise >= 0 && noise <= 1) { return "noise must be in [0, 1], found \(noise)" }
            return nil
        }
    }
}

/// Seeded generators of sparse FC weight matrices (m outputs × n inputs).
///
/// **Magnitude pruning.** Dense weights are modelled as w_ij = ±s_i·t_j·e_ij with log-normal row
/// and column scales (s, t = Double.exp(0.5·N(0, 1)): some neurons matter more than others) and e_ij
/// ~ Exp(1) (trained weights are heavy-tailed, close to Laplace). Pruning keeps |w_ij| ≥ θ, with
/// θ set by bisection so that the expected density, computed over 256 quantiles of the drawn row
/// scales × 256 of the column scales, equals the target. Entry (i, j) survives with probability Double.exp(−θ/(s_i t_j)); its kept value is
/// ±(θ + s_i t_j·Exp(1)) by memorylessness. Rows are drawn by geometric skipping over columns
/// sorted by scale, with thinning inside chunks of 64, so the work is about the number of kept
/// entries, not m·n. The result has the row and column degree spread that magnitude pruning
/// leaves (Han et al., "Learning both weights and connections", NIPS 2015) and no block structure.
///
/// **Structured blocks.** Rows and columns are shuffled and cut into `count` nearly equal groups;
/// block g is (row group g) × (column group g). A fraction 1 − noise of the expected nonzeros
/// falls inside the blocks (uniform density there), the rest uniformly outside. Values are
/// ±(0.5 + Exp(1)). The planted labels are returned so that tests can score a recovery.
///
/// - Complexity: O(nnz Double.log(nnz/m) + m + n + (m·n)/64) time, O(nnz + m + n) memory.
public enum SparsityGenerator {
    /// A generated matrix and, for block patterns, the planted group of every row and column.
    public struct Generated: Sendable {
        /// The matrix.
        public let matrix: SparseMatrix
        /// The planted block of every row (blocks only).
        public let plantedRows: [Int]?
        /// The planted block of every column (blocks only).
        public let plantedColumns: [Int]?
    }

    /// An `m` × `n` matrix with `pattern`, drawn from `rng` (same seed, same matrix).
    ///
    /// - Complexity: O(m·n) for magnitude pruning, O(nnz + m + n) for blocks.
    public static func generate<G: RandomNumberGenerator>(rows m: Int, columns n: Int, pattern: SparsityPattern,
                                                          using rng: inout G) throws(SparseMatrix.InvalidEntry) -> Generated {
        if let why = pattern.problem { throw SparseMatrix.InvalidEntry(reason: why) }
        guard m >= 1, n >= 1 else { throw SparseMatrix.InvalidEntry(reason: "a generated matrix needs at least one row and one column") }
        switch pattern {
        case .magnitude(let density):
            return Generated(matrix: try magnitude(rows: m, columns: n, density: density, using: &rng), plantedRows: nil, plantedColumns: nil)
        case .blocks(let count, let density, let noise):
            return try blocks(rows: m, columns: n, count: count, density: density, noise: noise, using: &rng)
        }
    }

    static func gaussian<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
        return (-2 * Double.log(u)).squareRoot() * Double.cos(2 * Double.pi * v)
    }

    static func exponential<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
        -Double.log(Double.random(in: Double.ulpOfOne..<1, using: &rng))
    }

    /// Number of failures before the next success of a Bernoulli(p) sequence.
    static func skip<G: RandomNumberGenerator>(_ p: Double, _ rng: inout G) -> Int {
        if p >= 1 { return 0 }
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let g = Double.log(u) / Double.log(onePlus: -p)
        return g >= Double(Int.max / 4) ? Int.max / 4 : Int(g)
    }

    static func magnitude<G: RandomNumberGenerator>(rows m: Int, columns n: Int, density: Double,
                                                    using rng: inout G) throws(SparseMatrix.InvalidEntry) -> SparseMatrix {
        let s = (0..<m).map { _ in Double.exp(0.5 * gaussian(&rng)) }, t = (0..<n).map { _ in Double.exp(0.5 * gaussian(&rng)) }
        // θ by bisection on the expected density over 256 quantiles of the drawn row and column scales.
        func quantiles(_ x: [Double]) -> [Double] {
            let sorted = x.sorted(), q = min(x.count, 256)
            return (0..<q).map { sorted[(2 * $0 + 1) * x.count / (2 * q)] }
        }
        let sampleRows = quantiles(s), sampleCols = quantiles(t)
        func expected(_ theta: Double) -> Double {
            var total = 0.0
            for a in sampleRows { for b in sampleCols { total += Double.exp(-theta / (a * b)) } }
            return total / Double(sampleRows.count * sampleCols.count)
        }
        var lo = 0.0, hi = 1.0
        while expected(hi) > density { hi *= 2 }
        for _ in 0..<60 { let mid = (lo + hi) / 2; if expected(mid) > density { lo = mid } else { hi = mid } }
        let theta = density >= 1 ? 0 : (lo + hi) / 2
        // Columns by decreasing scale: along this order the keep probability decreases.
        let order = (0..<n).sorted { t[$0] > t[$1] }
        let inverseT = order.map { 1 / t[$0] }
        let chunk = 64
        var rowStart = [0], columnIndex: [Int32] = [], values: [Double] = []
        var row: [(Int32, Double)] = []
        for i in 0..<m {
            row.removeAll(keepingCapacity: true)
            let a = theta / s[i]
            var start = 0
            while start < n {
                let end = min(n, start + chunk)
                let pMax = Double.exp(-a * inverseT[start])
                if pMax < 1e-300 { break }
                var pos = start + skip(pMax, &rng)
                while pos < end {
                    let p = Double.exp(-a * inverseT[pos])
                    if Double.random(in: 0..<1, using: &rng) * pMax < p {
                        let j = order[pos]
                        let magnitude = theta + s[i] * t[j] * exponential(&rng)
                        row.append((Int32(j), Bool.random(using: &rng) ? magnitude : -magnitude))
                    }
                    pos += 1 + skip(pMax, &rng)
                }
                start = end
            }
            row.sort { $0.0 < $1.0 }
            for (j, v) in row { columnIndex.append(j); values.append(v) }
            rowStart.append(columnIndex.count)
        }
        return try SparseMatrix(rows: m, columns: n, rowStart: rowStart, columnIndex: columnIndex, values: values)
    }

    static func blocks<G: RandomNumberGenerator>(rows m: Int, columns n: Int, count b: Int, density: Double, noise: Double,
                                                 using rng: inout G) throws(SparseMatrix.InvalidEntry) -> Generated {
        guard b <= min(m, n) else { throw SparseMatrix.InvalidEntry(reason: "\(b) blocks need at least \(b) rows and \(b) columns, the matrix is \(m) × \(n)") }
        let rowPerm = Array(0..<m).shuffled(using: &rng), colPerm = Array(0..<n).shuffled(using: &rng)
        var rowGroup = [Int](repeating: 0, count: m), colGroup = [Int](repeating: 0, count: n)
        for (p, i) in rowPerm.enumerated() { rowGroup[i] = p * b / m }
        for (p, j) in colPerm.enumerated() { colGroup[j] = p * b / n }
        var groupColumns = [[Int]](repeating: [], count: b)
        for j in 0..<n { groupColumns[colGroup[j]].append(j) }
        var groupRows = [Int](repeating: 0, count: b)
        for g in rowGroup { groupRows[g] += 1 }
        let inside = (0..<b).reduce(0.0) { $0 + Double(groupRows[$1]) * Double(groupColumns[$1].count) }
        let outside = Double(m) * Double(n) - inside
        let target = density * Double(m) * Double(n)
        let pIn = min(1, (outside > 0 ? 1 - noise : 1) * target / inside)
        let pOut = outside > 0 ? min(1, noise * target / outside) : 0
        func value(_ rng: inout G) -> Double {
            let v = 0.5 + exponential(&rng)
            return Bool.random(using: &rng) ? v : -v
        }
        var rowStart = [0], columnIndex: [Int32] = [], values: [Double] = []
        var row: [(Int32, Double)] = []
        for i in 0..<m {
            row.removeAll(keepingCapacity: true)
            let cols = groupColumns[rowGroup[i]]
            if pIn > 0 {
                var pos = skip(pIn, &rng)
                while pos < cols.count { row.append((Int32(cols[pos]), value(&rng))); pos += 1 + skip(pIn, &rng) }
            }
            if pOut > 0 {
                // Sample all n columns at pOut and drop those inside the row's block: the off-block
                // columns are then each kept with probability pOut.
                var j = skip(pOut, &rng)
                while j < n {
                    if colGroup[j] != rowGroup[i] { row.append((Int32(j), value(&rng))) }
                    j += 1 + skip(pOut, &rng)
                }
            }
            row.sort { $0.0 < $1.0 }
            for (j, v) in row { columnIndex.append(j); values.append(v) }
            rowStart.append(columnIndex.count)
        }
        let matrix = try SparseMatrix(rows: m, columns: n, rowStart: rowStart, columnIndex: columnIndex, values: values)
        return Generated(matrix: matrix, plantedRows: rowGroup, plantedColumns: colGroup)
    }
}

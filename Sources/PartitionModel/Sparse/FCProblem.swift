/// A P5 problem made concrete: the FC layer's sparse weights and the devices that share it.
public struct FCProblem: Sendable {
    /// Id of the FC layer in the instance's model.
    public let layer: String
    /// W, rows = the layer's outputs, columns = its inputs.
    public let matrix: SparseMatrix
    /// The devices.
    public let cluster: FCCluster
    /// Where the weights came from (for reports).
    public let source: String
    /// The planted group of each row and column when the weights come from the block generator.
    public let plantedRows: [Int]?
    /// The planted group of every column of a generated block matrix.
    public let plantedColumns: [Int]?

    /// A P5 problem: the layer's matrix, the cluster, where the matrix came from, and the planted groups of a generated block matrix.
    public init(layer: String, matrix: SparseMatrix, cluster: FCCluster, source: String, plantedRows: [Int]? = nil, plantedColumns: [Int]? = nil) {
        self.layer = layer
        self.matrix = matrix
        self.cluster = cluster
        self.source = source
        self.plantedRows = plantedRows
        self.plantedColumns = plantedColumns
    }

    /// Builds the problem of an instance: its FC layer (`layer`, else `problem.layer`, else the
    /// first fc layer), its weights (`weights`, else `problem.weights`) and the given devices.
    /// The bytes per value are the layer's output bytes per element (4 for float32).
    ///
    /// - Complexity: that of the generator or of reading the Matrix Market file.
    public static func load(_ instance: Instance, instanceFile: String, layer: String? = nil, weights: WeightSource? = nil,
                            cluster: [ClusterDevice]) throws(InputError) -> FCProblem {
        let l = try resolveLayer(instance, instanceFile: instanceFile, layer: layer)
        return try build(l, instance, instanceFile: instanceFile, weights: weights, cluster: FCCluster(cluster, bytesPerValue: l.bytesPerValue))
    }

    /// The same with the devices already given as a P5 cluster (a plan's own, for `verify`).
    public static func load(_ instance: Instance, instanceFile: String, layer: String? = nil, weights: WeightSource? = nil,
                            cluster: FCCluster) throws(InputError) -> FCProblem {
        try build(resolveLayer(instance, instanceFile: instanceFile, layer: layer), instance, instanceFile: instanceFile, weights: weights, cluster: cluster)
    }

    /// The fc layer to split: its id, W's shape and the bytes per value.
    private static func resolveLayer(_ instance: Instance, instanceFile: String, layer: String?) throws(InputError)
        -> (id: String, rows: Int, columns: Int, bytesPerValue: Double) {
        let g = instance.graph
        let id: String
        if let chosen = layer ?? instance.problem.fcLayer {
            guard let v = g.index[chosen] else {
                throw InputError(file: instanceFile, path: "$.problem.layer", reason: "unknown layer id \"\(chosen)\"")
            }
            guard g.layers[v].op == .fc else {
                throw InputError(file: instanceFile, path: "$.problem.layer", reason: "layer \"\(chosen)\" is a \(g.layers[v].op.rawValue) layer, not fc")
            }
            id = chosen
        } else {
            guard let first = g.topologicalOrder.first(where: { g.layers[$0].op == .fc }) else {
                throw InputError(file: instanceFile, path: "$.model.layers", reason: "the model has no fc layer to split")
            }
            id = g.layers[first].id
        }
        let v = g.index[id]!
        let rows = g.layers[v].shape.reduce(1, *)  // ≤ 2^53: the reader bounds every shape's product
        guard let input = g.predecessors[v].first, g.predecessors[v].count == 1 else {
            throw InputError(file: instanceFile, path: "$.model.layers", reason: "fc layer \"\(id)\" must have exactly one input")
        }
        let columns = g.layers[input].shape.reduce(1, *)
        let bytesPerValue = rows > 0 && g.layers[v].outputBytes > 0 ? g.layers[v].outputBytes / Double(rows) : 4
        return (id, rows, columns, bytesPerValue)
    }

    private static func build(_ l: (id: String, rows: Int, columns: Int, bytesPerValue: Double), _ instance: Instance, instanceFile: String,
                              weights: WeightSource?, cluster fc: FCCluster) throws(InputError) -> FCProblem {
        let (id, rows, columns) = (l.id, l.rows, l.columns)
        if let why = fc.problem { throw InputError(file: instanceFile, path: "$.cluster", reason: why) }
        let side = InputLimits.maxMatrixSide
        guard rows <= side, columns <= side else {
            throw InputError(file: instanceFile, path: "$.model.layers", reason: "fc layer \(id) is \(rows) × \(columns); P5 accepts at most \(side) per side")
        }
        guard let source = weights ?? instance.problem.weights else {
            throw InputError(file: instanceFile, path: "$.problem.weights",
                             reason: "no weights for \(id): give problem.weights (a generator or a .mtx file) or the CLI's --density / --matrix")
        }
        switch source {
        case .file(let path):
            let resolved = path.hasPrefix("/") || instanceFile.hasPrefix("<") ? path : directory(of: instanceFile) + path
            let w = try MatrixMarket.read(file: resolved)
            guard w.rows == rows, w.columns == columns else {
                throw InputError(file: resolved, path: "$", reason: "the matrix is \(w.rows) × \(w.columns), layer \(id) needs \(rows) outputs × \(columns) inputs")
            }
            return FCProblem(layer: id, matrix: w, cluster: fc, source: "file \(path)")
        case .generated(let pattern, let seed):
            let expected = pattern.density * Double(rows) * Double(columns)
            guard expected <= Double(InputLimits.maxGeneratedNonzeros) else {
                throw InputError(file: instanceFile, path: "$.problem.weights.density",
                                 reason: "\(rows) × \(columns) at this density is about \(expected) nonzeros, above the limit \(InputLimits.maxGeneratedNonzeros)")
            }
            var rng = SeededGenerator(seed: seed)
            do {
                let gen = try SparsityGenerator.generate(rows: rows, columns: columns, pattern: pattern, using: &rng)
                return FCProblem(layer: id, matrix: gen.matrix, cluster: fc, source: describe(pattern, seed: seed),
                                 plantedRows: gen.plantedRows, plantedColumns: gen.plantedColumns)
            } catch {
                throw InputError(file: instanceFile, path: "$.problem.weights", reason: error.reason)
            }
        }
    }

    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return String(file[...slash])
    }

    /// A one-line description of a generated pattern.
    public static func describe(_ p: SparsityPattern, seed: UInt64) -> String {
        switch p {
        case .magnitude(let d): return "magnitude pruning, density \(d), seed \(seed)"
        case .blocks(let b, let d, let noise): return "\(b) planted blocks, density \(d), noise \(noise), seed \(seed)"
        }
    }
}

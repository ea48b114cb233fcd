/// A validated DAG of layers with one input layer, indexed for the solvers.
///
/// Layers keep the order of the file. Construction checks that ids are
/// unique, every input names a layer, there is exactly one `input` layer and
/// it reads nothing, there is no cycle, and every layer is reachable from the
/// input. After that, `predecessors`, `successors` and `topologicalOrder` are
/// index-based and cheap.
///
/// - Complexity: construction is O(V + E).
public struct LayerGraph: Sendable {
    /// The layers, in file order; indices are the graph's vertex numbers.
    public let layers: [Layer]
    /// Index of each layer id in ``layers``.
    public let index: [String: Int]
    /// Predecessor indices of each layer (distinct, in the order of `inputs`).
    public let predecessors: [[Int]]
    /// Successor indices of each layer (distinct, ascending).
    public let successors: [[Int]]
    /// Index of the unique input layer.
    public let inputIndex: Int
    /// A topological order: Kahn's algorithm taking the lowest file index first.
    public let topologicalOrder: [Int]

    /// Why a list of layers is not a valid graph. `layer` is the index of the offending layer.
    public enum ValidationError: Error, Sendable, Equatable {
        case empty
        case duplicateID(id: String, layer: Int, first: Int)
        case unknownInput(layer: Int, inputPosition: Int, id: String)
        case selfLoop(layer: Int)
        case noInputLayer
        case multipleInputLayers(first: Int, second: Int)
        case inputLayerHasInputs(layer: Int)
        case noInputs(layer: Int)
        case cycle(ids: [String])
        case unreachable(layer: Int)

        /// A sentence describing the error (the reader adds file and path).
        public var reason: String {
            switch self {
            case .empty: return "the model has no layers"
            case let .duplicateID(id, _, first): return "duplicate layer id \"\(id)\" (first used by layer \(first))"
            case let .unknownInput(_, _, id): return "unknown layer id \"\(id)\""
            case .selfLoop: return "a layer cannot read its own output"
            case .noInputLayer: return "no input layer (one layer must have \"op\": \"input\")"
            case let .multipleInputLayers(first, _): return "a second input layer (layer \(first) is already the input)"
            case .inputLayerHasInputs: return "the input layer must not have inputs"
            case .noInputs: return "layer has no inputs (only the input layer may have none)"
            case let .cycle(ids): return "cycle in the graph: " + (ids + [ids[0]]).joined(separator: " -> ")
            case .unreachable: return "layer is not reachable from the input layer"
            }
        }
    }

    /// Builds and validates the graph.
    public init(layers: [Layer]) throws(ValidationError) {
        guard !layers.isEmpty else { throw .empty }
        var index: [String: Int] = [:]
        index.reserveCapacity(layers.count)
        for (i, layer) in layers.enumerated() {
            if let first = index[layer.id] { throw .duplicateID(id: layer.id, layer: i, first: first) }
            index[layer.id] = i
        }
        var inputIndex: Int?
        var preds = [[Int]](repeating: [], count: layers.count)
        var succs = [[Int]](repeating: [], count: layers.count)
        for (i, layer) in layers.enumerated() {
            if layer.op == .input {
                if let first = inputIndex { throw .multipleInputLayers(first: first, second: i) }
                inputIndex = i
                if !layer.inputs.isEmpty { throw .inputLayerHasInputs(layer: i) }
            } else if layer.inputs.isEmpty {
                throw .noInputs(layer: i)
            }
            for (k, name) in layer.inputs.enumerated() {
                guard let p = index[name] else { throw .unknownInput(layer: i, inputPosition: k, id: name) }
                if p == i { throw .selfLoop(layer: i) }
                if !preds[i].contains(p) {
                    preds[i].append(p)
                    succs[p].append(i)
                }
            }
        }
        guard let input = inputIndex else { throw .noInputLayer }
        for i in succs.indices { succs[i].sort() }

        // Kahn's algorithm with a min-heap on the file index: deterministic order.
        var indegree = preds.map(\.count)
        var heap = MinHeap()
        for i in layers.indices where indegree[i] == 0 { heap.push(i) }
        var order: [Int] = []
        order.reserveCapacity(layers.count)
        while let v = heap.pop() {
            order.append(v)
            for w in succs[v] {
                indegree[w] -= 1
                if indegree[w] == 0 { heap.push(w) }
            }
        }
        if order.count < layers.count {
            throw .cycle(ids: LayerGraph.findCycle(preds: preds, remaining: indegree.map { $0 > 0 }).map { layers[$0].id })
        }
        // Every layer must be reachable from the input (the only layer without inputs).
        var seen = [Bool](repeating: false, count: layers.count)
        var stack = [input]
        seen[input] = true
        while let v = stack.popLast() {
            for w in succs[v] where !seen[w] {
                seen[w] = true
                stack.append(w)
            }
        }
        if let u = seen.firstIndex(of: false) { throw .unreachable(layer: u) }

        self.layers = layers
        self.index = index
        self.predecessors = preds
        self.successors = succs
        self.inputIndex = input
        self.topologicalOrder = order
    }

    /// Walks predecessor links among layers left on a cycle until one repeats.
    private static func findCycle(preds: [[Int]], remaining: [Bool]) -> [Int] {
        guard let start = remaining.firstIndex(of: true) else { return [] }
        var position: [Int: Int] = [:]
        var path: [Int] = []
        var v = start
        while position[v] == nil {
            position[v] = path.count
            path.append(v)
            v = preds[v].first(where: { remaining[$0] })!
        }
        return Array(path[position[v]!...].reversed())
    }

    /// The number of layers.
    public var count: Int { layers.count }
    /// Number of distinct edges.
    public var edgeCount: Int { predecessors.reduce(0) { $0 + $1.count } }
    /// All edges (u, v) as index pairs, grouped by v in file order.
    public var edges: [(from: Int, to: Int)] {
        var out: [(Int, Int)] = []
        for v in layers.indices { for u in predecessors[v] { out.append((u, v)) } }
        return out
    }
    /// Layers with no successors (the network's outputs).
    public var sinks: [Int] { layers.indices.filter { successors[$0].isEmpty } }

    /// Bytes layer `v` works on: its inputs plus its output (its activation working set).
    ///
    /// - Complexity: O(in-degree of v).
    public func workingSetBytes(_ v: Int) -> Double {
        predecessors[v].reduce(layers[v].outputBytes) { $0 + layers[$1].outputBytes }
    }
}

/// A binary min-heap of `Int`, for deterministic topological sorting.
struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ x: Int) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p] <= items[i] { break }
            items.swapAt(p, i)
            i = p
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l] < items[m] { m = l }
                if r < items.count, items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

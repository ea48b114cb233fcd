/// The row geometry of a decoupled network under DeCNN's spatial comparison: every layer split into row strips.
///
/// DeCNN compares its channel-group partition with the spatial partition of P4 applied to the
/// whole network, layer by layer (MoDNN's mode): every device computes a horizontal strip of
/// every feature map, and before each layer with a window taller than one row it fetches the
/// halo rows its strip needs from the devices that own them. This type keeps, for every layer
/// before the classifier, its output height, the bytes of one output row, its FLOPs and weights,
/// and for every input the window that maps its output rows to input rows (P4's back-projection:
/// rows [y₁, y₂] need [max(0, S·y₁ − P), min(H_in − 1, S·y₂ − P + F_eff − 1)]). A global average
/// pool before the classifier is kept apart: each device pools its own rows into a partial sum.
public struct SpatialGeometry: Sendable, Equatable {
    /// The rows of an input a window reads: effective kernel height F_eff = d(F − 1) + 1, stride, padding.
    public struct RowWindow: Sendable, Equatable {
        /// Rows one output row reads: F_eff = d(F − 1) + 1.
        public let extent: Int
        /// Rows between two output rows' windows.
        public let stride: Int
        /// Zero rows added above the map.
        public let padding: Int

        /// A window reading `extent` rows every `stride` rows, after `padding` rows of zeros.
        public init(extent: Int, stride: Int, padding: Int) {
            self.extent = extent
            self.stride = stride
            self.padding = padding
        }

        /// Input rows needed by output rows `first...last` of a map whose input has `inputHeight` rows
        /// (nil when the window reads only padding).
        public func inputRows(_ first: Int, _ last: Int, inputHeight: Int) -> ClosedRange<Int>? {
            let lo = max(0, stride * first - padding), hi = min(inputHeight - 1, stride * last - padding + extent - 1)
            return lo <= hi ? lo...hi : nil
        }
    }

    /// One input of a layer: the layer it reads (an index into ``layers``, or −1 for the network
    /// input) and the window, nil when output row y reads input row y.
    public struct Input: Sendable, Equatable {
        /// The layer read: an index into ``layers``, or −1 for the network input.
        public let source: Int
        /// How output rows map to input rows; nil for row to row.
        public let window: RowWindow?
    }

    /// One layer of the body.
    public struct Layer: Sendable, Equatable {
        /// The layer's id in the graph.
        public let id: String
        /// Rows of the output map.
        public let height: Int
        /// Bytes of one output row (all channels, all columns).
        public let rowBytes: Double
        /// FLOPs of the whole layer (all rows).
        public let flops: Double
        /// Bytes of the layer's weights.
        public let weightBytes: Double
        /// The layer's inputs, in graph order.
        public let inputs: [Input]
    }

    /// The global average pool that turns the last map into a vector.
    public struct GlobalPool: Sendable, Equatable {
        /// The layer's id in the graph.
        public let id: String
        /// FLOPs of the whole layer (all rows).
        public let flops: Double
        /// Bytes of the pooled vector (one partial sum per device is gathered).
        public let outputBytes: Double
    }

    /// Rows of the network input and the bytes of one of its rows.
    public let inputHeight: Int
    /// Bytes of one row of the network input.
    public let inputRowBytes: Double
    /// The layers before the classifier (without the global pool), in topological order.
    public let layers: [Layer]
    /// The global pool before the classifier, if any.
    public let globalPool: GlobalPool?

    /// Layers whose windows overlap (taller than their stride): even with aligned strips each needs
    /// rows of its neighbours' strips (a halo exchange, or the input scatter for the first one).
    public var haloWindows: Int {
        layers.filter { $0.inputs.contains { $0.window.map { $0.extent > $0.stride } ?? false } }.count
    }

    /// Bytes of every layer's weights (each device holds them all under a spatial split).
    public var weightBytes: Double { layers.reduce(0) { $0 + $1.weightBytes } }

    /// Why a network has no row geometry.
    public typealias Unsupported = PartitionError

    /// The geometry of every layer of `graph` that comes before the classifier `head` (a graph index) in topological order.
    ///
    /// - Complexity: O(V + E).
    public init(graph g: LayerGraph, head: Int) throws(Unsupported) {
        let input = g.layers[g.inputIndex]
        guard input.shape.count == 3, input.shape[1] > 0 else { throw Unsupported(reason: "the input \(input.id) is not a C×H×W map") }
        let inputH = input.shape[1]
        var position = [Int: Int]()        // graph index → index into layers (−1 for the input)
        position[g.inputIndex] = -1
        var body: [Layer] = [], pool: GlobalPool?
        func height(_ v: Int) -> Int { position[v] == -1 ? inputH : body[position[v]!].height }
        for v in g.topologicalOrder where v != g.inputIndex {
            if v == head { break }
            let l = g.layers[v]
            if pool != nil || l.shape.count != 3 {
                // After the global pool (or on a flattened vector) only reshapes may follow.
                guard l.flops == 0, l.weightBytes == 0, l.shape.count != 3 || pool == nil else {
                    throw Unsupported(reason: "layer \(l.id) computes on a vector before the classifier \(g.layers[head].id)")
                }
                continue
            }
            let preds = g.predecessors[v]
            guard preds.allSatisfy({ position[$0] != nil }) else {
                throw Unsupported(reason: "layer \(l.id) reads a layer that is not a feature map")
            }
            if (l.op == .avgpool || l.op == .maxpool), l.shape[1] == 1, l.shape[2] == 1, preds.count == 1, height(preds[0]) > 1 {
                guard position[preds[0]] == body.count - 1 else {
                    throw Unsupported(reason: "the global pool \(l.id) does not read the last feature map")
                }
                pool = GlobalPool(id: l.id, flops: l.flops, outputBytes: l.outputBytes)
                continue
            }
            let h = l.shape[1]
            guard h > 0 else { throw Unsupported(reason: "layer \(l.id) has an empty map") }
            var inputs: [Input] = []
            for p in preds {
                if let w = l.window, l.op.hasWindow {
                    inputs.append(Input(source: position[p]!, window: RowWindow(extent: w.dilation.h * (w.kernel.h - 1) + 1, stride: w.stride.h, padding: w.padding.h)))
                } else {
                    guard height(p) == h else {
                        throw Unsupported(reason: "layer \(l.id) changes the map height from \(height(p)) to \(h) without a window")
                    }
                    inputs.append(Input(source: position[p]!, window: nil))
                }
            }
            position[v] = body.count
            body.append(Layer(id: l.id, height: h, rowBytes: l.outputBytes / Double(h), flops: l.flops, weightBytes: l.weightBytes, inputs: inputs))
        }
        guard !body.isEmpty else { throw Unsupported(reason: "no feature map before the classifier") }
        self.inputHeight = inputH
        self.inputRowBytes = input.outputBytes / Double(inputH)
        self.layers = body
        self.globalPool = pool
    }
}

/// A decoupled network seen as FORMULATIONS P6 sees it: segments of grouped layers between channel shuffles.
///
/// Walking the layers in topological order, every layer up to and including the k-th `shuffle`
/// belongs to segment k; the first `fc` layer after the last shuffle is the *head* (the
/// input-based FC split: each device multiplies its own channels into every output), and what
/// follows it is the *tail* (run on the aggregator, device 0). Inside a segment every layer is
/// channel-local once its convolutions are grouped, so a device holding n of the g groups does
/// n/g of the segment's work and holds n/g of its weights and activations. Segment 0 may start
/// with dense layers (the stem): a device then computes the stem channels of its own groups from
/// the broadcast input. A dense convolution after the stem is refused: it would need every
/// channel and the model is not decoupled.
public struct ChannelNetwork: Sendable {
    /// One segment: the layers between two shuffle points.
    public struct Segment: Sendable, Equatable {
        /// The segment's first layer (id).
        public let firstLayer: String
        /// The segment's last layer (id): a shuffle, or the last layer before the head.
        public let lastLayer: String
        /// The number of layers in the segment.
        public let layerCount: Int
        /// FLOPs of the whole segment (all groups).
        public let flops: Double
        /// Bytes of the segment's weights (all groups).
        public let weightBytes: Double
        /// Largest input + output bytes of one layer (all groups): the working set.
        public let peakActivationBytes: Double
        /// Bytes of the segment's output (what the shuffle after it redistributes).
        public let outputBytes: Double
        /// Convolutions with a window larger than 1 (halo exchanges under a spatial split).
        public let spatialWindows: Int
    }

    /// g, the group count of every grouped convolution.
    public let groups: Int
    /// Bytes of the network's input (broadcast to every device that computes segment 0).
    public let inputBytes: Double
    /// The segments in order; there is one more than there are shuffles.
    public let segments: [Segment]
    /// The input-based FC split at the end: its FLOPs, weights and output bytes (one partial-sum
    /// vector per device, added on the aggregator).
    public let headLayer: String
    /// FLOPs of the head.
    public let headFLOPs: Double
    /// Bytes of the head's weights.
    public let headWeightBytes: Double
    /// Bytes of the head's output: one partial-sum vector.
    public let headOutputBytes: Double
    /// Layers after the head, run on the aggregator.
    public let tailFLOPs: Double
    /// Bytes of the weights after the head.
    public let tailWeightBytes: Double

    /// The same network split into row strips (DeCNN's spatial comparison), or nil when a layer
    /// has no row geometry; ``spatialUnavailable`` then says why.
    public let spatial: SpatialGeometry?
    /// Why ``spatial`` is nil, when it is.
    public let spatialUnavailable: String?

    /// The number of all-to-all exchanges (shuffle points).
    public var shufflePoints: Int { segments.count - 1 }

    /// Why a graph is not a decoupled network.
    public typealias NotDecoupled = PartitionError

    /// - Complexity: O(V + E).
    public init(graph g: LayerGraph) throws(NotDecoupled) {
        let groupCounts = Set(g.layers.compactMap { l -> Int? in l.op == .conv ? (l.window?.groups ?? 1) : nil }.filter { $0 > 1 })
        guard let groups = groupCounts.first else { throw NotDecoupled(reason: "no grouped convolution: export the model with --groups G") }
        guard groupCounts.count == 1 else { throw NotDecoupled(reason: "convolutions use different group counts \(groupCounts.sorted())") }
        var segment = 0, seenGrouped = false
        var headIndex: Int?
        var members: [[Int]] = [[]], tail: [Int] = []
        for v in g.topologicalOrder {
            let l = g.layers[v]
            if l.op == .input { continue }
            if headIndex != nil { tail.append(v); continue }
            if l.op == .fc { headIndex = v; continue }
            if l.op == .conv {
                let lg = l.window?.groups ?? 1
                if lg > 1 { seenGrouped = true } else if seenGrouped || segment > 0 {
                    throw NotDecoupled(reason: "layer \(l.id) is a dense convolution after the stem: the model is not decoupled")
                }
            }
            members[segment].append(v)
            if l.op == .shuffle {
                segment += 1
                members.append([])
            }
        }
        guard let head = headIndex else { throw NotDecoupled(reason: "no fc layer after the last segment (the input-based split needs one)") }
        guard !members.last!.isEmpty else { throw NotDecoupled(reason: "a shuffle right before the classifier leaves an empty segment") }
        func bytesIn(_ v: Int) -> Double { g.predecessors[v].reduce(0) { $0 + g.layers[$1].outputBytes } }
        self.groups = groups
        self.inputBytes = g.layers[g.inputIndex].outputBytes
        self.segments = members.map { vs in
            Segment(firstLayer: g.layers[vs.first!].id, lastLayer: g.layers[vs.last!].id, layerCount: vs.count,
                    flops: vs.reduce(0) { $0 + g.layers[$1].flops }, weightBytes: vs.reduce(0) { $0 + g.layers[$1].weightBytes },
                    peakActivationBytes: vs.map { bytesIn($0) + g.layers[$0].outputBytes }.max() ?? 0,
                    outputBytes: g.layers[vs.last!].outputBytes,
                    spatialWindows: vs.filter { g.layers[$0].op == .conv && (g.layers[$0].window.map { $0.kernel.h > 1 || $0.kernel.w > 1 } ?? false) }.count)
        }
        self.headLayer = g.layers[head].id
        self.headFLOPs = g.layers[head].flops
        self.headWeightBytes = g.layers[head].weightBytes
        self.headOutputBytes = g.layers[head].outputBytes
        self.tailFLOPs = tail.reduce(0) { $0 + g.layers[$1].flops }
        self.tailWeightBytes = tail.reduce(0) { $0 + g.layers[$1].weightBytes }
        do {
            self.spatial = try SpatialGeometry(graph: g, head: head)
            self.spatialUnavailable = nil
        } catch {
            self.spatial = nil
            self.spatialUnavailable = error.reason
        }
    }
}

/// The groups of one segment given to one device: groups `first ..< first + count`.
public struct GroupRange: Sendable, Equatable {
    /// The device (an index into the cluster).
    public var device: Int
    /// The first group of the range.
    public var first: Int
    /// The number of groups, at least 1.
    public var count: Int

    /// Groups `first ..< first + count` on device `device`.
    public init(device: Int, first: Int, count: Int) {
        self.device = device
        self.first = first
        self.count = count
    }
}

/// A P6 plan: for every segment, which groups each device computes — or, for DeCNN's spatial
/// comparison, how many rows of every feature map each device computes.
///
/// A spatial plan (``spatialRows`` set, ``segments`` empty) gives `spatialRows[l][d]` output rows
/// of layer l of ``ChannelNetwork/spatial`` to device d; device d's strip is the d-th contiguous
/// run of rows, in device order.
public struct ChannelPlan: Sendable, Equatable {
    /// The ranges of every segment (empty for a spatial plan).
    public var segments: [[GroupRange]]
    /// Rows per device of every spatial layer, for a spatial plan; nil for a group plan.
    public var spatialRows: [[Int]]?

    /// A group plan: `segments[s]` lists the ranges of segment s.
    public init(segments: [[GroupRange]]) {
        self.segments = segments
        self.spatialRows = nil
    }

    /// A spatial plan: `rows[l][d]` output rows of spatial layer l on device d.
    public init(spatialRows rows: [[Int]]) {
        self.segments = []
        self.spatialRows = rows
    }

    /// Whether the plan splits rows (DeCNN's spatial comparison) rather than groups.
    public var isSpatial: Bool { spatialRows != nil }

    /// Contiguous ranges in device order from per-segment group counts (`counts[s][d]`).
    public init(counts: [[Int]]) {
        spatialRows = nil
        segments = counts.map { row in
            var first = 0
            return row.enumerated().compactMap { d, n in
                defer { first += n }
                return n > 0 ? GroupRange(device: d, first: first, count: n) : nil
            }
        }
    }

    /// Groups per device in segment s (devices without a range get 0); empty for a spatial plan.
    public func counts(devices: Int) -> [[Int]] {
        segments.map { ranges in
            var c = [Int](repeating: 0, count: devices)
            for r in ranges where (0..<devices).contains(r.device) { c[r.device] += r.count }
            return c
        }
    }
}

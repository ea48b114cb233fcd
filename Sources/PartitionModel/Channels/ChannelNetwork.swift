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
    /// The segment of every layer of ``spatial`` (empty without row geometry).
    public let spatialSegments: [Int]
    /// Why row strips of one segment are not priced by that segment and the one before it alone,
    /// or nil when they are: a layer split into rows reads only its own segment's layers, the
    /// previous segment's last layer (the shuffle) or, in segment 0, the network input. The exact
    /// solvers search row strips per segment only then.
    public let rowsAcrossSegments: String?

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
        var geometry: SpatialGeometry?
        do {
            geometry = try SpatialGeometry(graph: g, head: head)
            self.spatialUnavailable = nil
        } catch {
            geometry = nil
            self.spatialUnavailable = error.reason
        }
        self.spatial = geometry
        var segmentOf = [String: Int]()
        for (s, vs) in members.enumerated() { for v in vs { segmentOf[g.layers[v].id] = s } }
        let layerSegments = geometry?.layers.map { segmentOf[$0.id] ?? 0 } ?? []
        self.spatialSegments = layerSegments
        self.rowsAcrossSegments = geometry.flatMap { Self.crossing($0, layerSegments, lastLayers: members.map { g.layers[$0.last!].id }) }
    }

    /// The first row-strip input that reaches past the previous segment's last layer, in words.
    private static func crossing(_ geo: SpatialGeometry, _ segment: [Int], lastLayers: [String]) -> String? {
        for (l, layer) in geo.layers.enumerated() {
            for input in layer.inputs {
                let s = segment[l]
                if input.source < 0 {
                    if s > 0 { return "layer \(layer.id) of segment \(s) reads the network input" }
                    continue
                }
                let t = segment[input.source], id = geo.layers[input.source].id
                if t == s || (t == s - 1 && id == lastLayers[t]) { continue }
                return "layer \(layer.id) of segment \(s) reads \(id) of segment \(t)"
            }
        }
        return nil
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

/// How one segment of a mixed P6 plan is split: by channel groups, or into row strips.
public enum SegmentSplit: Sendable, Equatable {
    /// The groups each device computes.
    case groups([GroupRange])
    /// `rows[i][d]`: output rows of the segment's i-th layer of ``ChannelNetwork/spatial`` on device d.
    case rows([[Int]])
}

/// A P6 plan: for every segment, which groups each device computes — or, for DeCNN's spatial
/// comparison, how many rows of every feature map each device computes — or, in a mixed plan,
/// one or the other per segment.
///
/// A spatial plan (``spatialRows`` set, ``segments`` empty) gives `spatialRows[l][d]` output rows
/// of layer l of ``ChannelNetwork/spatial`` to device d; device d's strip is the d-th contiguous
/// run of rows, in device order. A mixed plan (``segmentRows`` not empty) splits segment s into
/// rows when `segmentRows[s]` is set (its layers' rows, in the same form) and by the groups
/// `segments[s]` otherwise.
public struct ChannelPlan: Sendable, Equatable {
    /// The ranges of every segment (empty for a spatial plan; empty ranges for a mixed plan's row segments).
    public var segments: [[GroupRange]]
    /// Rows per device of every spatial layer, for a spatial plan; nil otherwise.
    public var spatialRows: [[Int]]?
    /// A mixed plan's row strips per segment (nil for a segment split by groups); empty otherwise.
    public var segmentRows: [[[Int]]?] = []

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

    /// A plan that chooses per segment; all-groups gives a group plan.
    public init(splits: [SegmentSplit]) {
        spatialRows = nil
        segments = splits.map { if case .groups(let r) = $0 { r } else { [] } }
        let rows = splits.map { (s) -> [[Int]]? in if case .rows(let r) = s { r } else { nil } }
        segmentRows = rows.contains { $0 != nil } ? rows : []
    }

    /// Whether the plan splits rows (DeCNN's spatial comparison) rather than groups.
    public var isSpatial: Bool { spatialRows != nil }
    /// Whether the plan splits some segments by groups and others into rows.
    public var isMixed: Bool { !segmentRows.isEmpty }

    /// Every segment's split: a spatial plan's rows cut at the segments of `net`; nil when the
    /// plan's parts do not fit the network (the verifier says how).
    public func splits(network net: ChannelNetwork) -> [SegmentSplit]? {
        if let rows = spatialRows {
            guard net.spatial != nil, rows.count == net.spatialSegments.count else { return nil }
            return net.segments.indices.map { s in .rows(rows.indices.filter { net.spatialSegments[$0] == s }.map { rows[$0] }) }
        }
        guard segmentRows.isEmpty || segmentRows.count == segments.count else { return nil }
        return segments.indices.map { s in
            if s < segmentRows.count, let r = segmentRows[s] { return .rows(r) }
            return .groups(segments[s])
        }
    }

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

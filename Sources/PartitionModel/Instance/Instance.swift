/// Which partition problem an instance asks for (FORMULATIONS P1–P3).
public enum ProblemKind: String, Sendable, CaseIterable {
    /// P1: minimise the latency of one frame over two tiers (DADS "DSL", Neurosurgeon).
    case latency
    /// P2: minimise the pipeline bottleneck over two tiers (DADS "DSH").
    case throughput
    /// P3: minimise latency over three tiers device → edge → cloud (D3).
    case threeTier = "three-tier"
    /// P4: split the feature maps of a conv block across the devices of a cluster.
    case tiling
    /// P5: split a sparse fully-connected layer's rows and columns across the devices of a cluster.
    case fc
    /// P6: split the channel groups of a decoupled network across the devices of a cluster (DeCNN).
    case channels
    /// P7: cut a network into a pipeline of stages over the devices of a cluster (PipeEdge).
    case pipeline

    /// How many tiers the problem needs (0: the problem uses the cluster, not tiers).
    public var tierCount: Int {
        switch self {
        case .latency, .throughput: return 2
        case .threeTier: return 3
        case .tiling, .fc, .channels, .pipeline: return 0
        }
    }
}

/// Where a P5 instance's sparse weights come from.
public enum WeightSource: Sendable, Equatable {
    /// Generated with a seeded sparsity model (``SparsityGenerator``).
    case generated(SparsityPattern, seed: UInt64)
    /// A Matrix Market file (rows = outputs, columns = inputs); a relative path is resolved
    /// against the instance file's directory.
    case file(String)
}

/// The parameters of the problem an instance poses.
public struct ProblemSpec: Sendable, Equatable {
    /// Which problem of FORMULATIONS to solve.
    public var kind: ProblemKind
    /// Required frame rate in frames/s for mode selection (P2, DADS Algorithm 3).
    public var rate: Double?
    /// Bytes of the final result returned to tier 0 when the sinks run higher up.
    public var resultBytes: Double?
    /// Tiling: the first and last layer ids of the block (nil: the longest tileable run from the first conv).
    public var layers: (from: String, to: String)?
    /// Tiling: execution mode (default fused).
    public var tilingMode: TilingMode?
    /// FC (P5): the id of the fully-connected layer to split (nil: the first fc layer).
    public var fcLayer: String?
    /// FC (P5): where the layer's sparse weights come from (nil: the CLI's options).
    public var weights: WeightSource?
    /// Tiling (P4): how the block runs (nil: the documented default model; CLI flags turn options on).
    public var execution: TilingExecution?
    /// Channels (P6): seconds a device pays per exchange phase it takes part in (nil: 0).
    public var exchangeSeconds: Double?
    /// Channels (P6): the plans the exact solvers search (nil: mixed, groups or row strips per segment).
    public var planSpace: ChannelPlanSpace?
    /// P1 and P3: what to minimise (nil: latency).
    public var objective: TierObjective?
    /// P1–P3: a tier's memory holds the peak working set of its layers besides their weights (nil: weights only).
    public var activationMemory: Bool?
    /// P7: bandwidths[a][b], bytes/s from device a to device b (nil: min of the two devices' links).
    public var bandwidths: [[Double]]?

    /// What to solve: the problem kind and the options that apply to it (frame rate, result bytes, the tiling block and mode).
    public init(kind: ProblemKind, rate: Double? = nil, resultBytes: Double? = nil, layers: (from: String, to: String)? = nil,
                tilingMode: TilingMode? = nil, fcLayer: String? = nil, weights: WeightSource? = nil) {
        self.kind = kind
        self.rate = rate
        self.resultBytes = resultBytes
        self.layers = layers
        self.tilingMode = tilingMode
        self.fcLayer = fcLayer
        self.weights = weights
    }

    public static func == (a: ProblemSpec, b: ProblemSpec) -> Bool {
        a.kind == b.kind && a.rate == b.rate && a.resultBytes == b.resultBytes && a.layers?.from == b.layers?.from &&
            a.layers?.to == b.layers?.to && a.tilingMode == b.tilingMode &&
            a.fcLayer == b.fcLayer && a.weights == b.weights && a.execution == b.execution && a.exchangeSeconds == b.exchangeSeconds
            && a.planSpace == b.planSpace && a.objective == b.objective && a.activationMemory == b.activationMemory && a.bandwidths == b.bandwidths
    }
}

/// A complete problem: the model graph, the tiers and links, and what to optimise.
///
/// Tiers are ordered from the one holding the input (tier 0, the device or
/// edge) to the cloud; `links[k]` joins tier `k` and tier `k + 1`. The cost
/// model is built once at construction.
public struct Instance: Sendable {
    /// The instance's name.
    public var name: String
    /// Free text: where the instance comes from.
    public var description: String
    /// The DNN.
    public let graph: LayerGraph
    /// The tiers, device first (P1–P3).
    public let tiers: [Tier]
    /// links[k] joins tier k to tier k + 1.
    public let links: [NetworkLink]
    /// What to solve and its options.
    public var problem: ProblemSpec
    /// Devices that split feature maps (P4), each with its link to the coordinator.
    public let cluster: [ClusterDevice]
    /// Per-layer compute times on each tier.
    public let cost: CostModel

    /// Builds and checks an instance.
    ///
    /// - Throws: ``InputError`` naming `file` when the tiers and links do not fit together,
    ///   a tier name repeats, a number is out of range, or a tier lacks a time for some layer.
    public init(name: String, description: String = "", graph: LayerGraph, tiers: [Tier], links: [NetworkLink],
                problem: ProblemSpec, cluster: [ClusterDevice] = [], file: String = "<memory>") throws(InputError) {
        guard !tiers.isEmpty || !cluster.isEmpty else {
            throw InputError(file: file, path: "$.tiers", reason: "at least one tier (or, for tiling, a cluster of devices) is needed")
        }
        for (k, d) in cluster.enumerated() {
            if let j = cluster[..<k].firstIndex(where: { $0.name == d.name }) {
                throw InputError(file: file, path: "$.cluster[\(k)].name", reason: "duplicate device name \"\(d.name)\" (also device \(j))")
            }
            for (field, x) in [("bandwidth", d.bandwidth), ("device.flopsPerSecond", d.device.flopsPerSecond)] where !(x.isFinite && x > 0) {
                throw InputError(file: file, path: "$.cluster[\(k)].\(field)", reason: "must be a finite number > 0, found \(x)")
            }
            if !(d.latency.isFinite && d.latency >= 0) {
                throw InputError(file: file, path: "$.cluster[\(k)].latency", reason: "must be a finite time ≥ 0")
            }
        }
        for (k, tier) in tiers.enumerated() {
            if let j = tiers[..<k].firstIndex(where: { $0.name == tier.name }) {
                throw InputError(file: file, path: "$.tiers[\(k)].name", reason: "duplicate tier name \"\(tier.name)\" (also tier \(j))")
            }
            if let d = tier.device {
                let checks: [(String, Double)] = [("flopsPerSecond", d.flopsPerSecond), ("memoryBandwidth", d.memoryBandwidth)]
                for (field, x) in checks where !(x.isFinite && x > 0) {
                    throw InputError(file: file, path: "$.tiers[\(k)].device.\(field)", reason: "must be a finite number > 0, found \(x)")
                }
                for (op, x) in d.flopsPerSecondByOp where !(x.isFinite && x > 0) {
                    throw InputError(file: file, path: "$.tiers[\(k)].device.flopsPerSecondByOp.\(op.rawValue)", reason: "must be a finite number > 0, found \(x)")
                }
                if !(d.layerOverhead.isFinite && d.layerOverhead >= 0) {
                    throw InputError(file: file, path: "$.tiers[\(k)].device.layerOverhead", reason: "must be a finite number ≥ 0")
                }
            }
            for (v, t) in tier.profile where !(t.isFinite && t >= 0) {
                throw InputError(file: file, path: "$.tiers[\(k)].profile.\(graph.layers[v].id)", reason: "must be a finite time ≥ 0, found \(t)")
            }
        }
        guard links.count == max(0, tiers.count - 1) else {
            throw InputError(file: file, path: "$.links",
                             reason: "\(tiers.count) tiers need \(tiers.count - 1) link(s) between consecutive tiers, found \(links.count)")
        }
        for (k, link) in links.enumerated() {
            let checks: [(String, Double, Bool)] = [("bandwidth", link.bandwidth, false), ("downlinkBandwidth", link.downlinkBandwidth, false),
                                                    ("latency", link.latency, true)]
            for (field, x, zeroOK) in checks where !(x.isFinite && (x > 0 || (zeroOK && x == 0))) {
                throw InputError(file: file, path: "$.links[\(k)].\(field)", reason: "must be a finite number \(zeroOK ? "≥" : ">") 0, found \(x)")
            }
        }
        if let r = problem.rate, !(r.isFinite && r > 0) {
            throw InputError(file: file, path: "$.problem.rate", reason: "must be a finite frame rate > 0, found \(r)")
        }
        if let b = problem.resultBytes, !(b.isFinite && b >= 0) {
            throw InputError(file: file, path: "$.problem.resultBytes", reason: "must be a finite byte count ≥ 0, found \(b)")
        }
        do {
            self.cost = try CostModel(graph: graph, tiers: tiers)
        } catch {
            throw InputError(file: file, path: "$.tiers[\(error.tier)].profile", reason: error.reason)
        }
        self.name = name
        self.description = description
        self.graph = graph
        self.tiers = tiers
        self.links = links
        self.problem = problem
        self.cluster = cluster
    }

    /// Index of the tier called `name`.
    public func tierIndex(named name: String) -> Int? { tiers.firstIndex(where: { $0.name == name }) }

    /// The same instance with tier `k` replaced (for what-if and re-partition studies).
    public func replacingTier(_ k: Int, with tier: Tier) throws(InputError) -> Instance {
        var t = tiers
        t[k] = tier
        return try Instance(name: name, description: description, graph: graph, tiers: t, links: links, problem: problem, cluster: cluster)
    }

    /// The same instance with link `k` replaced.
    public func replacingLink(_ k: Int, with link: NetworkLink) throws(InputError) -> Instance {
        var l = links
        l[k] = link
        return try Instance(name: name, description: description, graph: graph, tiers: tiers, links: l, problem: problem, cluster: cluster)
    }

    /// The same instance with another cluster.
    public func replacingCluster(_ c: [ClusterDevice]) throws(InputError) -> Instance {
        try Instance(name: name, description: description, graph: graph, tiers: tiers, links: links, problem: problem, cluster: c)
    }
}

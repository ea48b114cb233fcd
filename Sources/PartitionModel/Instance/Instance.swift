/// Which partition problem an instance asks for (FORMULATIONS P1–P3).
public enum ProblemKind: String, Sendable, CaseIterable {
    /// P1: minimise the latency of one frame over two tiers (DADS "DSL", Neurosurgeon).
    case latency
    /// P2: minimise the pipeline bottleneck over two tiers (DADS "DSH").
    case throughput
    /// P3: minimise latency over three tiers device → edge → cloud (D3).
    case threeTier = "three-tier"

    /// How many tiers the problem needs.
    public var tierCount: Int { self == .threeTier ? 3 : 2 }
}

/// The parameters of the problem an instance poses.
public struct ProblemSpec: Sendable, Equatable {
    public var kind: ProblemKind
    /// Required frame rate in frames/s for mode selection (P2, DADS Algorithm 3).
    public var rate: Double?
    /// Bytes of the final result returned to tier 0 when the sinks run higher up.
    public var resultBytes: Double?

    public init(kind: ProblemKind, rate: Double? = nil, resultBytes: Double? = nil) {
        self.kind = kind
        self.rate = rate
        self.resultBytes = resultBytes
    }
}

/// A complete problem: the model graph, the tiers and links, and what to optimise.
///
/// Tiers are ordered from the one holding the input (tier 0, the device or
/// edge) to the cloud; `links[k]` joins tier `k` and tier `k + 1`. The cost
/// model is built once at construction.
public struct Instance: Sendable {
    public var name: String
    public var description: String
    public let graph: LayerGraph
    public let tiers: [Tier]
    public let links: [NetworkLink]
    public var problem: ProblemSpec
    /// Per-layer compute times on each tier.
    public let cost: CostModel

    /// Builds and checks an instance.
    ///
    /// - Throws: ``InputError`` naming `file` when the tiers and links do not fit together,
    ///   a tier name repeats, a number is out of range, or a tier lacks a time for some layer.
    public init(name: String, description: String = "", graph: LayerGraph, tiers: [Tier], links: [NetworkLink],
                problem: ProblemSpec, file: String = "<memory>") throws(InputError) {
        guard !tiers.isEmpty else { throw InputError(file: file, path: "$.tiers", reason: "at least one tier is needed") }
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
        guard links.count == tiers.count - 1 else {
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
    }

    /// Index of the tier called `name`.
    public func tierIndex(named name: String) -> Int? { tiers.firstIndex(where: { $0.name == name }) }

    /// The same instance with tier `k` replaced (for what-if and re-partition studies).
    public func replacingTier(_ k: Int, with tier: Tier) throws(InputError) -> Instance {
        var t = tiers
        t[k] = tier
        return try Instance(name: name, description: description, graph: graph, tiers: t, links: links, problem: problem)
    }

    /// The same instance with link `k` replaced.
    public func replacingLink(_ k: Int, with link: NetworkLink) throws(InputError) -> Instance {
        var l = links
        l[k] = link
        return try Instance(name: name, description: description, graph: graph, tiers: tiers, links: l, problem: problem)
    }
}

/// One broken constraint of a plan, in the same shape for every problem.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
    /// A short code for the constraint (`closure`, `uncovered`, `memory`, …); the problem's own typed
    /// violation (``TierPlanViolation``, ``TilingViolation``) has the same code as its `kind`.
    public let kind: String
    /// The violation in words: what, where, and by how much.
    public let message: String

    /// A violation of the constraint `kind`, described by `message`.
    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message, for printing.
    public var description: String { message }
}

/// What the verifier says of a plan, in the same shape for every problem.
public struct Verdict<Figures: Sendable>: Sendable {
    /// The problem's objective in seconds (latency, bottleneck, makespan or period), recomputed.
    public let objective: Double
    /// Every broken constraint (empty when the plan is feasible).
    public let violations: [Violation]
    /// The problem's own figures (per-tier times, per-device loads, exchanges, …).
    public let figures: Figures

    /// A verdict: the recomputed objective, the broken constraints and the problem's own figures.
    public init(objective: Double, violations: [Violation], figures: Figures) {
        self.objective = objective
        self.violations = violations
        self.figures = figures
    }

    /// Whether the plan breaks no constraint.
    public var feasible: Bool { violations.isEmpty }
}

/// A partition problem: the data of one instance, the type of its plans, and its verifier.
///
/// The verifier lives here, in the model module, and never calls a solver: it is the judge of
/// every solver's result. Solvers (``PartitionSolvers``) take a problem and return a plan of
/// its `Plan` type.
public protocol PartitionProblem: Sendable {
    /// A plan of this problem.
    associatedtype Plan: Sendable
    /// The figures its verifier reports besides the objective.
    associatedtype Figures: Sendable

    /// Which of P1–P6 this is.
    static var kind: ProblemKind { get }
    /// A name for reports (the instance's).
    var name: String { get }
    /// Checks `plan` and recomputes what it costs, independently of every solver.
    func verify(_ plan: Plan) -> Verdict<Figures>
    /// When each piece of the plan's work runs under the verifier's cost model: its objective
    /// (``Schedule/objective``) is the verdict's.
    func schedule(_ plan: Plan, verdict: Verdict<Figures>) -> Schedule
    /// The seconds the schedule's objective (makespan or period) equals: the verdict's objective,
    /// unless the problem minimises something else (energy), when it is the plan's time.
    func scheduledSeconds(_ verdict: Verdict<Figures>) -> Double
}

extension PartitionProblem {
    /// The verdict's objective: every problem whose objective is a time.
    public func scheduledSeconds(_ verdict: Verdict<Figures>) -> Double { verdict.objective }
}

/// A problem whose plan places every layer on a tier of a chain (P1, P2, P3): one verifier, one
/// instance, and only the objective read from the report differs.
public protocol TierChainProblem: PartitionProblem where Plan == TierAssignment, Figures == TierPlanReport {
    /// The instance.
    var instance: Instance { get }
    /// The problem's objective in the tier verifier's report.
    static func objective(_ report: TierPlanReport) -> Double
}

extension TierChainProblem {
    /// The instance's name.
    public var name: String { instance.name }
    /// The plan's objective, with the tier verifier's figures.
    public func verify(_ plan: TierAssignment) -> Verdict<TierPlanReport> {
        let r = TierPlanVerifier.verify(plan, instance: instance)
        return Verdict(objective: Self.objective(r), violations: r.violations.map(\.violation), figures: r)
    }
    /// The bottleneck for throughput (P2), the frame's latency otherwise, whatever the objective.
    public func scheduledSeconds(_ verdict: Verdict<TierPlanReport>) -> Double {
        Self.kind == .throughput ? verdict.figures.bottleneck : verdict.figures.latency
    }
    /// The pipeline of frames for throughput (P2), one frame otherwise (``TierSchedule``).
    public func schedule(_ plan: TierAssignment, verdict: Verdict<TierPlanReport>) -> Schedule {
        TierSchedule.of(plan, instance: instance, report: verdict.figures, kind: Self.kind)
    }
}

/// P1: the latency of one frame over two tiers (edge and cloud).
public struct LatencyProblem: TierChainProblem {
    /// The instance (two tiers).
    public let instance: Instance
    /// P1 on a two-tier instance.
    public init(_ instance: Instance) { self.instance = instance }
    /// P1.
    public static let kind = ProblemKind.latency
    /// The latency, or the energy or weighted objective the instance names.
    public static func objective(_ report: TierPlanReport) -> Double { report.score }
}

/// P2: the pipeline bottleneck (1 / throughput) over two tiers.
public struct ThroughputProblem: TierChainProblem {
    /// The instance (two tiers).
    public let instance: Instance
    /// P2 on a two-tier instance.
    public init(_ instance: Instance) { self.instance = instance }
    /// P2.
    public static let kind = ProblemKind.throughput
    /// The bottleneck stage.
    public static func objective(_ report: TierPlanReport) -> Double { report.bottleneck }
}

/// P3: the latency of one frame over a chain of tiers (device → edge → cloud).
public struct ThreeTierProblem: TierChainProblem {
    /// The instance (three tiers, or any chain of at least two).
    public let instance: Instance
    /// P3 on a tier-chain instance.
    public init(_ instance: Instance) { self.instance = instance }
    /// P3.
    public static let kind = ProblemKind.threeTier
    /// The latency, or the energy or weighted objective the instance names.
    public static func objective(_ report: TierPlanReport) -> Double { report.score }
}

/// P4: the feature maps of a conv block split across the devices of a cluster.
public struct TilingProblem: PartitionProblem {
    /// The block of conv and pool stages.
    public let block: ConvBlock
    /// The devices.
    public let cluster: [ClusterDevice]
    /// Fused (one partition of the last output) or layer-wise (one per stage).
    public let mode: TilingMode
    /// A name for reports.
    public let name: String
    /// How the block runs: the coordinator, overlap, per-phase and memory costs (default: the documented P4 model).
    public let execution: TilingExecution
    /// Judge plans by the steady-state period with frames pipelined (``TilingReport/period``) instead of the makespan.
    public let period: Bool
    /// P4 for `block` on `cluster` in `mode`, run as `execution` says, by makespan or (with `period`) by period.
    public init(block: ConvBlock, cluster: [ClusterDevice], mode: TilingMode, name: String = "tiling", execution: TilingExecution = TilingExecution(),
                period: Bool = false) {
        self.block = block
        self.cluster = cluster
        self.mode = mode
        self.name = name
        self.execution = execution
        self.period = period
    }
    /// P4.
    public static let kind = ProblemKind.tiling
    /// The plan's makespan (or period), with the per-device loads.
    public func verify(_ plan: TilingPlan) -> Verdict<TilingReport> {
        let r = TilingVerifier.verify(plan, block: block, cluster: cluster, execution: execution)
        return Verdict(objective: period ? r.period : r.makespan, violations: r.violations.map { Violation(kind: $0.kind.rawValue, message: $0.message) },
                       figures: r)
    }
    /// Each device's tiles received, computed and sent, phase by phase (``TilingSchedule``).
    public func schedule(_ plan: TilingPlan, verdict: Verdict<TilingReport>) -> Schedule {
        period ? TilingSchedule.steady(verdict.figures, cluster: cluster) : TilingSchedule.make(verdict.figures, block: block, cluster: cluster, mode: mode)
    }
}

extension FCProblem: PartitionProblem {
    /// P5.
    public static let kind = ProblemKind.fc
    /// The fc layer's id.
    public var name: String { layer }
    /// The plan's makespan (inputs only; apply FGCP to the plan first to judge partial sums), with the
    /// per-device communication and times.
    public func verify(_ plan: FCPartition) -> Verdict<FCReport> {
        let r = FCVerifier.verify(plan, matrix: matrix, cluster: cluster)
        return Verdict(objective: r.makespan, violations: r.violations, figures: r)
    }
    /// Each device receiving, then computing (``FCSchedule``).
    public func schedule(_ plan: FCPartition, verdict: Verdict<FCReport>) -> Schedule {
        FCSchedule.make(verdict.figures, cluster: cluster)
    }
}

/// The plans P6's exact solvers search.
public enum ChannelPlanSpace: String, Sendable, CaseIterable {
    /// Channel groups in every segment (DeCNN's plans).
    case groups
    /// Per segment, channel groups or row strips in one proportion (``ChannelNetwork/spatial``).
    case mixed
}

/// P6: the channel groups of a decoupled network split across the devices of a cluster (DeCNN).
public struct ChannelProblem: PartitionProblem {
    /// The decoupled network.
    public let network: ChannelNetwork
    /// The devices.
    public let cluster: [ClusterDevice]
    /// Judge plans by the steady-state period with compute/communication overlap instead of latency.
    public let overlap: Bool
    /// A name for reports.
    public let name: String
    /// Seconds each device that sends or receives in an exchange phase pays for it (synchronisation), ≥ 0.
    public let exchangeSeconds: Double
    /// The plans the exact solvers search: channel groups only, or groups or row strips per segment.
    public let planSpace: ChannelPlanSpace
    /// P6 for `network` on `cluster`, by latency or (with `overlap`) by period, with a fixed cost per exchange.
    public init(network: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool, name: String = "channels", exchangeSeconds: Double = 0,
                planSpace: ChannelPlanSpace = .mixed) {
        self.network = network
        self.cluster = cluster
        self.overlap = overlap
        self.name = name
        self.exchangeSeconds = exchangeSeconds
        self.planSpace = planSpace
    }
    /// P6.
    public static let kind = ProblemKind.channels
    /// The plan's latency or period, with the phases, exchanges and memory.
    public func verify(_ plan: ChannelPlan) -> Verdict<ChannelReport> {
        let r = ChannelVerifier.verify(plan, network: network, cluster: cluster, overlap: overlap, exchangeSeconds: exchangeSeconds)
        return Verdict(objective: r.objective, violations: r.violations, figures: r)
    }
    /// One sample step by step, or the steady state with overlap (``ChannelSchedule``).
    public func schedule(_ plan: ChannelPlan, verdict: Verdict<ChannelReport>) -> Schedule {
        ChannelSchedule.make(verdict.figures, cluster: cluster)
    }
}

extension TierPlanViolation {
    /// The same violation in the shape shared by every problem.
    public var violation: Violation { Violation(kind: kind.rawValue, message: message) }
}

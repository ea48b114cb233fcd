/// When each piece of a plan's work runs, as the verifier's cost model times it: lanes (a device's
/// compute, a link, an exchange phase) and bars on them, in seconds from the frame's start.
///
/// Built by the verifiers (``TierSchedule``, ``TilingSchedule``, ``ChannelSchedule``), so that the
/// last bar ends at the verifier's objective; drawn by ``GanttSVG``; printed in `--json` as
/// `"schedule"`. Bars on the critical path carry `critical`; what that path is depends on the
/// execution model and is said in ``model``.
public struct Schedule: Sendable {
    /// What a lane stands for.
    public enum LaneKind: String, Sendable {
        /// A device or tier computing.
        case compute
        /// A link (one direction) carrying tensors.
        case link
        /// An exchange phase among devices (tiling, channel groups).
        case exchange
    }

    /// One row of the chart.
    public struct Lane: Sendable, Equatable {
        /// The lane's name: a tier or device, or a link "edge -> cloud".
        public let name: String
        /// What it stands for.
        public let kind: LaneKind
        /// A lane called `name`.
        public init(name: String, kind: LaneKind) {
            self.name = name
            self.kind = kind
        }
    }

    /// One interval of work on one lane.
    public struct Bar: Sendable {
        /// Index into ``Schedule/lanes``.
        public let lane: Int
        /// A layer id, a tensor, a frame or a phase.
        public let label: String
        /// Start, in seconds from the frame's start.
        public let start: Double
        /// End, in seconds (≥ start).
        public let end: Double
        /// Whether the bar lies on the critical path.
        public var critical: Bool
        /// More numbers for a tooltip (bytes, FLOPs), or nil.
        public let detail: String?
        /// A bar on `lane` from `start` to `end` seconds.
        public init(lane: Int, label: String, start: Double, end: Double, critical: Bool = false, detail: String? = nil) {
            self.lane = lane
            self.label = label
            self.start = start
            self.end = end
            self.critical = critical
            self.detail = detail
        }
    }

    /// The execution model in words, and what the critical marks mean.
    public let model: String
    /// The lanes, top to bottom.
    public let lanes: [Lane]
    /// The bars, in start order within each lane.
    public let bars: [Bar]
    /// For a pipelined schedule (several frames), the time between two frames in steady state,
    /// which is then the objective; nil for one frame, whose objective is the makespan.
    public let period: Double?

    /// A schedule of `bars` on `lanes` under the execution model `model`, pipelined with `period` when given.
    public init(model: String, lanes: [Lane], bars: [Bar], period: Double? = nil) {
        self.model = model
        self.lanes = lanes
        self.bars = bars
        self.period = period
    }

    /// What the schedule shows as the plan's objective: the period when pipelined, else the makespan.
    public var objective: Double { period ?? makespan }

    /// An empty schedule (a malformed plan has nothing to time).
    public static func empty(_ model: String) -> Schedule { Schedule(model: model, lanes: [], bars: []) }

    /// Lanes "name" (compute) and "name link" (link) for each name, in order; lane 2i computes, 2i + 1 is i's link.
    public static func deviceLanes(_ names: [String]) -> [Lane] {
        names.flatMap { [Lane(name: $0, kind: .compute), Lane(name: "\($0) link", kind: .link)] }
    }

    /// The end of the last bar, in seconds (0 without bars).
    public var makespan: Double { bars.map(\.end).max() ?? 0 }

    /// `{"model", "makespan", "lanes": [{"name", "kind"}], "bars": [{"lane", "label", "start", "end", "critical", "detail"?}]}`,
    /// seconds; non-finite times become null.
    public func json() -> JSONValue {
        .object([
            ("model", .string(model)),
            ("makespan", .finite(makespan)),
            ("period", .finite(period)),
            ("lanes", .array(lanes.map { .object([("name", .string($0.name)), ("kind", .string($0.kind.rawValue))]) })),
            ("bars", .array(bars.map { b in
                var p: [(key: String, value: JSONValue)] = [("lane", .int(b.lane)), ("label", .string(b.label)),
                                                            ("start", .finite(b.start)), ("end", .finite(b.end)), ("critical", .bool(b.critical))]
                if let d = b.detail { p.append(("detail", .string(d))) }
                return .object(p)
            })),
        ])
    }

    /// Bars placed back to back on one clock: each `(lane, label, seconds, detail)` starts where
    /// the previous one ended (the sequential models: one thing happens at a time).
    static func sequential(_ items: [(lane: Int, label: String, seconds: Double, detail: String?)]) -> [Bar] {
        var t = 0.0
        return items.map { item in
            defer { t += item.seconds }
            return Bar(lane: item.lane, label: item.label, start: t, end: t + item.seconds, detail: item.detail)
        }
    }
}

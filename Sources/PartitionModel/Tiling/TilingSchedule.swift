/// The schedule of a tiling plan (P4), timed as ``TilingVerifier`` costs it.
///
/// Each used device has a compute lane and a link lane. A tile is received (its input region
/// over the device's link), computed, and sent back, one after the other; a device's tiles follow
/// one another. In layer-wise mode every stage is an exchange phase that starts when the slowest
/// device of the previous stage has finished, so the last bar ends at the makespan (the sum of
/// the stages' slowest devices); in fused mode there is one phase and the makespan is the
/// slowest device's total. Critical: the slowest device of each phase.
///
/// - Complexity: O(tiles + devices · stages).
public enum TilingSchedule {
    /// The schedule of the plan behind `report` (empty when the plan was malformed).
    public static func make(_ report: TilingReport, block: ConvBlock, cluster: [ClusterDevice], mode: TilingMode) -> Schedule {
        let model = "\(mode == .fused ? "fused: one phase" : "layer-wise: one exchange phase per stage"); each tile received, computed and sent in turn; critical = the slowest device of each phase"
        guard report.makespan.isFinite else { return .empty(model) }
        let used = Array(Set(report.tiles.map(\.device))).sorted()
        var laneOf: [Int: Int] = [:], lanes: [Schedule.Lane] = []
        for d in used {
            laneOf[d] = lanes.count
            lanes.append(.init(name: cluster[d].name, kind: .compute))
            lanes.append(.init(name: "\(cluster[d].name) link", kind: .link))
        }
        let execution = report.execution
        let sync = lanes.count
        if execution.phaseSeconds > 0 { lanes.append(.init(name: "synchronisation", kind: .exchange)) }
        let phases = mode == .fused ? 1 : block.stages.count
        var bars: [Schedule.Bar] = []
        var phaseStart = 0.0
        for p in 0..<phases {
            let label = mode == .fused ? "block" : block.stages[p].id
            var clock: [Int: Double] = [:], phaseBars: [Int: [Schedule.Bar]] = [:]
            for t in report.tiles where t.partition == p {
                let lane = laneOf[t.device]!, s = clock[t.device] ?? phaseStart
                phaseBars[t.device, default: []] += tileBars(t, lane: lane, label: label, start: s, overlap: execution.overlap)
                clock[t.device] = s + t.seconds(overlap: execution.overlap)
            }
            var end = clock.values.max() ?? phaseStart
            if execution.phaseSeconds > 0, !clock.isEmpty {
                phaseBars[-1] = [.init(lane: sync, label: "sync \(label)", start: end, end: end + execution.phaseSeconds, critical: true)]
                end += execution.phaseSeconds
            }
            if let slowest = clock.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key {
                for i in phaseBars[slowest]!.indices { phaseBars[slowest]![i].critical = true }
            }
            bars += phaseBars.keys.sorted().flatMap { phaseBars[$0]! }
            phaseStart = mode == .fused ? end : phaseStart + report.stageSeconds[p]
        }
        return Schedule(model: model + "; " + execution.description, lanes: lanes, bars: bars)
    }

    /// Three frames in steady state, one every period: each device's compute and link per frame,
    /// the lane whose total is the period critical.
    public static func steady(_ report: TilingReport, cluster: [ClusterDevice], frames: Int = 3) -> Schedule {
        let model = "steady state, frames pipelined: each device computes frame t while its link carries frame t − 1; critical = the lane that sets the period"
        guard report.period.isFinite, report.period > 0, report.linkSeconds.count == cluster.count else { return .empty(model) }
        var bars: [Schedule.Bar] = []
        for f in 0..<frames {
            let start = Double(f) * report.period
            for d in cluster.indices {
                let c = report.devices[d].computeSeconds, l = report.linkSeconds[d]
                if c > 0 { bars.append(.init(lane: 2 * d, label: "frame \(f + 1)", start: start, end: start + c, critical: c == report.period)) }
                if l > 0 { bars.append(.init(lane: 2 * d + 1, label: "frame \(f) transfers", start: start, end: start + l, critical: l == report.period)) }
            }
        }
        return Schedule(model: model, lanes: Schedule.deviceLanes(cluster.map(\.name)), bars: bars, period: report.period)
    }

    /// A tile's bars from `start`: receive, compute and send in turn, or, with overlap, compute
    /// alongside the transfers on the link lane.
    static func tileBars(_ t: TilingReport.TileWork, lane: Int, label: String, start: Double, overlap: Bool) -> [Schedule.Bar] {
        let receive = Schedule.Bar(lane: lane + 1, label: "in \(label)", start: start, end: start + t.receiveSeconds)
        let computeStart = overlap ? start : start + t.receiveSeconds
        let compute = Schedule.Bar(lane: lane, label: label, start: computeStart, end: computeStart + t.computeSeconds)
        let sendStart = overlap ? start + t.receiveSeconds : compute.end
        let send = Schedule.Bar(lane: lane + 1, label: "out \(label)", start: sendStart, end: sendStart + t.sendSeconds)
        return [receive, compute, send]
    }
}

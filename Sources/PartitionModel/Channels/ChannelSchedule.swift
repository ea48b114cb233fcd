/// The schedule of a P6 plan (channel groups or spatial rows), timed as ``ChannelVerifier`` costs it.
///
/// Each device has a compute lane and a link lane. For latency, one sample runs its steps in
/// order (the input broadcast, each compute phase, each shuffle or halo exchange, the head, the
/// gather, the tail); a step starts when the previous one's slowest device has finished, so the
/// last bar ends at the verifier's latency. Critical: the slowest device of each step. With
/// overlap, three samples in steady state: each device computes sample t while its link carries
/// the exchanges of sample t − 1, every `period` seconds; the device lane (compute or link) whose
/// total is the period is critical.
///
/// - Complexity: O(steps · devices).
public enum ChannelSchedule {
    /// The schedule of the plan behind `report` on `cluster` (empty when the plan was malformed).
    public static func make(_ report: ChannelReport, cluster: [ClusterDevice]) -> Schedule {
        report.overlap ? steady(report, cluster: cluster) : sample(report, cluster: cluster)
    }

    /// One sample, step after step.
    static func sample(_ report: ChannelReport, cluster: [ClusterDevice]) -> Schedule {
        let model = "one sample: each phase starts when the previous phase's slowest device has finished; critical = the slowest device of each phase"
        guard report.latency.isFinite, !report.steps.isEmpty else { return .empty(model) }
        var bars: [Schedule.Bar] = []
        var start = 0.0
        for step in report.steps {
            let slowest = step.deviceSeconds.indices.max { step.deviceSeconds[$0] < step.deviceSeconds[$1] }
            for (d, seconds) in step.deviceSeconds.enumerated() where seconds > 0 {
                bars.append(.init(lane: 2 * d + (step.compute ? 0 : 1), label: step.name, start: start, end: start + seconds, critical: d == slowest))
            }
            start += step.seconds
        }
        return Schedule(model: model, lanes: Schedule.deviceLanes(cluster.map(\.name)), bars: bars)
    }

    /// Three samples in steady state, one every period.
    static func steady(_ report: ChannelReport, cluster: [ClusterDevice], samples: Int = 3) -> Schedule {
        let model = "steady state with overlap: each device computes sample t while its link carries sample t − 1's exchanges; critical = the lane that sets the period"
        guard report.period.isFinite, report.period > 0 else { return .empty(model) }
        var bars: [Schedule.Bar] = []
        for f in 0..<samples {
            let start = Double(f) * report.period
            for d in cluster.indices {
                let c = report.computeSeconds[d], l = report.linkSeconds[d]
                if c > 0 { bars.append(.init(lane: 2 * d, label: "sample \(f + 1)", start: start, end: start + c, critical: c == report.period)) }
                if l > 0 { bars.append(.init(lane: 2 * d + 1, label: "sample \(f) exchanges", start: start, end: start + l, critical: l == report.period)) }
            }
        }
        return Schedule(model: model, lanes: Schedule.deviceLanes(cluster.map(\.name)), bars: bars, period: report.period)
    }
}

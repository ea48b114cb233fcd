/// The schedule of a P5 plan, timed as ``FCVerifier`` costs it: each device first receives the
/// values it needs (β·comm_d / b_d on its link lane), then computes its 2·nnz_d FLOPs; the layer
/// ends with the slowest device, which is critical.
///
/// - Complexity: O(devices).
public enum FCSchedule {
    /// The schedule of the plan behind `report` on `cluster` (empty when the plan was malformed).
    public static func make(_ report: FCReport, cluster: FCCluster) -> Schedule {
        let model = "each device receives the inputs and partial sums it needs, then computes; critical = the slowest device"
        guard report.seconds.count == cluster.count, report.makespan.isFinite else { return .empty(model) }
        let slowest = report.seconds.indices.max { report.seconds[$0] < report.seconds[$1] }
        var bars: [Schedule.Bar] = []
        for d in 0..<cluster.count {
            let receive = cluster.bytesPerValue * Double(report.communication[d]) / cluster.bandwidths[d]
            let compute = report.seconds[d] - receive
            if receive > 0 { bars.append(.init(lane: 2 * d + 1, label: "receive", start: 0, end: receive, critical: d == slowest, detail: "\(report.communication[d]) values")) }
            bars.append(.init(lane: 2 * d, label: "compute", start: receive, end: report.seconds[d], critical: d == slowest,
                              detail: "\(report.nonzeros[d]) nonzeros, \(UnitFormat.duration(max(compute, 0)))"))
        }
        return Schedule(model: model, lanes: Schedule.deviceLanes(cluster.names), bars: bars)
    }
}

import PartitionModel

/// DeCNN's comparison point: the same decoupled network split spatially, every layer into row strips ∝ speed.
///
/// The P4 BODP rule applied to every feature map of the network, layer by layer (MoDNN's mode):
/// each layer's output rows go to the devices in proportion to their conv speed (largest
/// remainder, contiguous strips in device order). Every windowed layer then needs halo rows from
/// its neighbours — 16 3×3 convolutions, the 7×7 stem and the 3×3 max-pool of ResNet-50, against
/// 3 shuffles under the channel-group split — and every device holds every weight. It is a
/// heuristic in a different plan space from the group plans: its gap to the group MILP may have
/// either sign.
///
/// - Complexity: O(L·k) to build the plan, O(L·k²) to evaluate it (L layers, k devices).
public enum SpatialSplit {
    /// The solver's name in the CLI, the catalog and results.
    public static let name = "spatial"

    /// Rows ∝ conv speed on every layer, or nil when the network has no row geometry or the cluster no device.
    public static func plan(_ net: ChannelNetwork, cluster: [ClusterDevice]) -> ChannelPlan? {
        guard let geo = net.spatial, net.rowsAcrossSegments == nil, !cluster.isEmpty else { return nil }
        let speeds = cluster.map { $0.device.flopsPerSecond(for: .conv) }
        return ChannelPlan(spatialRows: geo.layers.map { largestRemainder($0.height, weights: speeds) })
    }

    /// The solver-side cost of a spatial plan: every segment's rows priced by ``MixedCost``
    /// (the verifier recomputes it row by row).
    public static func evaluate(_ rows: [[Int]], network net: ChannelNetwork, cluster: [ClusterDevice],
                                exchangeSeconds e: Double = 0) -> (latency: Double, period: Double) {
        guard net.spatial != nil, net.rowsAcrossSegments == nil, !cluster.isEmpty, rows.count == net.spatialSegments.count else { return (.infinity, .infinity) }
        let configs = net.segments.indices.map { s in SegmentConfig.rows(rows.indices.filter { net.spatialSegments[$0] == s }.map { rows[$0] }) }
        return MixedCost(network: net, cluster: cluster, exchangeSeconds: e).evaluate(configs)
    }
}

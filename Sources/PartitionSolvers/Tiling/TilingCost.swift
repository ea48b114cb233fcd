import PartitionModel

/// Solver-side evaluation of tiling plans from the block geometry (the verifier recomputes independently).
public enum TilingCost {
    /// Seconds device `d` needs for one tile of stage output `rect` in a one-stage (layer-wise) step or,
    /// for `fused`, for `rect` of the block output through all stages.
    public static func tileSeconds(_ rect: TileRect, fusedThrough block: ConvBlock, device d: ClusterDevice) -> Double {
        guard !rect.isEmpty else { return 0 }
        let regions = block.fusedRegions(for: rect)
        var t = 0.0
        for (l, s) in block.stages.enumerated() { t += Double(regions[l + 1].area) * s.flopsPerOutputPixel / d.device.flopsPerSecond(for: s.op) }
        let bytes = Double(regions[0].area * block.stages[0].inChannels + rect.area * block.stages.last!.outChannels) * block.bytesPerElement
        return t + bytes / d.bandwidth + 2 * d.latency
    }

    /// The plan's makespan: max over devices of their summed tile times (fused), or the sum over
    /// stages of the slowest device (layer-wise).
    public static func makespan(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice]) -> Double {
        switch plan.mode {
        case .fused:
            var load = [Double](repeating: 0, count: cluster.count)
            for t in plan.partitions[0] { load[t.device] += tileSeconds(t.rect, fusedThrough: block, device: cluster[t.device]) }
            return load.max() ?? 0
        case .layerwise:
            return block.stages.indices.reduce(0.0) { total, l in
                let one = ConvBlock(stages: [block.stages[l]], bytesPerElement: block.bytesPerElement)
                var load = [Double](repeating: 0, count: cluster.count)
                for t in plan.partitions[l] { load[t.device] += tileSeconds(t.rect, fusedThrough: one, device: cluster[t.device]) }
                return total + (load.max() ?? 0)
            }
        }
    }

    /// Whether every device can hold its largest tile's input region, output tile and `weights` bytes.
    public static func fitsMemory(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice], weights: Double) -> Bool {
        for (p, tiles) in plan.partitions.enumerated() {
            let b = plan.mode == .fused ? block : ConvBlock(stages: [block.stages[p]], bytesPerElement: block.bytesPerElement)
            for t in tiles where !t.rect.isEmpty {
                guard let cap = cluster[t.device].device.memoryCapacity else { continue }
                let input = b.fusedRegions(for: t.rect)[0]
                let need = Double(input.area * b.stages[0].inChannels + t.rect.area * b.stages.last!.outChannels) * b.bytesPerElement + weights
                if need > cap { return false }
            }
        }
        return true
    }
}

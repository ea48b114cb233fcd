import PartitionModel

/// Solver-side evaluation of tiling plans from the block geometry (the verifier recomputes independently).
public enum TilingCost {
    /// Seconds device `index` of the cluster needs for one tile of stage output `rect` in a one-stage
    /// (layer-wise) step or, for `fused`, for `rect` of the block output through all stages, under `execution`.
    public static func tileSeconds(_ rect: TileRect, fusedThrough block: ConvBlock, device d: ClusterDevice, index: Int = 1,
                                   execution: TilingExecution = TilingExecution()) -> Double {
        guard !rect.isEmpty else { return 0 }
        let regions = block.fusedRegions(for: rect)
        var t = 0.0
        for (l, s) in block.stages.enumerated() { t += Double(regions[l + 1].area) * s.flopsPerOutputPixel / d.device.flopsPerSecond(for: s.op) }
        let bytes = Double(regions[0].area * block.stages[0].inChannels + rect.area * block.stages.last!.outChannels) * block.bytesPerElement
        return cellSeconds(compute: t, bytes: bytes, weights: block.weightBytes, device: d, index: index, execution: execution)
    }

    /// A tile's seconds from its compute seconds and the bytes it receives and sends: the one rule the
    /// solvers price cells by (the verifier has its own). Device 0 moves nothing when the coordinator
    /// computes; the memory term adds bytes touched / memory bandwidth; overlap takes the larger part.
    public static func cellSeconds(compute: Double, bytes: Double, weights: Double, device d: ClusterDevice, index: Int,
                                   execution: TilingExecution) -> Double {
        let c = compute + (execution.memoryAccess ? (bytes + weights) / d.device.memoryBandwidth : 0)
        let x = execution.coordinatorComputes && index == 0 ? 0 : bytes / d.bandwidth + 2 * d.latency
        return execution.overlap ? max(c, x) : c + x
    }

    /// The plan's makespan: max over devices of their summed tile times (fused), or the sum over
    /// stages of the slowest device (layer-wise), plus the per-phase cost of each phase.
    public static func makespan(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice], execution: TilingExecution = TilingExecution()) -> Double {
        switch plan.mode {
        case .fused:
            var load = [Double](repeating: 0, count: cluster.count)
            for t in plan.partitions[0] {
                load[t.device] += tileSeconds(t.rect, fusedThrough: block, device: cluster[t.device], index: t.device, execution: execution)
            }
            return (load.max() ?? 0) + (plan.partitions[0].contains { !$0.rect.isEmpty } ? execution.phaseSeconds : 0)
        case .layerwise:
            return block.stages.indices.reduce(0.0) { total, l in
                let one = ConvBlock(stages: [block.stages[l]], bytesPerElement: block.bytesPerElement)
                var load = [Double](repeating: 0, count: cluster.count)
                for t in plan.partitions[l] {
                    load[t.device] += tileSeconds(t.rect, fusedThrough: one, device: cluster[t.device], index: t.device, execution: execution)
                }
                return total + (load.max() ?? 0) + (plan.partitions[l].isEmpty ? 0 : execution.phaseSeconds)
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

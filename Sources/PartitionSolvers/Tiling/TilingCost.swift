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
        let (c, x) = cellParts(compute: compute, bytes: bytes, weights: weights, device: d, index: index, execution: execution)
        return execution.overlap ? max(c, x) : c + x
    }

    /// A tile's compute seconds (with the memory term) and transfer seconds (none for the computing coordinator).
    static func cellParts(compute: Double, bytes: Double, weights: Double, device d: ClusterDevice, index: Int,
                          execution: TilingExecution) -> (compute: Double, transfer: Double) {
        let c = compute + (execution.memoryAccess ? (bytes + weights) / d.device.memoryBandwidth : 0)
        let x = execution.coordinatorComputes && index == 0 ? 0 : bytes / d.bandwidth + 2 * d.latency
        return (c, x)
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
        case .layerwise where execution.peerToPeer:
            return peerToPeerMakespan(plan, block: block, cluster: cluster, execution: execution)
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

    /// Layer-wise makespan with peer-to-peer halos: per stage and device, compute plus the bytes
    /// it receives from the devices that computed its input (the coordinator for the first stage)
    /// and sends to others (its output to the coordinator after the last stage), each message
    /// costing the device's delay; the stage lasts as long as its slowest device.
    static func peerToPeerMakespan(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice], execution: TilingExecution) -> Double {
        var total = 0.0
        for l in block.stages.indices {
            let (compute, bytes, messages) = peerStage(plan, block: block, stage: l, cluster: cluster, execution: execution)
            let times = cluster.indices.map { d -> Double in
                let x = bytes[d] / cluster[d].bandwidth + cluster[d].latency * messages[d]
                return execution.overlap ? max(compute[d], x) : compute[d] + x
            }
            total += (times.max() ?? 0) + (plan.partitions[l].isEmpty ? 0 : execution.phaseSeconds)
        }
        return total
    }

    /// One layer-wise stage under peer-to-peer halos: per device, compute seconds, bytes in and out, messages.
    static func peerStage(_ plan: TilingPlan, block: ConvBlock, stage l: Int, cluster: [ClusterDevice], execution: TilingExecution)
        -> (compute: [Double], bytes: [Double], messages: [Double]) {
            let s = block.stages[l]
            let one = ConvBlock(stages: [s], bytesPerElement: block.bytesPerElement)
            var compute = [Double](repeating: 0, count: cluster.count), bytes = compute, messages = compute
            for t in plan.partitions[l] where !t.rect.isEmpty {
                let input = one.fusedRegions(for: t.rect)[0]
                let d = t.device
                compute[d] += Double(t.rect.area) * s.flopsPerOutputPixel / cluster[d].device.flopsPerSecond(for: s.op)
                if execution.memoryAccess {
                    compute[d] += (Double(input.area * s.inChannels + t.rect.area * s.outChannels) * block.bytesPerElement + s.weightBytes)
                        / cluster[d].device.memoryBandwidth
                }
                let local = execution.coordinatorComputes && d == 0
                if l > 0 {
                    for u in plan.partitions[l - 1] where u.device != d && !u.rect.isEmpty {
                        let part = input.intersection(u.rect)
                        guard !part.isEmpty else { continue }
                        let b = Double(part.area * s.inChannels) * block.bytesPerElement
                        (bytes[d], messages[d], bytes[u.device], messages[u.device]) = (bytes[d] + b, messages[d] + 1, bytes[u.device] + b, messages[u.device] + 1)
                    }
                } else if !local {
                    (bytes[d], messages[d]) = (bytes[d] + Double(input.area * s.inChannels) * block.bytesPerElement, messages[d] + 1)
                }
                if l == block.stages.count - 1 && !local {
                    (bytes[d], messages[d]) = (bytes[d] + Double(t.rect.area * s.outChannels) * block.bytesPerElement, messages[d] + 1)
                }
            }
            return (compute, bytes, messages)
    }

    /// A grid cell's contribution to the period (one cell per device): the larger of its compute
    /// and its transfers plus the per-phase cost.
    public static func cellPeriod(compute: Double, bytes: Double, weights: Double, device d: ClusterDevice, index: Int,
                                  execution: TilingExecution) -> Double {
        let (c, x) = cellParts(compute: compute, bytes: bytes, weights: weights, device: d, index: index, execution: execution)
        return max(c, x + execution.phaseSeconds)
    }

    /// The steady-state period with frames pipelined: max over devices of max(compute per frame,
    /// link time per frame); the link time counts every transfer and the per-phase cost once per
    /// phase the device takes part in.
    public static func period(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice], execution: TilingExecution = TilingExecution()) -> Double {
        let (compute, link) = deviceTotals(plan, block: block, cluster: cluster, execution: execution)
        return cluster.indices.map { max(compute[$0], link[$0]) }.max() ?? 0
    }

    /// Per device, compute seconds and link seconds per frame.
    static func deviceTotals(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice], execution: TilingExecution) -> (compute: [Double], link: [Double]) {
        var compute = [Double](repeating: 0, count: cluster.count), link = compute
        var phases = [Set<Int>](repeating: [], count: cluster.count)
        for (p, tiles) in plan.partitions.enumerated() {
            let b = plan.mode == .fused ? block : ConvBlock(stages: [block.stages[p]], bytesPerElement: block.bytesPerElement)
            for t in tiles where !t.rect.isEmpty {
                let regions = b.fusedRegions(for: t.rect), d = cluster[t.device]
                var c = 0.0
                for (l, s) in b.stages.enumerated() { c += Double(regions[l + 1].area) * s.flopsPerOutputPixel / d.device.flopsPerSecond(for: s.op) }
                let bytes = Double(regions[0].area * b.stages[0].inChannels + t.rect.area * b.stages.last!.outChannels) * b.bytesPerElement
                let parts = cellParts(compute: c, bytes: bytes, weights: b.weightBytes, device: d, index: t.device, execution: execution)
                compute[t.device] += parts.compute
                // Peer-to-peer halos are counted stage by stage below.
                if !(plan.mode == .layerwise && execution.peerToPeer) { link[t.device] += parts.transfer }
                phases[t.device].insert(p)
            }
        }
        if plan.mode == .layerwise && execution.peerToPeer {
            let halos = peerToPeerLinks(plan, block: block, cluster: cluster, execution: execution)
            for d in cluster.indices { link[d] += halos[d] }
        }
        for d in cluster.indices { link[d] += Double(phases[d].count) * execution.phaseSeconds }
        return (compute, link)
    }

    /// Per device, link seconds of the peer-to-peer halos over all stages (as ``peerToPeerMakespan`` counts them).
    static func peerToPeerLinks(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice], execution: TilingExecution) -> [Double] {
        var link = [Double](repeating: 0, count: cluster.count)
        for l in block.stages.indices {
            let (_, bytes, messages) = peerStage(plan, block: block, stage: l, cluster: cluster, execution: execution)
            for d in cluster.indices { link[d] += bytes[d] / cluster[d].bandwidth + cluster[d].latency * messages[d] }
        }
        return link
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

import PartitionModel

/// The exact best strip layout (any device order, idle devices allowed, memory caps) by dynamic programming.
///
/// best(p, U) is the least makespan that covers output rows p…H − 1 with devices outside U:
/// best(H, U) = 0 and best(p, U) = min over d ∉ U and p < e ≤ H of max(cost_d(p, e), best(e, U ∪ {d})),
/// where cost_d(p, e) is the exact fused time of strip rows p…e − 1 on device d (∞ when it breaks
/// d's memory cap). A strip's cost grows with e, so the scan over e stops once it exceeds the best
/// found. Columns are handled by transposing the block.
///
/// - Complexity: O(N·H²·L) to price every strip, O(H²·2^N·N) for the recursion (far less with the
///   early stop); memory O(H·2^N).
public enum StripDP {
    /// The best strip layout's makespan and its tiles.
    public struct Result: Sendable {
        /// The makespan, seconds.
        public let makespan: Double
        /// The strips and their devices.
        public let tiles: [DeviceTile]
    }

    /// The best strips along rows (`alongRows`) or columns; nil when no strip layout fits the memory caps.
    public static func solve(block: ConvBlock, cluster: [ClusterDevice], weights: Double, alongRows: Bool) -> Result? {
        let b = alongRows ? block : block.transposed()
        let n = cluster.count, H = b.outputHeight, W = b.outputWidth
        guard n <= 16 else { return nil }
        // cost[d][p * (H + 1) + e]
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: (H + 1) * (H + 1)), count: n)
        for d in 0..<n {
            for p in 0..<H {
                for e in (p + 1)...H {
                    let rect = TileRect(r0: p, r1: e - 1, c0: 0, c1: W - 1)
                    if let cap = cluster[d].device.memoryCapacity {
                        let input = b.fusedRegions(for: rect)[0]
                        let need = Double(input.area * b.stages[0].inChannels + rect.area * b.stages.last!.outChannels) * b.bytesPerElement + weights
                        if need > cap { break }  // a longer strip needs even more
                    }
                    cost[d][p * (H + 1) + e] = TilingCost.tileSeconds(rect, fusedThrough: b, device: cluster[d])
                }
            }
        }
        let masks = 1 << n
        var best = [Double](repeating: .infinity, count: (H + 1) * masks)
        var choice = [Int32](repeating: -1, count: (H + 1) * masks)  // d * (H + 1) + e
        for u in 0..<masks { best[H * masks + u] = 0 }
        for p in stride(from: H - 1, through: 0, by: -1) {
            for u in 0..<masks {
                var value = Double.infinity, pick: Int32 = -1
                for d in 0..<n where u & (1 << d) == 0 {
                    let row = p * (H + 1)
                    for e in (p + 1)...H {
                        let c = cost[d][row + e]
                        if c >= value { break }  // costs only grow with e
                        let v = max(c, best[e * masks + (u | 1 << d)])
                        if v < value {
                            value = v
                            pick = Int32(d * (H + 1) + e)
                        }
                    }
                }
                best[p * masks + u] = value
                choice[p * masks + u] = pick
            }
        }
        guard best[0].isFinite else { return nil }
        var tiles: [DeviceTile] = []
        var p = 0, u = 0
        while p < H {
            let c = Int(choice[p * masks + u])
            let d = c / (H + 1), e = c % (H + 1)
            let rect = TileRect(r0: p, r1: e - 1, c0: 0, c1: W - 1)
            tiles.append(DeviceTile(rect: alongRows ? rect : rect.transposed, device: d))
            u |= 1 << d
            p = e
        }
        return Result(makespan: best[0], tiles: tiles)
    }
}

/// One broken constraint of a tiling plan.
public struct TilingViolation: Sendable, CustomStringConvertible {
    /// The kind of constraint broken.
    public enum Kind: String, Sendable {
        case uncovered, overlap, outOfBounds = "out-of-bounds", unknownDevice = "unknown-device", memory, wrongPartitions = "wrong-partitions"
    }
    /// Which constraint.
    public let kind: Kind
    /// The stage (layer id) whose partition is concerned, or the device for memory.
    public let stage: String?
    /// The device concerned, if any.
    public let device: String?
    /// The violation in words: what, where, and by how much.
    public let message: String
    /// The message, for printing.
    public var description: String { message }
}

/// What a tiling plan costs (MeDNN Eq. 1 form), recomputed from the geometry.
public struct TilingReport: Sendable {
    /// What one device does under the plan: compute, bytes, messages, memory and time.
    public struct DeviceLoad: Sendable {
        /// Seconds of compute.
        public var computeSeconds = 0.0
        /// Bytes received.
        public var bytesIn = 0.0
        /// Bytes sent.
        public var bytesOut = 0.0
        /// Messages exchanged (each costs the device's latency).
        public var messages = 0
        /// Largest memory the device needs at once: input region + output tile + the block's weights.
        public var peakMemory = 0.0
        /// compute + bytes in / b + bytes out / b + latency · messages.
        public var seconds = 0.0
    }

    /// Every broken constraint (empty when feasible).
    public let violations: [TilingViolation]
    /// Whether the plan breaks no constraint.
    public var feasible: Bool { violations.isEmpty }
    /// What each device does, in cluster order.
    public let devices: [DeviceLoad]
    /// Layer-wise mode: the slowest device's time at each stage (their sum is the makespan).
    public let stageSeconds: [Double]
    /// The block's time: max over devices (fused) or the sum over stages of the slowest device (layer-wise).
    public let makespan: Double
    /// Total FLOPs executed, halo recomputation included.
    public let totalFLOPs: Double
    /// Every costed tile in plan order: its partition (the stage in layer-wise mode, 0 fused),
    /// device, and the seconds it receives, computes and sends (for the schedule).
    public var tiles: [TileWork] = []
    /// The execution model the plan was costed under.
    public var execution = TilingExecution()
    /// Per device, seconds its link is busy per frame: every tile's transfers, plus the per-phase
    /// cost once for each phase it takes part in.
    public var linkSeconds: [Double] = []
    /// The steady-state period with frames pipelined: each device computes frame t while its link
    /// carries frame t ± 1, so a frame every max over devices of max(compute, link) seconds.
    public var period: Double = .nan

    /// One tile's work: receive its input region, compute, send its output (seconds, latency included).
    public struct TileWork: Sendable {
        /// The partition: the stage index in layer-wise mode, 0 in fused mode.
        public let partition: Int
        /// The device.
        public let device: Int
        /// Receiving the input region: bytes in / bandwidth + one message latency.
        public let receiveSeconds: Double
        /// Computing the tile (every stage of it in fused mode).
        public let computeSeconds: Double
        /// Sending the output tile: bytes out / bandwidth + one message latency.
        public let sendSeconds: Double
        /// Both transfers: (bytes in + bytes out) / bandwidth + two message latencies (0 for the computing coordinator).
        public let transferSeconds: Double
        /// The tile's time: compute plus transfers, or the larger of the two with overlap.
        public func seconds(overlap: Bool) -> Double {
            overlap ? max(computeSeconds, transferSeconds) : computeSeconds + transferSeconds
        }
    }
}

/// The judge of tiling plans: exact coverage, memory caps, and the makespan from the definitions.
///
/// Coverage is checked by counting, for every output element, the tiles that hold it (so every
/// uncovered or doubly covered element is found); costs walk the back-projection of every tile.
/// It shares no code with the tiling solvers beyond the model's geometry.
///
/// - Complexity: O(stages · (H·W + tiles)).
public enum TilingVerifier {
    /// Checks `plan` on `block` and `cluster` (coverage, bounds, devices, memory caps) and recomputes
    /// each device's time and the makespan under `execution` (default: the documented P4 model).
    public static func verify(_ plan: TilingPlan, block: ConvBlock, cluster: [ClusterDevice],
                              execution: TilingExecution = TilingExecution()) -> TilingReport {
        var violations: [TilingViolation] = []
        let β = block.bytesPerElement
        var loads = [TilingReport.DeviceLoad](repeating: .init(), count: cluster.count)
        var stageSeconds: [Double] = []
        var flops = 0.0
        var work: [TilingReport.TileWork] = []
        let expected = plan.mode == .fused ? 1 : block.stages.count
        guard plan.partitions.count == expected else {
            violations.append(TilingViolation(kind: .wrongPartitions, stage: nil, device: nil,
                                              message: "\(plan.mode.rawValue) mode needs \(expected) partition(s), the plan has \(plan.partitions.count)"))
            return TilingReport(violations: violations, devices: loads, stageSeconds: [], makespan: .nan, totalFLOPs: .nan)
        }
        // Coverage of each partition.
        for (p, tiles) in plan.partitions.enumerated() {
            let stage = plan.mode == .fused ? block.stages.last! : block.stages[p]
            let h = stage.outH, w = stage.outW
            var inside: [TileRect] = []
            for t in tiles {
                if !cluster.indices.contains(t.device) {
                    violations.append(TilingViolation(kind: .unknownDevice, stage: stage.id, device: nil,
                                                      message: "a tile of \(stage.id) names device #\(t.device); the cluster has \(cluster.count)"))
                }
                if t.rect.isEmpty { continue }
                guard t.rect.r0 >= 0, t.rect.c0 >= 0, t.rect.r1 < h, t.rect.c1 < w else {
                    violations.append(TilingViolation(kind: .outOfBounds, stage: stage.id, device: nil,
                                                      message: "tile \(t.rect) of \(stage.id) leaves its \(h)×\(w) map"))
                    continue
                }
                inside.append(t.rect)
            }
            let cover = TileCoverage(inside, height: h, width: w)
            if let first = cover.firstHole {
                violations.append(TilingViolation(kind: .uncovered, stage: stage.id, device: nil,
                                                  message: "\(cover.holes) element(s) of \(stage.id)'s output are in no tile (first: row \(first.row), column \(first.column))"))
            }
            if let first = cover.firstOverlap {
                violations.append(TilingViolation(kind: .overlap, stage: stage.id, device: nil,
                                                  message: "\(cover.overlaps) element(s) of \(stage.id)'s output are in several tiles (first: row \(first.row), column \(first.column))"))
            }
        }
        // Tiles naming no device, empty, or leaving their map were reported above and cost nothing.
        func valid(_ t: DeviceTile, _ s: ConvBlock.Stage) -> Bool {
            cluster.indices.contains(t.device) && !t.rect.isEmpty && t.rect.r0 >= 0 && t.rect.c0 >= 0 && t.rect.r1 < s.outH && t.rect.c1 < s.outW
        }
        switch plan.mode {
        case .fused:
            for t in plan.partitions[0] where valid(t, block.stages.last!) {
                var regions = [TileRect](repeating: t.rect, count: block.stages.count + 1)
                for l in stride(from: block.stages.count - 1, through: 0, by: -1) {
                    regions[l] = inputRegion(of: regions[l + 1], stage: block.stages[l])
                }
                let device = cluster[t.device].device
                var seconds = 0.0
                for (l, s) in block.stages.enumerated() {
                    let f = Double(regions[l + 1].area) * s.flopsPerOutputPixel
                    flops += f
                    seconds += f / device.flopsPerSecond(for: s.op)
                }
                let bytesIn = Double(regions[0].area) * Double(block.stages[0].inChannels) * β
                let bytesOut = Double(t.rect.area) * Double(block.stages.last!.outChannels) * β
                let w = tileWork(partition: 0, device: t.device, compute: seconds, bytesIn: bytesIn, bytesOut: bytesOut,
                                 weights: block.weightBytes, cluster: cluster, execution: execution)
                work.append(w)
                record(w, bytesIn: bytesIn, bytesOut: bytesOut, into: &loads[t.device], execution: execution)
                loads[t.device].peakMemory = max(loads[t.device].peakMemory, bytesIn + bytesOut + block.weightBytes)
            }
        case .layerwise where execution.peerToPeer:
            for (l, s) in block.stages.enumerated() {
                let previous = l == 0 ? nil : plan.partitions[l - 1].filter { valid($0, block.stages[l - 1]) }
                let stage = peerStage(plan.partitions[l].filter { valid($0, s) }, stage: s, index: l, previous: previous,
                                      last: l == block.stages.count - 1, cluster: cluster, execution: execution, bytesPerElement: β)
                flops += stage.flops
                work += stage.work
                for (d, load) in stage.loads.enumerated() {
                    loads[d].computeSeconds += load.computeSeconds
                    loads[d].bytesIn += load.bytesIn
                    loads[d].bytesOut += load.bytesOut
                    loads[d].messages += load.messages
                    loads[d].seconds += load.seconds
                    loads[d].peakMemory = max(loads[d].peakMemory, load.peakMemory + block.weightBytes)
                }
                stageSeconds.append((stage.loads.map(\.seconds).max() ?? 0) + (plan.partitions[l].isEmpty ? 0 : execution.phaseSeconds))
            }
        case .layerwise:
            for (l, s) in block.stages.enumerated() {
                var stageLoads = [Double](repeating: 0, count: cluster.count)
                for t in plan.partitions[l] where valid(t, s) {
                    let input = inputRegion(of: t.rect, stage: s)
                    let device = cluster[t.device]
                    let f = Double(t.rect.area) * s.flopsPerOutputPixel
                    flops += f
                    let compute = f / device.device.flopsPerSecond(for: s.op)
                    let bytesIn = Double(input.area) * Double(s.inChannels) * β, bytesOut = Double(t.rect.area) * Double(s.outChannels) * β
                    let tile = tileWork(partition: l, device: t.device, compute: compute, bytesIn: bytesIn, bytesOut: bytesOut,
                                        weights: s.weightBytes, cluster: cluster, execution: execution)
                    work.append(tile)
                    stageLoads[t.device] += tile.seconds(overlap: execution.overlap)
                    record(tile, bytesIn: bytesIn, bytesOut: bytesOut, into: &loads[t.device], execution: execution)
                    loads[t.device].peakMemory = max(loads[t.device].peakMemory, bytesIn + bytesOut + block.weightBytes)
                }
                stageSeconds.append((stageLoads.max() ?? 0) + (plan.partitions[l].isEmpty ? 0 : execution.phaseSeconds))
            }
        }
        for d in cluster.indices {
            if let cap = cluster[d].device.memoryCapacity, loads[d].peakMemory > cap {
                violations.append(TilingViolation(kind: .memory, stage: nil, device: cluster[d].name,
                                                  message: "device \(cluster[d].name) needs \(UnitFormat.bytes(loads[d].peakMemory)) at once, above its \(UnitFormat.bytes(cap)) (by \(UnitFormat.bytes(loads[d].peakMemory - cap)))"))
            }
        }
        let makespan = plan.mode == .fused ? (loads.map(\.seconds).max() ?? 0) + (work.isEmpty ? 0 : execution.phaseSeconds)
                                           : stageSeconds.reduce(0, +)
        var link = [Double](repeating: 0, count: cluster.count), phases = [Set<Int>](repeating: [], count: cluster.count)
        for w in work {
            link[w.device] += w.transferSeconds
            phases[w.device].insert(w.partition)
        }
        for d in cluster.indices { link[d] += Double(phases[d].count) * execution.phaseSeconds }
        let period = cluster.indices.map { max(loads[$0].computeSeconds, link[$0]) }.max() ?? 0
        return TilingReport(violations: violations, devices: loads, stageSeconds: stageSeconds, makespan: makespan, totalFLOPs: flops,
                            tiles: work, execution: execution, linkSeconds: link, period: makespan.isFinite ? period : .nan)
    }

    /// The region of stage `s`'s input that its output region `o` reads: the window's back-projection, clamped to the map.
    static func inputRegion(of o: TileRect, stage s: ConvBlock.Stage) -> TileRect {
        let w = s.window
        let fh = w.dilation.h * (w.kernel.h - 1) + 1, fw = w.dilation.w * (w.kernel.w - 1) + 1
        return TileRect(r0: max(0, w.stride.h * o.r0 - w.padding.h), r1: min(s.inH - 1, w.stride.h * o.r1 - w.padding.h + fh - 1),
                        c0: max(0, w.stride.w * o.c0 - w.padding.w), c1: min(s.inW - 1, w.stride.w * o.c1 - w.padding.w + fw - 1))
    }

    /// One layer-wise stage with peer-to-peer halos: each device receives the parts of its input
    /// regions that other devices computed in the previous stage (the first stage's from the
    /// coordinator), keeps its own, and sends its output to the coordinator only after the last
    /// stage. Per device: compute, bytes and messages in and out, and its time (compute plus
    /// transfers, or the larger with overlap); one ``TilingReport/TileWork`` per device.
    static func peerStage(_ tiles: [DeviceTile], stage s: ConvBlock.Stage, index l: Int, previous: [DeviceTile]?, last: Bool,
                          cluster: [ClusterDevice], execution: TilingExecution, bytesPerElement β: Double)
        -> (loads: [TilingReport.DeviceLoad], work: [TilingReport.TileWork], flops: Double) {
        var loads = [TilingReport.DeviceLoad](repeating: .init(), count: cluster.count)
        var flops = 0.0
        let local = { (d: Int) in execution.coordinatorComputes && d == 0 }
        for t in tiles {
            let input = inputRegion(of: t.rect, stage: s)
            let f = Double(t.rect.area) * s.flopsPerOutputPixel
            flops += f
            let device = cluster[t.device]
            loads[t.device].computeSeconds += f / device.device.flopsPerSecond(for: s.op)
            if execution.memoryAccess {
                let touched = Double(input.area * s.inChannels + t.rect.area * s.outChannels) * β + s.weightBytes
                loads[t.device].computeSeconds += touched / device.device.memoryBandwidth
            }
            loads[t.device].peakMemory = max(loads[t.device].peakMemory, Double(input.area * s.inChannels + t.rect.area * s.outChannels) * β)
            if let previous {
                for u in previous where u.device != t.device {
                    let part = input.intersection(u.rect)
                    guard !part.isEmpty else { continue }
                    let bytes = Double(part.area * s.inChannels) * β
                    loads[t.device].bytesIn += bytes
                    loads[t.device].messages += 1
                    loads[u.device].bytesOut += bytes
                    loads[u.device].messages += 1
                }
            } else if !local(t.device) {
                loads[t.device].bytesIn += Double(input.area * s.inChannels) * β
                loads[t.device].messages += 1
            }
            if last && !local(t.device) {
                loads[t.device].bytesOut += Double(t.rect.area * s.outChannels) * β
                loads[t.device].messages += 1
            }
        }
        var work: [TilingReport.TileWork] = []
        for d in cluster.indices where loads[d].computeSeconds > 0 || loads[d].messages > 0 {
            let link = cluster[d], load = loads[d]
            let receive = load.bytesIn / link.bandwidth
            let transfer = (load.bytesIn + load.bytesOut) / link.bandwidth + link.latency * Double(load.messages)
            let w = TilingReport.TileWork(partition: l, device: d, receiveSeconds: receive, computeSeconds: load.computeSeconds,
                                          sendSeconds: max(0, transfer - receive), transferSeconds: transfer)
            loads[d].seconds = w.seconds(overlap: execution.overlap)
            work.append(w)
        }
        return (loads, work, flops)
    }

    /// One tile's receive, compute and send seconds under `execution`: the coordinator's own tiles
    /// (device 0, when it computes) move nothing; the memory term adds bytes touched / memory bandwidth.
    static func tileWork(partition: Int, device d: Int, compute: Double, bytesIn: Double, bytesOut: Double, weights: Double,
                         cluster: [ClusterDevice], execution: TilingExecution) -> TilingReport.TileWork {
        let link = cluster[d]
        let local = execution.coordinatorComputes && d == 0
        let memory = execution.memoryAccess ? (bytesIn + bytesOut + weights) / link.device.memoryBandwidth : 0
        return .init(partition: partition, device: d, receiveSeconds: local ? 0 : bytesIn / link.bandwidth + link.latency,
                     computeSeconds: compute + memory, sendSeconds: local ? 0 : bytesOut / link.bandwidth + link.latency,
                     transferSeconds: local ? 0 : (bytesIn + bytesOut) / link.bandwidth + 2 * link.latency)
    }

    /// Adds a tile to its device's load (bytes and messages only when the tile moves data).
    static func record(_ w: TilingReport.TileWork, bytesIn: Double, bytesOut: Double, into load: inout TilingReport.DeviceLoad,
                       execution: TilingExecution) {
        let local = execution.coordinatorComputes && w.device == 0
        load.computeSeconds += w.computeSeconds
        load.bytesIn += local ? 0 : bytesIn
        load.bytesOut += local ? 0 : bytesOut
        load.messages += local ? 0 : 2
        load.seconds += w.seconds(overlap: execution.overlap)
    }
}

/// How a set of rectangles covers an H × W map, counted on the grid of their edges.
///
/// Algorithm: the distinct row and column edges of the rectangles cut the map into
/// at most (2T + 1)² cells, each covered by the same tiles throughout; every cell's
/// count decides it wholly. The first hole or overlap in row-major order is the
/// first row band with one, at its smallest column.
///
/// - Complexity: O(T³) for T rectangles, independent of the map's size.
public struct TileCoverage: Sendable {
    /// Elements in no rectangle, and in two or more.
    public private(set) var holes = 0, overlaps = 0
    /// The first of each in row-major order.
    public private(set) var firstHole: (row: Int, column: Int)?, firstOverlap: (row: Int, column: Int)?

    /// Counts how `rects` (inside the map) cover an H × W map.
    public init(_ rects: [TileRect], height h: Int, width w: Int) {
        let rows = Set([0, h] + rects.flatMap { [$0.r0, $0.r1 + 1] }).sorted()
        let columns = Set([0, w] + rects.flatMap { [$0.c0, $0.c1 + 1] }).sorted()
        for i in 0..<(rows.count - 1) {
            let (r0, r1) = (rows[i], rows[i + 1])
            for j in 0..<(columns.count - 1) {
                let (c0, c1) = (columns[j], columns[j + 1])
                let n = rects.reduce(0) { $0 + ($1.r0 <= r0 && r1 - 1 <= $1.r1 && $1.c0 <= c0 && c1 - 1 <= $1.c1 ? 1 : 0) }
                let cells = Double(r1 - r0) * Double(c1 - c0)
                if n == 0 {
                    holes += Int(cells)
                    if firstHole == nil || r0 < firstHole!.row || (r0 == firstHole!.row && c0 < firstHole!.column) { firstHole = (r0, c0) }
                } else if n > 1 {
                    overlaps += Int(cells)
                    if firstOverlap == nil || r0 < firstOverlap!.row || (r0 == firstOverlap!.row && c0 < firstOverlap!.column) { firstOverlap = (r0, c0) }
                }
            }
        }
    }
}

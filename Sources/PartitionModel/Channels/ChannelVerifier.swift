/// What a P6 plan costs, recomputed from the definitions.
public struct ChannelReport: Sendable {
    /// Every broken constraint, in words (empty when feasible).
    public let violations: [Violation]
    /// Whether the plan breaks no constraint.
    public var feasible: Bool { violations.isEmpty }
    /// The compute phases between two exchanges, in order: their first and last layer and their
    /// slowest device's seconds. One per segment for a group plan; one per run of layers between
    /// halo exchanges for a spatial plan.
    public let computePhases: [(first: String, last: String, seconds: Double)]
    /// Seconds of each compute phase (its slowest device).
    public var segmentSeconds: [Double] { computePhases.map(\.seconds) }
    /// The exchange phases in order: the input broadcast (or scatter), each shuffle (or halo
    /// exchange), the final gather.
    public let exchanges: [(name: String, seconds: Double, bytes: Double)]
    /// The input-based FC split (slowest device) plus the tail on the aggregator, seconds.
    public let headSeconds: Double
    /// One sample, end to end: compute of every segment + every exchange + head and tail.
    public let latency: Double
    /// Steady-state seconds per sample when a device overlaps the exchanges of sample t with the
    /// compute of sample t+1: max over devices of max(its compute, its link time).
    public let period: Double
    /// Each device's compute and link time per sample, seconds.
    public let computeSeconds: [Double]
    /// Seconds each device's link is busy per sample, summed over the exchange phases.
    public let linkSeconds: [Double]
    /// Bytes each device holds: its weights, its largest working set, and the input (its rows of it
    /// under a spatial split) if it computes the stem.
    public let memoryBytes: [Double]
    /// The same quantity for the whole network on one device.
    public let singleDeviceMemoryBytes: Double
    /// The objective the plan was judged by.
    public let overlap: Bool
    /// The period with overlap, else the latency, seconds.
    public var objective: Double { overlap ? period : latency }
    /// One sample's work in the order it runs: every compute phase, exchange, the head and the
    /// tail, each with every device's seconds (a phase lasts as long as its slowest device).
    public var steps: [Step] = []

    /// One step of a sample: a compute phase or an exchange, with each device's seconds in it.
    public struct Step: Sendable {
        /// What runs: "conv1…conv3", "shuffle after …", "head", "tail".
        public let name: String
        /// Whether devices compute (false: their links carry an exchange).
        public let compute: Bool
        /// Seconds of each device in the step (link time for an exchange).
        public let deviceSeconds: [Double]
        /// The step's length: its slowest device.
        public var seconds: Double { deviceSeconds.max() ?? 0 }
    }
}

/// The judge of P6 plans (FORMULATIONS P6), independent of every solver.
///
/// A device with n of the g groups of segment s does n/g of its FLOPs at its conv rate. The
/// network is a star (the Wi-Fi access point): each device's link is full duplex, and an
/// exchange phase lasts max_d max(sent_d, received_d)/b_d. At the shuffle after segment s the
/// next segment's groups each take 1/g of every group's channels, so device d sends
/// B_s·n_{s,d}·(g − n_{s+1,d})/g² bytes and receives B_s·n_{s+1,d}·(g − n_{s,d})/g². The input
/// is broadcast from device 0 to every device computing segment 0, and the head's partial sums
/// are gathered on device 0, which runs the tail. Coverage: every group of every segment is
/// computed by exactly one device. Segments split into row strips (a spatial or mixed plan) are
/// judged row by row (``ChannelWalk``); every segment ends with a barrier.
///
/// - Complexity: O(S·(k + g)) for S segments and k devices; O(L·k·H) more for L layers of at
///   most H rows split into strips.
public enum ChannelVerifier {
    /// Checks `plan` on `net` and `cluster` and recomputes its latency, period and memory; `overlap` picks the period as the objective.
    /// `exchangeSeconds` is a fixed cost (synchronisation) every device that sends or receives in
    /// an exchange phase pays on its link, besides bytes over bandwidth (default 0).
    public static func verify(_ plan: ChannelPlan, network net: ChannelNetwork, cluster: [ClusterDevice], overlap: Bool = false,
                              exchangeSeconds: Double = 0) -> ChannelReport {
        var violations = structure(plan, network: net, cluster: cluster)
        guard violations.isEmpty, let splits = plan.splits(network: net) else { return failed(violations, overlap: overlap) }
        var walk = ChannelWalk(network: net, cluster: cluster, splits: splits, exchangeSeconds: exchangeSeconds)
        walk.run()
        violations += capacityViolations(walk.memory, cluster: cluster)
        return finish(violations, phases: walk.phases, ledger: walk.ledger, headSeconds: walk.headSeconds, compute: walk.compute,
                      memory: walk.memory, single: singleDeviceMemory(net), overlap: overlap)
    }

    /// Every broken structural rule: sizes, devices, coverage of groups and of rows.
    static func structure(_ plan: ChannelPlan, network net: ChannelNetwork, cluster: [ClusterDevice]) -> [Violation] {
        let k = cluster.count, S = net.segments.count
        var violations: [Violation] = []
        if k == 0 { violations.append(Violation(kind: "no-device", message: "the cluster has no device")) }
        if plan.isSpatial || plan.isMixed, net.spatial == nil {
            return violations + [Violation(kind: "no-row-geometry", message: "the network cannot be split into row strips: \(net.spatialUnavailable ?? "no row geometry")")]
        }
        if plan.isSpatial {
            if !plan.segments.isEmpty { violations.append(Violation(kind: "spatial-and-groups", message: "a spatial plan must not also give groups")) }
            if plan.spatialRows!.count != net.spatialSegments.count {
                violations.append(Violation(kind: "wrong-size", message: "the plan gives rows for \(plan.spatialRows!.count) layers, the network has \(net.spatialSegments.count)"))
            }
        } else if plan.segments.count != S || (plan.isMixed && plan.segmentRows.count != S) {
            violations.append(Violation(kind: "wrong-size", message: "the plan has \(plan.segments.count) segments, the network \(S)"))
        }
        guard violations.isEmpty, let splits = plan.splits(network: net) else { return violations }
        // Row plans are judged row by row: refuse maps too tall to hold (a hostile file's shapes).
        if plan.isSpatial || plan.isMixed, let geo = net.spatial {
            let rows = Double(geo.inputHeight) + geo.layers.reduce(0.0) { $0 + Double($1.height) }
            if rows * Double(max(k, 1)) > 1e8 {
                return [Violation(kind: "too-large", message: "row strips of \(UnitFormat.count(rows)) rows on \(k) devices are too many to judge row by row (limit 1e8)")]
            }
        }
        for (s, split) in splits.enumerated() {
            switch split {
            case .groups(let ranges): violations += groupViolations(ranges, segment: s, groups: net.groups, devices: k)
            case .rows(let rows):
                if plan.isMixed && !plan.segments[s].isEmpty {
                    violations.append(Violation(kind: "spatial-and-groups", message: "segment \(s) gives both rows and groups"))
                }
                violations += rowViolations(rows, segment: s, network: net, devices: k)
            }
        }
        return violations
    }

    /// Devices, ranges and coverage of one segment's groups.
    static func groupViolations(_ ranges: [GroupRange], segment s: Int, groups: Int, devices k: Int) -> [Violation] {
        var violations: [Violation] = []
        var owner = [Int](repeating: -1, count: groups)
        for r in ranges {
            guard (0..<k).contains(r.device) else { violations.append(Violation(kind: "unknown-device", message: "segment \(s): device \(r.device) does not exist (\(k) devices)")); continue }
            guard r.count >= 1, r.first >= 0, r.first < groups, r.count <= groups - r.first else {
                violations.append(Violation(kind: "out-of-range", message: "segment \(s): \(r.count) groups from \(r.first) are outside 0..<\(groups)")); continue
            }
            for t in r.first..<(r.first + r.count) {
                if owner[t] >= 0 { violations.append(Violation(kind: "overlap", message: "segment \(s): group \(t) is given to devices \(owner[t]) and \(r.device)")) }
                owner[t] = r.device
            }
        }
        if let t = owner.firstIndex(of: -1) { violations.append(Violation(kind: "uncovered", message: "segment \(s): group \(t) is not computed by any device")) }
        return violations
    }

    /// One count per device for every layer of the segment, none negative, adding up to the layer's height.
    static func rowViolations(_ rows: [[Int]], segment s: Int, network net: ChannelNetwork, devices k: Int) -> [Violation] {
        guard let geo = net.spatial, k > 0 else { return [] }
        let layers = net.spatialSegments.indices.filter { net.spatialSegments[$0] == s }
        guard rows.count == layers.count else {
            return [Violation(kind: "wrong-size", message: "segment \(s): the plan gives rows for \(rows.count) layers, the segment has \(layers.count)")]
        }
        var violations: [Violation] = []
        for (r, l) in zip(rows, layers) {
            let layer = geo.layers[l]
            if r.count != k {
                violations.append(Violation(kind: "wrong-size", message: "layer \(layer.id): \(r.count) row counts for \(k) devices"))
            } else if let d = r.firstIndex(where: { $0 < 0 }) {
                violations.append(Violation(kind: "negative-rows", message: "layer \(layer.id): device \(d) gets \(r[d]) rows"))
            } else if let d = r.firstIndex(where: { $0 > layer.height }) {
                violations.append(Violation(kind: "uncovered", message: "layer \(layer.id): device \(d) gets \(r[d]) rows, the map has \(layer.height)"))
            } else if r.reduce(0, +) != layer.height {
                violations.append(Violation(kind: "uncovered", message: "layer \(layer.id): the strips cover \(r.reduce(0, +)) rows, the map has \(layer.height)"))
            }
        }
        return violations
    }

    /// One violation per device whose memory need exceeds its capacity.
    static func capacityViolations(_ memory: [Double], cluster: [ClusterDevice]) -> [Violation] {
        cluster.indices.compactMap { d in
            guard let cap = cluster[d].device.memoryCapacity, memory[d] > cap else { return nil }
            return Violation(kind: "memory", message: "device \(cluster[d].name) needs \(memory[d]) bytes, it has \(cap)")
        }
    }

    /// The report of a plan that breaks a structural rule: no cost, infinite objective.
    static func failed(_ violations: [Violation], overlap: Bool) -> ChannelReport {
        ChannelReport(violations: violations, computePhases: [], exchanges: [], headSeconds: 0, latency: .infinity, period: .infinity,
                      computeSeconds: [], linkSeconds: [], memoryBytes: [], singleDeviceMemoryBytes: 0, overlap: overlap)
    }

    /// Latency (every compute phase, exchange and the head in sequence) and the overlapped period.
    static func finish(_ violations: [Violation], phases: [(first: String, last: String, seconds: Double)], ledger: ExchangeLedger, headSeconds: Double,
                       compute: [Double], memory: [Double], single: Double, overlap: Bool) -> ChannelReport {
        let latency = phases.reduce(0) { $0 + $1.seconds } + ledger.exchanges.reduce(0) { $0 + $1.seconds } + headSeconds
        let period = compute.indices.map { max(compute[$0], ledger.link[$0]) }.max() ?? 0
        return ChannelReport(violations: violations, computePhases: phases, exchanges: ledger.exchanges, headSeconds: headSeconds, latency: latency,
                             period: period, computeSeconds: compute, linkSeconds: ledger.link, memoryBytes: memory, singleDeviceMemoryBytes: single,
                             overlap: overlap, steps: ledger.steps)
    }

    /// Bytes of the whole network on one device: every weight, the largest layer working set, the input.
    static func singleDeviceMemory(_ net: ChannelNetwork) -> Double {
        let weights = net.segments.reduce(0) { $0 + $1.weightBytes } + net.headWeightBytes + net.tailWeightBytes
        return weights + (net.segments.map(\.peakActivationBytes).max() ?? 0) + net.inputBytes
    }
}

/// The exchange phases of one sample on a star network with full-duplex links.
///
/// A phase lasts max_d max(sent_d, received_d)/b_d; each device's link time is the sum over phases
/// of its own max(sent_d, received_d)/b_d (what it overlaps with compute in the steady state).
struct ExchangeLedger {
    let cluster: [ClusterDevice]
    /// Seconds every device that sends or receives in a phase pays once for it.
    let exchangeSeconds: Double
    var link: [Double]
    var exchanges: [(name: String, seconds: Double, bytes: Double)] = []
    /// Every step so far, exchanges and (through ``compute(_:_:)``) compute phases, in order.
    var steps: [ChannelReport.Step] = []

    init(cluster: [ClusterDevice], exchangeSeconds: Double = 0) {
        self.cluster = cluster
        self.exchangeSeconds = exchangeSeconds
        self.link = [Double](repeating: 0, count: cluster.count)
    }

    /// Device 0 sends `bytes` to every other device d with `receivers[d]`.
    mutating func broadcast(_ name: String, bytes: Double, to receivers: [Bool]) {
        var sent = [Double](repeating: 0, count: cluster.count), received = sent
        for d in cluster.indices.dropFirst() where receivers[d] {
            sent[0] += bytes
            received[d] = bytes
        }
        phase(name, sent: sent, received: received)
    }

    /// Every device d other than 0 with `senders[d]` sends `bytes` to device 0.
    mutating func gather(_ name: String, bytes: Double, from senders: [Bool]) {
        var sent = [Double](repeating: 0, count: cluster.count), received = sent
        for d in cluster.indices.dropFirst() where senders[d] {
            sent[d] = bytes
            received[0] += bytes
        }
        phase(name, sent: sent, received: received)
    }

    mutating func phase(_ name: String, sent: [Double], received: [Double]) {
        var worst = 0.0
        var busy = [Double](repeating: 0, count: cluster.count)
        for d in cluster.indices {
            let moves = sent[d] > 0 || received[d] > 0
            let t = max(sent[d], received[d]) / cluster[d].bandwidth + (moves ? exchangeSeconds : 0)
            link[d] += t
            busy[d] = t
            worst = max(worst, t)
        }
        exchanges.append((name, worst, received.reduce(0, +)))
        steps.append(.init(name: name, compute: false, deviceSeconds: busy))
    }

    /// Records a compute step (for the schedule; compute totals are kept by the verifier).
    mutating func compute(_ name: String, _ deviceSeconds: [Double]) {
        steps.append(.init(name: name, compute: true, deviceSeconds: deviceSeconds))
    }
}

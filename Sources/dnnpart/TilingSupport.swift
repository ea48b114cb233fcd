import ArgumentParser
import ModelZoo
import PartitionModel
import PartitionSolvers

extension TilingMode: ExpressibleByArgument {}

/// The devices of `--problem tiling` and `--problem fc`: the instance's cluster or copies of a preset.
struct ClusterOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Tiling and fc: number of devices (the instance's first N, or N copies of --device-preset).")
    var devices: Int?

    @Option(help: "Tiling and fc: device preset when the instance has no cluster (see `dnnpart zoo list`).")
    var devicePreset: String = "nexus5"

    @Option(help: "Tiling and fc: network preset of each device's link when the instance has no cluster.")
    var clusterNetwork: String = "medenn-wifi"

    func validate() throws {
        if let d = devices, !(1...InputLimits.maxDevices).contains(d) {
            throw ValidationError("--devices must be in 1...\(InputLimits.maxDevices), found \(d)")
        }
    }

    /// The instance's cluster (its first --devices N), or N copies of the presets.
    func devices(for inst: Instance, limit: Int, why: String) throws -> [ClusterDevice] {
        try withInputErrors { () throws -> [ClusterDevice] in
            var cluster = inst.cluster
            if cluster.isEmpty {
                guard let n = devices, n >= 1 else { throw SolverInputError("the instance has no cluster: give --devices N (with --device-preset and --cluster-network)") }
                cluster = try DevicePresets.cluster(n, device: devicePreset, network: clusterNetwork)
            } else if let n = devices {
                guard n >= 1, n <= cluster.count else { throw SolverInputError("--devices \(n): the instance's cluster has \(cluster.count) device(s)") }
                cluster = Array(cluster.prefix(n))
            }
            guard cluster.count <= limit else { throw SolverInputError("at most \(limit) devices (\(why))") }
            return cluster
        }
    }
}

/// A fixed cost given on the command line (`--phase-cost`, `--exchange-cost`): a duration with a
/// unit (or plain seconds) in 0…1e6 s; anything else is a usage error naming the option.
func fixedCost(_ text: String, option: String) throws -> Double {
    switch QuantityKind.duration.parse(text) {
    case .success(let v) where v.isFinite && v >= 0 && v <= 1e6: return v
    case .success(let v): throw ValidationError("\(option) must be a duration in 0…1e6 s, found \(v) s")
    case .failure(let f): throw ValidationError("\(option): \(f.reason)")
    }
}

/// Options of `--problem tiling`: the block and the mode (the devices come from ``ClusterOptions``).
struct TilingOptions: ParsableArguments {
    @Option(help: "Tiling: execution mode, fused or layerwise (default: the instance's, else fused).")
    var mode: TilingMode?

    @Option(help: "Tiling: the block's first and last layer ids, FIRST..LAST (default: the instance's, else the conv part from the first conv).")
    var layers: String?

    @OptionGroup var clusterOptions: ClusterOptions

    @Flag(help: "Tiling: device 0 is the coordinator and computes tiles too; its tiles move no data (MeDNN's master).")
    var coordinatorComputes = false

    @Flag(help: "Tiling: a tile's transfers overlap its compute (streamed); a tile takes max(compute, transfer).")
    var overlapTransfers = false

    @Option(help: "Tiling: fixed cost per exchange phase (synchronisation), e.g. 20ms; one per stage layer-wise, one fused.")
    var phaseCost: String?

    @Flag(help: "Tiling: add MeDNN's memory-access time (bytes touched / the device's memory bandwidth) to each tile.")
    var memoryAccess = false

    @Flag(help: "Tiling, layer-wise: devices exchange halos directly (peer to peer) and keep their outputs; only the last stage returns to the coordinator.")
    var peerToPeer = false

    @Flag(help: "Tiling: judge plans by the steady-state period with frames pipelined (max over devices of compute and link time per frame) instead of the makespan.")
    var period = false

    /// The execution model: the instance's (`problem.execution`, else the default), with the options these flags turn on.
    func execution(base: TilingExecution? = nil) throws -> TilingExecution {
        var e = base ?? TilingExecution()
        e.coordinatorComputes = e.coordinatorComputes || coordinatorComputes
        e.overlap = e.overlap || overlapTransfers
        e.memoryAccess = e.memoryAccess || memoryAccess
        e.peerToPeer = e.peerToPeer || peerToPeer
        if let text = phaseCost {
            e.phaseSeconds = try fixedCost(text, option: "--phase-cost")
        }
        return e
    }

    /// P4 for an instance under these options.
    func problem(_ inst: Instance) throws -> TilingProblem {
        let (block, cluster, mode) = try setup(inst)
        return TilingProblem(block: block, cluster: cluster, mode: mode, name: inst.name, execution: try execution(base: inst.problem.execution),
                             period: period)
    }

    /// The block, the cluster and the mode for an instance.
    func setup(_ inst: Instance) throws -> (ConvBlock, [ClusterDevice], TilingMode) {
        try withInputErrors { () throws -> (ConvBlock, [ClusterDevice], TilingMode) in
            var range = inst.problem.layers
            if let text = layers {
                guard let r = InstanceReader.layerRange(text) else { throw SolverInputError("--layers expects FIRST..LAST layer ids, found \"\(text)\"") }
                range = r
            }
            let block: ConvBlock
            do { block = try ConvBlock(graph: inst.graph, from: range?.from, to: range?.to) } catch let e as ConvBlock.BlockError {
                throw SolverInputError("cannot tile \(inst.name): \(e.reason)")
            }
            let cluster = try clusterOptions.devices(for: inst, limit: 16, why: "GTDP's exhaustive search")
            return (block, cluster, mode ?? inst.problem.tilingMode ?? .fused)
        }
    }
}

enum TilingPresentation {
    static func text(_ plan: TilingPlan, report: TilingReport, block: ConvBlock, cluster: [ClusterDevice]) -> String {
        PlanText.tiling(plan, report: report, block: block, cluster: cluster)
    }

    static func reportJSON(_ r: TilingReport, cluster: [ClusterDevice]) -> JSONValue {
        .object([
            ("feasible", .bool(r.feasible)),
            ("violations", .array(r.violations.map { .object([("kind", .string($0.kind.rawValue)), ("message", .string($0.message))]) })),
            ("makespan", .double(r.makespan)),
            ("totalFLOPs", .double(r.totalFLOPs)),
            ("stageSeconds", .array(r.stageSeconds.map { .double($0) })),
            ("devices", .array(cluster.indices.map { d in
                let l = r.devices[d]
                return .object([("name", .string(cluster[d].name)), ("computeSeconds", .double(l.computeSeconds)), ("bytesIn", .double(l.bytesIn)),
                                ("bytesOut", .double(l.bytesOut)), ("messages", .int(l.messages)), ("peakMemory", .double(l.peakMemory)),
                                ("seconds", .double(l.seconds))])
            })),
        ])
    }
}

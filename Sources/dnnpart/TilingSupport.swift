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

/// Options of `--problem tiling`: the block and the mode (the devices come from ``ClusterOptions``).
struct TilingOptions: ParsableArguments {
    @Option(help: "Tiling: execution mode, fused or layerwise (default: the instance's, else fused).")
    var mode: TilingMode?

    @Option(help: "Tiling: the block's first and last layer ids, FIRST..LAST (default: the instance's, else the conv part from the first conv).")
    var layers: String?

    @OptionGroup var clusterOptions: ClusterOptions

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
        var out = ""
        let last = plan.partitions.count - 1
        let (h, w) = plan.mode == .fused ? (block.outputHeight, block.outputWidth) : (block.stages[last].outH, block.stages[last].outW)
        out += "\(plan.mode == .fused ? "block output" : "stage \(block.stages[last].id) output") \(h)×\(w) (one character per sampled element, digit = device):\n"
        out += TilePicture.render(plan.partitions[last], height: h, width: w)
        out += "\n"
        var t = TextTable(header: ["device", "symbol", "tiles", "compute (ms)", "in", "out", "messages", "memory", "time (ms)"],
                          rightAligned: [2, 3, 4, 5, 6, 7, 8])
        for (d, c) in cluster.enumerated() {
            let l = report.devices[d]
            t.rows.append([c.name, String(TilePicture.symbol(d)), "\(plan.partitions.reduce(0) { $0 + $1.filter { $0.device == d && !$0.rect.isEmpty }.count })",
                           UnitFormat.milliseconds(l.computeSeconds), UnitFormat.bytes(l.bytesIn), UnitFormat.bytes(l.bytesOut), "\(l.messages)",
                           UnitFormat.bytes(l.peakMemory), UnitFormat.milliseconds(l.seconds)])
        }
        out += t.render()
        out += "makespan \(UnitFormat.duration(report.makespan))  (\(UnitFormat.count(report.totalFLOPs)) FLOP computed, halos included)\n"
        if !report.feasible {
            out += "\nINFEASIBLE: \(report.violations.count) violation(s)\n"
            for v in report.violations { out += "  - \(v.message)\n" }
        }
        return out
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

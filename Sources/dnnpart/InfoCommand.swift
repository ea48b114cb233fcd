import ArgumentParser
import PartitionModel

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise an instance: layers, edges, parameters, MACs, bytes, time per tier.",
        discussion: """
        Times are the cost model's: measured profiles where the instance has them, roofline estimates elsewhere (docs/cost-model.md). "all on tier" is the compute time of every layer on that tier.

        Example: dnnpart info instances/small/diamond.json --layers
        """
    )

    @Argument(help: "Instance file (JSON, format 1).")
    var instance: String

    @Flag(help: "Also list every layer with its time on each tier.")
    var layers = false

    @Option(help: "Measured layer times: CSV layer,tier,UNIT with the unit (s, ms or us) in the header.")
    var profile: String?

    @Flag(help: "Machine-readable output (SI units).")
    var json = false

    func run() throws {
        let inst = try withInputErrors { try loadInstance(instance, profile: profile) }
        let g = inst.graph
        let params = g.layers.reduce(0) { $0 + $1.params }
        let macs = g.layers.reduce(0.0) { $0 + $1.macs }
        let flops = g.layers.reduce(0.0) { $0 + $1.flops }
        let weightBytes = g.layers.reduce(0.0) { $0 + $1.weightBytes }
        let activationBytes = g.layers.reduce(0.0) { $0 + $1.outputBytes }
        let inputBytes = g.layers[g.inputIndex].outputBytes
        let tierSeconds = inst.cost.seconds.map { $0.reduce(0, +) }
        if json {
            var tiers: [JSONValue] = []
            for (k, tier) in inst.tiers.enumerated() {
                let profiled = inst.cost.source[k].filter { $0 == .profile }.count
                var pairs: [(key: String, value: JSONValue)] = [("name", .string(tier.name))]
                if let d = tier.device { pairs.append(("device", .string(d.name))) }
                pairs.append(("computeSeconds", .double(tierSeconds[k])))
                pairs.append(("profiledLayers", .int(profiled)))
                tiers.append(.object(pairs))
            }
            var top: [(key: String, value: JSONValue)] = [
                ("name", .string(inst.name)),
                ("problem", .string(inst.problem.kind.rawValue)),
                ("layers", .int(g.count)),
                ("edges", .int(g.edgeCount)),
                ("parameters", .int(params)),
                ("macs", .double(macs)),
                ("flops", .double(flops)),
                ("weightBytes", .double(weightBytes)),
                ("inputBytes", .double(inputBytes)),
                ("activationBytes", .double(activationBytes)),
                ("tiers", .array(tiers)),
                ("links", .array(inst.links.enumerated().map { k, l in
                    .object([("from", .string(inst.tiers[k].name)), ("to", .string(inst.tiers[k + 1].name)),
                             ("bandwidth", .double(l.bandwidth)), ("latency", .double(l.latency))])
                })),
            ]
            if layers {
                top.append(("layerTimes", .array(g.layers.indices.map { v in
                    .object([("id", .string(g.layers[v].id)), ("op", .string(g.layers[v].op.rawValue)),
                             ("outputBytes", .double(g.layers[v].outputBytes)),
                             ("seconds", .array(inst.tiers.indices.map { .double(inst.cost.seconds[$0][v]) }))])
                })))
            }
            printJSON(.object(top))
            return
        }
        print("instance    \(inst.name)")
        if !inst.description.isEmpty { print("            \(inst.description)") }
        print("problem     \(inst.problem.kind.rawValue)")
        print("layers      \(g.count)  (\(g.edgeCount) edges, \(g.sinks.count) output layer(s))")
        print("parameters  \(params)  (\(UnitFormat.bytes(weightBytes)) of weights)")
        print("MACs        \(UnitFormat.count(macs))  (\(UnitFormat.count(flops)) FLOP)")
        print("input       \(UnitFormat.bytes(inputBytes)); all activations \(UnitFormat.bytes(activationBytes))")
        print("")
        var t = TextTable(header: ["tier", "device", "all on tier (ms)", "profiled layers"], rightAligned: [2, 3])
        for (k, tier) in inst.tiers.enumerated() {
            let profiled = inst.cost.source[k].filter { $0 == .profile }.count
            t.rows.append([tier.name, tier.device?.name ?? "-", UnitFormat.milliseconds(tierSeconds[k]), "\(profiled)/\(g.count - 1)"])
        }
        print(t.render(), terminator: "")
        for (k, l) in inst.links.enumerated() {
            print("link \(inst.tiers[k].name) -> \(inst.tiers[k + 1].name): \(UnitFormat.bandwidth(l.bandwidth)), \(UnitFormat.duration(l.latency)) per transfer")
        }
        if layers {
            print("")
            var lt = TextTable(header: ["layer", "op", "output"] + inst.tiers.map { "\($0.name) (ms)" },
                               rightAligned: Set(2..<(3 + inst.tiers.count)))
            for v in g.layers.indices {
                lt.rows.append([g.layers[v].id, g.layers[v].op.rawValue, UnitFormat.bytes(g.layers[v].outputBytes)] +
                               inst.tiers.indices.map { UnitFormat.milliseconds(inst.cost.seconds[$0][v]) })
            }
            print(lt.render(), terminator: "")
        }
    }
}

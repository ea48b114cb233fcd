import ArgumentParser
import ModelZoo
import PartitionModel
import PartitionSolvers

struct ZooCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "The model zoo: real architectures with device and network presets.",
        discussion: """
        Example:
          dnnpart zoo list
          dnnpart zoo export resnet18 --edge rpi3 --cloud server-8core --network 4g \\
            -o resnet18.json
        """,
        subcommands: [ZooList.self, ZooExport.self]
    )
}

struct ZooList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the models, device presets and network presets.",
        discussion: "Example: dnnpart zoo list --json"
    )

    @Flag(help: "Machine-readable output (SI units).")
    var json = false

    func run() {
        let models = ModelZoo.models.map { m -> (ZooModel, Int, Double, Int) in
            let g = m.build()
            return (m, g.count, g.layers.reduce(0.0) { $0 + $1.macs }, g.layers.reduce(0) { $0 + $1.params })
        }
        if json {
            printJSON(.object([
                ("models", .array(models.map { m, layers, macs, params in
                    .object([("name", .string(m.name)), ("summary", .string(m.summary)), ("layers", .int(layers)),
                             ("parameters", .int(params)), ("macs", .double(macs))])
                })),
                ("devices", .array(DevicePresets.all.map { p in
                    .object([("name", .string(p.name)), ("device", .string(p.device.name)),
                             ("flopsPerSecond", .double(p.device.flopsPerSecond)), ("memoryBandwidth", .double(p.device.memoryBandwidth)),
                             ("calibration", .string(p.calibration))])
                })),
                ("networks", .array(NetworkPresets.all.map { n in
                    .object([("name", .string(n.name)), ("bandwidth", .double(n.link.bandwidth)), ("latency", .double(n.link.latency)),
                             ("source", .string(n.source))])
                })),
            ]))
            return
        }
        var t = TextTable(header: ["model", "layers", "parameters", "MACs", "description"], rightAligned: [1, 2, 3])
        for (m, layers, macs, params) in models {
            t.rows.append([m.name, "\(layers)", "\(params)", UnitFormat.count(macs), m.summary])
        }
        print(t.render())
        var d = TextTable(header: ["device", "conv GFLOP/s", "memory GB/s", "description"], rightAligned: [1, 2])
        for p in DevicePresets.all {
            d.rows.append([p.name, UnitFormat.fixed(p.device.flopsPerSecond(for: .conv) / 1e9, 3),
                           UnitFormat.fixed(p.device.memoryBandwidth / 1e9, 1), p.device.name])
        }
        print(d.render())
        var n = TextTable(header: ["network", "uplink", "latency", "source"])
        for p in NetworkPresets.all {
            n.rows.append([p.name, UnitFormat.bandwidth(p.link.bandwidth), UnitFormat.duration(p.link.latency), p.source])
        }
        print(n.render(), terminator: "")
    }
}

struct ZooExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an instance file for a zoo model on preset devices and networks.",
        discussion: """
        Two tiers (latency, throughput): --edge DEVICE --cloud DEVICE --network NET. Three tiers (three-tier): --device DEVICE --edge DEVICE --cloud DEVICE --network NET (device→edge) --backbone NET (edge→cloud).

        --profile FILE.csv overrides the cost model with measured times. The header names the unit (s, ms or us); then one line per measurement, `#` comments allowed, e.g.

            layer,tier,ms
            conv1,edge,12.3
            fc6,cloud,1.2

        Examples:
          dnnpart zoo export resnet18 --edge rpi3 --cloud server-8core --network 4g \\
            -o resnet18.json
          dnnpart zoo export vgg16 --edge nexus5 --cloud gpu-v100 --network wifi \\
            --profile measured.csv
          dnnpart zoo export googlenet --problem three-tier --device rpi3 --edge \\
            jetson-tk1 --cloud server-8core --network wifi --backbone 4g
          dnnpart zoo export resnet50 --groups 4 --width 1.5 --problem channels \\
            --devices 4 --cluster-device rpi3 --network wifi
          dnnpart zoo export alexnet --problem fc --layer fc6 --density 0.09 \\
            --devices 4 --cluster-device nexus5-modnn --network wifi
        """
    )

    @Argument(help: "Model name (see `dnnpart zoo list`).")
    var model: String

    @OptionGroup var presets: TierPresetOptions

    @Option(help: "Problem kind written into the instance: latency, throughput, three-tier, fc.")
    var problem: ProblemKind = .latency

    @Option(parsing: .unconditional, help: "Decouple the model (resnet50, vgg16) DeCNN's way: group every stage convolution into G groups.")
    var groups: Int?

    @Option(parsing: .unconditional, help: "With --groups: scale every width by this factor (rounded to a multiple of G).")
    var width: Double = 1

    @Option(parsing: .unconditional, help: "fc and channels: devices in the cluster (copies of --cluster-device linked by --network). (default: 4, or the length of a --cluster-device list)")
    var devices: Int?

    @Option(help: "fc and channels: device preset of the cluster, or a comma-separated list of presets, one per device (e.g. rpi3,rpi3,jetson-tk1).")
    var clusterDevice: String = "nexus5-modnn"

    @Option(help: "fc: the fc layer (default: the model's first).")
    var layer: String?

    @Option(help: "fc: weights generator, magnitude or blocks.")
    var generator: String = "magnitude"

    @Option(parsing: .unconditional, help: "fc: density of the generated weights, in (0, 1].")
    var density: Double?

    @Option(parsing: .unconditional, help: "fc: planted blocks (blocks generator).")
    var blocks: Int = 8

    @Option(parsing: .unconditional, help: "fc: fraction of nonzeros outside the blocks (blocks generator).")
    var noise: Double = 0.05

    @Option(parsing: .unconditional, help: "fc: seed of the weights generator.")
    var seed: UInt64 = 1

    @Option(name: [.customShort("o"), .long], help: "Output file (default: standard output).")
    var output: String?

    @Flag(help: "With -o: print a JSON summary of the written instance (without -o the instance itself is printed, as JSON).")
    var json = false

    func validate() throws {
        if let d = devices, !(1...InputLimits.maxDevices).contains(d) {
            throw ValidationError("--devices must be in 1...\(InputLimits.maxDevices), found \(d)")
        }
        if let g = groups, !(1...InputLimits.maxGroups).contains(g) {
            throw ValidationError("--groups must be in 1...\(InputLimits.maxGroups), found \(g)")
        }
        guard width.isFinite, width > 0, width <= 64 else { throw ValidationError("--width must be in (0, 64], found \(width)") }
        if let d = density, !(d.isFinite && d > 0 && d <= 1) { throw ValidationError("--density must be in (0, 1], found \(d)") }
        if clusterDevice.split(separator: ",").count > InputLimits.maxDevices {
            throw ValidationError("--cluster-device lists more than \(InputLimits.maxDevices) devices")
        }
    }

    func run() throws {
        try withInputErrors {
            guard let m = ModelZoo.model(named: model) else {
                throw SolverInputError("unknown model \"\(model)\" (models: \(ModelZoo.models.map(\.name).joined(separator: ", ")))")
            }
            let (tiers, links) = try presets.tiersAndLinks(problem)
            let measured = try presets.measured()
            var spec = ProblemSpec(kind: problem, rate: presets.rate)
            var cluster: [ClusterDevice] = []
            if problem == .channels {
                guard groups != nil else { throw SolverInputError("--problem channels needs a decoupled model: give --groups G (and --width F)") }
                cluster = try exportCluster(limit: 64)
            }
            if problem == .fc {
                guard let d = density else { throw SolverInputError("--problem fc needs --density (and --generator magnitude|blocks)") }
                guard let pattern = SparsityPattern(generator: generator, density: d, blocks: blocks, noise: noise) else {
                    throw SolverInputError("unknown --generator \"\(generator)\" (known: \(SparsityPattern.generatorNames.joined(separator: ", ")))")
                }
                if let why = pattern.problem { throw SolverInputError(why) }
                spec.fcLayer = layer
                spec.weights = .generated(pattern, seed: seed)
                cluster = try exportCluster(limit: 256)
            }
            if problem == .pipeline { cluster = try exportCluster(limit: PipelineDP.maxDevices) }
            var zooModel = m
            if let g = groups {
                guard g >= 2, g <= 512, width.isFinite, width > 0, width <= 8 else { throw SolverInputError("--groups must be in 2...512 and --width in (0, 8]") }
                guard ModelZoo.decoupled(m.name, groups: g, width: width) != nil else {
                    throw SolverInputError("--groups: only resnet50 and vgg16 have a decoupled form")
                }
                let w = width
                zooModel = ZooModel(name: "\(m.name)-g\(g)-w\(w)", summary: "\(m.summary), decoupled (DeCNN): \(g) groups, width ×\(w)", input: m.input,
                                    referenceParameters: nil, publishedMACs: nil, macsSource: "", build: { ModelZoo.decoupled(m.name, groups: g, width: w)! })
            }
            var inst = try InstanceExport.instance(model: zooModel, tiers: tiers, links: links,
                                                   problem: spec, profile: measured,
                                                   profileFile: presets.profile ?? "<profile>")
            if !cluster.isEmpty && (problem == .channels || problem == .pipeline) {
                inst = try inst.replacingCluster(cluster)
                inst.name += "-\(clusterName)"
            } else if !cluster.isEmpty {
                inst = try inst.replacingCluster(cluster)
                if let l = layer, inst.graph.index[l] == nil { throw SolverInputError("unknown layer \"\(l)\" in \(m.name)") }
                inst.name += "-\(layer ?? "fc")-\(generator)-\(clusterName)"
            }
            let text = InstanceWriter.text(inst)
            if let path = output {
                try FileBytes.write(text, path: path)
                if json {
                    printJSON(.object([("wrote", .string(path)), ("name", .string(inst.name)), ("problem", .string(inst.problem.kind.rawValue)),
                                       ("layers", .int(inst.graph.count)), ("tiers", .array(inst.tiers.map { .string($0.name) })),
                                       ("devices", .array(inst.cluster.map { .string($0.name) }))]))
                }
            } else {
                print(text, terminator: "")  // the instance itself is JSON
            }
        }
    }
}

extension ZooExport {
    /// The presets of --cluster-device: one name repeated --devices times, or a list of names.
    var clusterPresets: [String] {
        let names = clusterDevice.split(separator: ",").map { String($0.filter { $0 != " " }) }
        return names.count > 1 ? names : Array(repeating: clusterDevice, count: devices ?? 4)
    }

    /// "4xrpi3" for copies, "rpi3+rpi3+jetson-tk1" for a list.
    var clusterName: String {
        let names = clusterPresets
        return Set(names).count == 1 ? "\(names.count)x\(names[0])" : names.joined(separator: "+")
    }

    func exportCluster(limit: Int) throws -> [ClusterDevice] {
        let names = clusterPresets
        if names.count > 1, clusterDevice.contains(","), let d = devices, d != names.count {
            throw SolverInputError("--devices \(d) disagrees with the \(names.count) presets of --cluster-device")
        }
        guard (1...limit).contains(names.count) else { throw SolverInputError("--devices must be in 1...\(limit)") }
        return try DevicePresets.cluster(presets: names, network: presets.network)
    }
}

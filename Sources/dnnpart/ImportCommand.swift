import ArgumentParser
import ModelZoo
import PartitionModel
import PartitionONNX
import PartitionSolvers

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an ONNX model as an instance file (shapes, MACs and parameters inferred; weights never read).",
        discussion: """
        One layer per ONNX node that depends on the input (shape arithmetic on constants is folded away); --fuse folds element-wise activations and BatchNormalization into their producer. Layer ids follow PyTorch's module names (/layer1/layer1.0/conv1/Conv → layer1.0.conv1), so a profile measured per module joins as it is. Initializers are read for their dimensions only: a model saved with external data imports without its weight files. The tiers, links and problem are chosen with the same presets as `zoo export`.

        Examples:
          dnnpart import instances/onnx/resnet18.onnx -o r18.json
          dnnpart import model.onnx --input-shape input=1x3x320x320 --fuse --edge \\
            jetson-tk1 --network 4g -o model.json
        """
    )

    @Argument(help: "The ONNX model file.")
    var model: String

    @OptionGroup var presets: TierPresetOptions

    @Option(help: "Problem kind written into the instance: latency, throughput, three-tier or pipeline (with --cluster-device; the other problems take --problem on solve and compare).")
    var problem: ProblemKind = .latency

    @Option(help: "Pipeline: the devices' presets in pipeline order of preference, comma-separated (device 0 holds the input), e.g. rpi3,rpi3,nexus5; joined by --network.")
    var clusterDevice: String?

    @Option(name: .customLong("input-shape"), help: "Shape of a graph input with dynamic dimensions, NAME=1x3x224x224 (repeatable).")
    var inputShapes: [String] = []

    @Flag(help: "Fold element-wise activations and BatchNormalization into the layer producing their input.")
    var fuse = false

    @Option(help: "Instance name (default: the file name without .onnx).")
    var name: String?

    @Option(name: [.customShort("o"), .long], help: "Output file (default: standard output).")
    var output: String?

    @Flag(help: "With -o: print a JSON summary of the import (without -o the instance itself is printed, as JSON).")
    var json = false

    func validate() throws {
        if problem == .pipeline, clusterDevice == nil { throw ValidationError("--problem pipeline needs --cluster-device PRESET,PRESET,…") }
        guard [.latency, .throughput, .threeTier, .pipeline].contains(problem) else {
            throw ValidationError("--problem must be latency, throughput, three-tier or pipeline, found \(problem.rawValue)")
        }
    }

    func run() throws {
        try withInputErrors {
            let shapes = try Self.parseInputShapes(inputShapes)
            let imported = try ONNXImporter.importModel(path: model, options: ONNXImportOptions(inputShapes: shapes, fuse: fuse))
            let (tiers, links) = try presets.tiersAndLinks(problem == .pipeline ? .latency : problem)
            let stem = name ?? Self.stem(of: model)
            let graph = imported.graph
            let zooModel = ZooModel(name: stem, summary: "\(stem) imported from \(Self.fileName(of: model))", input: (0, 0, 0),
                                    referenceParameters: nil, publishedMACs: nil, macsSource: "", build: { graph })
            var inst = try InstanceExport.instance(model: zooModel, tiers: tiers, links: links, problem: ProblemSpec(kind: problem, rate: presets.rate),
                                                   profile: try presets.measured(), profileFile: presets.profile ?? "<profile>",
                                                   generator: "dnnpart import")
            if problem == .pipeline, let names = clusterDevice?.split(separator: ",").map(String.init) {
                guard (1...PipelineDP.maxDevices).contains(names.count) else { throw SolverInputError("--cluster-device lists \(names.count) devices; the pipeline takes 1…\(PipelineDP.maxDevices)") }
                inst = try inst.replacingCluster(try DevicePresets.cluster(presets: names, network: presets.network))
                inst.name += "-" + names.joined(separator: "+")
            }
            for w in imported.warnings { printError("warning: \(w)") }
            let text = InstanceWriter.text(inst)
            guard let path = output else { print(text, terminator: ""); return }
            try FileBytes.write(text, path: path)
            let macs = graph.layers.reduce(0.0) { $0 + $1.macs }, params = graph.layers.reduce(0) { $0 + $1.params }
            if json {
                printJSON(.object([("wrote", .string(path)), ("name", .string(inst.name)), ("problem", .string(problem.rawValue)),
                                   ("layers", .int(graph.count)), ("macs", .double(macs)), ("params", .int(params)),
                                   ("warnings", .array(imported.warnings.map { .string($0) }))]))
            } else {
                print("wrote \(path): \(graph.count) layers, \(UnitFormat.fixed(macs / 1e9, 3)) GMACs, \(params) parameters" +
                      (imported.warnings.isEmpty ? "" : ", \(imported.warnings.count) warning(s)"))
            }
        }
    }

    /// `NAME=1x3x224x224` pairs as a dictionary; a malformed pair is an error naming it.
    static func parseInputShapes(_ items: [String]) throws(PartitionError) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let dims = parts.count == 2 ? parts[1].split(separator: "x", omittingEmptySubsequences: false).map { Int($0) } : []
            guard parts.count == 2, !parts[0].isEmpty, !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= InputLimits.maxDimension }) else {
                throw PartitionError(file: "--input-shape", path: item, reason: "expected NAME=D1xD2x… with dimensions in 1…\(InputLimits.maxDimension), e.g. input=1x3x224x224")
            }
            out[parts[0]] = dims.map { $0! }
        }
        return out
    }

    static func fileName(of path: String) -> String { String(path.split(separator: "/").last ?? Substring(path)) }

    static func stem(of path: String) -> String {
        let f = fileName(of: path)
        return f.hasSuffix(".onnx") ? String(f.dropLast(5)) : f
    }
}

import ArgumentParser
import PartitionModel
import PartitionONNX

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Cut an ONNX model by a plan into one ONNX file per tier, plus manifest.json.",
        discussion: """
        The plan is a tier-assignment plan ({"assignment": {"<layer id>": "<tier>", …}}) or the output of `dnnpart solve --json`, made on an instance imported from the same model with the same --fuse and --input-shape. Each part reads the tensors it receives from earlier parts as graph inputs and lists what it sends as graph outputs; initializers go into the parts that read them. manifest.json lists the files in execution order, which tensor goes where and the bytes of every transfer: run the parts in order with onnxruntime, feeding each the tensors the manifest names.

        Example:
          dnnpart import model.onnx -o m.json && dnnpart solve m.json --json > plan.json
          dnnpart split model.onnx plan.json -o parts/
        """
    )

    @Argument(help: "The ONNX model file.")
    var model: String

    @Argument(help: "The plan (tier assignment, or `dnnpart solve --json` output).")
    var plan: String

    @Option(name: [.customShort("o"), .long], help: "Output folder.")
    var output: String

    @Option(name: .customLong("input-shape"), help: "As given to `dnnpart import`: NAME=1x3x224x224 (repeatable).")
    var inputShapes: [String] = []

    @Flag(help: "As given to `dnnpart import`: fold activations and BatchNormalization into their producers.")
    var fuse = false

    @Flag(help: "Print the manifest as JSON.")
    var json = false

    func run() throws {
        try withInputErrors {
            let assignment = try Self.readAssignment(plan)
            let options = ONNXImportOptions(inputShapes: try ImportCommand.parseInputShapes(inputShapes), fuse: fuse)
            let split = try ONNXSplitter.split(modelPath: model, assignment: assignment, options: options)
            try ONNXSplitter.write(split, to: output, model: ImportCommand.fileName(of: model), plan: ImportCommand.fileName(of: plan))
            if json { printJSON(ONNXSplitter.manifest(split, model: ImportCommand.fileName(of: model), plan: ImportCommand.fileName(of: plan))); return }
            for (k, p) in split.parts.enumerated() {
                let bytes = split.transfers.filter { $0.to == k }.reduce(0.0) { $0 + $1.bytes }
                print("\(output)/\(p.file): tier \(p.tier), \(p.layers.count) layers, receives \(p.inputs.count) tensor(s) (\(UnitFormat.bytes(bytes))), sends \(p.outputs.count)")
            }
            print("wrote \(output)/manifest.json")
        }
    }

    /// The layer → tier map of a plan file (or of `solve --json` output's "plan").
    static func readAssignment(_ path: String) throws(PartitionError) -> [String: String] {
        let root = try JSONCursor.load(file: path)
        let plan = try root.optionalField("plan") ?? root
        var out: [String: String] = [:]
        for (layer, tier) in try plan.field("assignment").object() { out[layer] = try tier.string() }
        return out
    }
}

import Foundation
import PartitionModel

/// One deployable part of a split model: the nodes of one tier's layers, with the cut tensors as
/// its inputs and outputs.
public struct SplitPart: Sendable {
    /// The file name in the output folder (`part0-edge.onnx`).
    public let file: String
    /// The tier (or device) that runs it.
    public let tier: String
    /// The layer ids it runs, in graph order.
    public let layers: [String]
    /// Tensors it receives (graph inputs or other parts' outputs).
    public let inputs: [String]
    /// Tensors it sends (to later parts, or the model's outputs).
    public let outputs: [String]
    let model: Onnx_ModelProto
}

/// A tensor that crosses from one part to another.
public struct SplitTransfer: Sendable, Equatable {
    /// The tensor's name in both parts.
    public let tensor: String
    /// The part that produces it (nil: the model's input, held by the input layer's tier).
    public let from: Int?
    /// The part that reads it.
    public let to: Int
    /// Its size in bytes.
    public let bytes: Double
}

/// A model cut into parts, in the order they run.
public struct ONNXSplit: Sendable {
    /// The parts, in execution order.
    public let parts: [SplitPart]
    /// Every tensor that crosses between parts (or from the input to a part).
    public let transfers: [SplitTransfer]
    /// The model's inputs and outputs.
    public let modelInputs: [String], modelOutputs: [String]
}

/// Cuts an ONNX model into one model per tier of a plan, each runnable on its own with onnxruntime.
///
/// Algorithm: the model is imported (the same options as `dnnpart import`, so the plan's layer
/// ids match), each layer's nodes go to its tier's part, and parts run in the order of their
/// first node (ONNX lists nodes topologically, and a tier-chain plan only sends forward). A part
/// reads every data tensor it needs but does not produce as a graph input; initializers are copied
/// into the parts that read them; constant tensors the importer folded (shape arithmetic) become
/// Constant nodes, and other constants bring their producing nodes along.
///
/// - Complexity: O(nodes + tensors) per part.
public enum ONNXSplitter {
    /// Splits the model at `path` by `assignment` (layer id → tier name).
    public static func split(modelPath path: String, assignment: [String: String], options: ONNXImportOptions) throws(PartitionError) -> ONNXSplit {
        let model = try ONNXFile.read(path)
        let imported: ONNXModel
        do { imported = try ONNXImporter.importGraph(model.graph, options: options) } catch {
            throw PartitionError(file: path, path: error.path, reason: error.reason)
        }
        return try Cutter(model: model, imported: imported, assignment: assignment).cut()
    }

    /// Writes every part and `manifest.json` into `directory` (created when missing).
    public static func write(_ split: ONNXSplit, to directory: String, model: String, plan: String) throws(PartitionError) {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw PartitionError(file: directory, path: "", reason: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
        for p in split.parts { try ONNXFile.write(p.model, path: directory + "/" + p.file) }
        do { try FileBytes.write(manifest(split, model: model, plan: plan).serialized(), path: directory + "/manifest.json") } catch {
            throw PartitionError(file: directory + "/manifest.json", path: "", reason: "\(error)")
        }
    }

    /// The manifest: files in order, what each reads and sends, and the bytes of every transfer.
    public static func manifest(_ split: ONNXSplit, model: String, plan: String) -> JSONValue {
        .object([
            ("format", .int(1)), ("kind", .string("onnx-split")), ("model", .string(model)), ("plan", .string(plan)),
            ("inputs", .array(split.modelInputs.map { .string($0) })), ("outputs", .array(split.modelOutputs.map { .string($0) })),
            ("parts", .array(split.parts.enumerated().map { k, p in
                .object([("index", .int(k)), ("file", .string(p.file)), ("tier", .string(p.tier)),
                         ("inputs", .array(p.inputs.map { .string($0) })), ("outputs", .array(p.outputs.map { .string($0) })),
                         ("layers", .array(p.layers.map { .string($0) }))])
            })),
            ("transfers", .array(split.transfers.map { t in
                .object([("tensor", .string(t.tensor)), ("from", t.from.map { .int($0) } ?? .string("input")), ("to", .int(t.to)),
                         ("bytes", .double(t.bytes))])
            })),
            ("transferBytes", .double(split.transfers.reduce(0) { $0 + $1.bytes })),
        ])
    }
}

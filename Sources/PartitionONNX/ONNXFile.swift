import Foundation
import PartitionModel
import SwiftProtobuf

/// Reading and writing ONNX model files (protobuf `ModelProto`).
enum ONNXFile {
    /// The model in `path`, parsed without touching external weight files.
    ///
    /// The file must pass ``FileBytes``' checks (a regular file within the size limit); a file
    /// that is not a valid `ModelProto` is an error naming the file.
    static func read(_ path: String) throws(PartitionError) -> Onnx_ModelProto {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path: path) } catch {
            throw PartitionError(file: path, path: "", reason: "cannot read the file: \(error)")
        }
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 200
            return try Onnx_ModelProto(serializedBytes: bytes, options: options)
        } catch {
            throw PartitionError(file: path, path: "", reason: "not an ONNX model (protobuf ModelProto): \(error)")
        }
    }

    /// Writes `model` to `path`.
    static func write(_ model: Onnx_ModelProto, path: String) throws(PartitionError) {
        let data: [UInt8]
        do { data = try model.serializedBytes() } catch {
            throw PartitionError(file: path, path: "", reason: "could not serialise the model: \(error)")
        }
        do { try FileBytes.write(bytes: data, path: path) } catch {
            throw PartitionError(file: path, path: "", reason: "\(error)")
        }
    }
}

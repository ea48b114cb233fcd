import Foundation
import PartitionModel
@testable import PartitionONNX
import Testing
import TestSupport

/// A small ONNX graph written in Swift, for the operator rules.
struct GraphSketch {
    var graph = Onnx_GraphProto()

    init(input: String = "x", shape: [Int64?], type: Int32 = 1) {
        var v = Onnx_ValueInfoProto()
        v.name = input
        var t = Onnx_TypeProto.Tensor()
        t.elemType = type
        var s = Onnx_TensorShapeProto()
        s.dim = shape.map { d in
            var dim = Onnx_TensorShapeProto.Dimension()
            if let d { dim.dimValue = d } else { dim.dimParam = "N" }
            return dim
        }
        t.shape = s
        v.type.tensorType = t
        graph.input.append(v)
    }

    /// A weight of `dims` (values only for small int64 tensors).
    mutating func initializer(_ name: String, _ dims: [Int64], int64: [Int64]? = nil, floats: [Float]? = nil) {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = dims
        t.dataType = int64 == nil ? 1 : 7
        if let v = int64 { t.int64Data = v } else if let f = floats { t.floatData = f } else { t.dataLocation = .external }
        graph.initializer.append(t)
    }

    mutating func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String? = nil, ints: [String: [Int64]] = [:],
                       int: [String: Int64] = [:], string: [String: String] = [:], domain: String = "") {
        var n = Onnx_NodeProto()
        n.opType = op
        n.domain = domain
        n.name = name ?? "/\(outputs[0])/\(op)"
        n.input = inputs
        n.output = outputs
        for (k, v) in ints { var a = Onnx_AttributeProto(); a.name = k; a.ints = v; a.type = .ints; n.attribute.append(a) }
        for (k, v) in int { var a = Onnx_AttributeProto(); a.name = k; a.i = v; a.type = .int; n.attribute.append(a) }
        for (k, v) in string { var a = Onnx_AttributeProto(); a.name = k; a.s = Data(v.utf8); a.type = .string; n.attribute.append(a) }
        graph.node.append(n)
    }

    mutating func declare(_ name: String, _ shape: [Int64]) {
        var v = Onnx_ValueInfoProto()
        v.name = name
        v.type.tensorType.elemType = 1
        v.type.tensorType.shape.dim = shape.map { var d = Onnx_TensorShapeProto.Dimension(); d.dimValue = $0; return d }
        graph.valueInfo.append(v)
    }

    func load(_ options: ONNXImportOptions = ONNXImportOptions()) throws(PartitionError) -> ONNXModel {
        try ONNXImporter.importGraph(graph, options: options)
    }

    func layer(_ id: String, _ options: ONNXImportOptions = ONNXImportOptions()) throws -> Layer {
        let g = try load(options).graph
        return g.layers[try #require(g.index[id], "no layer \(id) in \(g.layers.map(\.id))")]
    }
}

@Suite("ONNX import: operator rules")
struct ShapeInferenceTests {
    @Test("Conv: groups, dilation, strides, asymmetric and SAME padding")
    func conv() throws {
        var s = GraphSketch(shape: [1, 8, 32, 32])
        s.initializer("w", [16, 4, 3, 3])
        s.node("Conv", ["x", "w"], ["c"], ints: ["pads": [2, 2, 2, 2], "dilations": [2, 2], "strides": [2, 2]], int: ["group": 2])
        let c = try s.layer("c")
        #expect(c.shape == [16, 16, 16])
        #expect(c.macs == 16 * 16 * 16 * 4 * 9)
        let w = try #require(c.window)
        #expect(c.params == 16 * 4 * 9 && w.groups == 2 && w.dilation == (2, 2))

        var same = GraphSketch(shape: [1, 3, 15, 15])
        same.initializer("w", [4, 3, 3, 3])
        same.node("Conv", ["x", "w"], ["c"], ints: ["strides": [2, 2]], string: ["auto_pad": "SAME_UPPER"])
        #expect(try same.layer("c").shape == [4, 8, 8])
    }

    @Test("pools: ceil mode, global pooling; ConvTranspose; Gemm and batched MatMul")
    func poolsAndProducts() throws {
        var s = GraphSketch(shape: [1, 4, 112, 112])
        s.node("MaxPool", ["x"], ["p"], ints: ["kernel_shape": [3, 3], "strides": [2, 2]], int: ["ceil_mode": 1])
        s.node("GlobalAveragePool", ["p"], ["g"])
        s.initializer("wt", [4, 2, 2, 2])
        s.node("ConvTranspose", ["p", "wt"], ["t"], ints: ["strides": [2, 2]])
        let g = try s.load().graph
        #expect(g.layers[g.index["p"]!].shape == [4, 56, 56])  // floor would give 55
        #expect(g.layers[g.index["g"]!].shape == [4, 1, 1])
        #expect(g.layers[g.index["t"]!].shape == [2, 112, 112])
        #expect(g.layers[g.index["t"]!].macs == 4 * 56 * 56 * 2 * 4)

        var m = GraphSketch(shape: [1, 12, 197, 64])
        m.node("Transpose", ["x"], ["xt"], ints: ["perm": [0, 1, 3, 2]])
        m.node("MatMul", ["x", "xt"], ["scores"])
        m.initializer("w", [64, 10])
        m.node("MatMul", ["x", "w"], ["proj"])
        let scores = try m.layer("scores"), proj = try m.layer("proj")
        #expect(scores.shape == [12, 197, 197] && scores.macs == 12 * 197 * 197 * 64 && scores.op == .other)
        #expect(proj.op == .fc && proj.macs == 12 * 197 * 64 * 10 && proj.params == 640)
    }

    @Test("Reshape after folded shape arithmetic (Shape → Gather → Unsqueeze → Concat)")
    func folding() throws {
        var s = GraphSketch(shape: [1, 32, 7, 7])
        s.node("Shape", ["x"], ["sh"])
        s.initializer("zero", [], int64: [0])
        s.node("Gather", ["sh", "zero"], ["n"], int: ["axis": 0])
        s.initializer("axes", [1], int64: [0])
        s.node("Unsqueeze", ["n", "axes"], ["n1"])
        s.initializer("minus1", [1], int64: [-1])
        s.node("Concat", ["n1", "minus1"], ["target"], int: ["axis": 0])
        s.node("Reshape", ["x", "target"], ["flat"])
        let g = try s.load().graph
        #expect(g.count == 2)  // the shape arithmetic is folded away
        #expect(g.layers[g.index["flat"]!].shape == [1568])
    }

    @Test("broadcasting Add; Split, Slice, Squeeze, Pad, Resize")
    func tensorOps() throws {
        var s = GraphSketch(shape: [1, 6, 10, 10])
        s.initializer("bias", [6, 1, 1])
        s.node("Add", ["x", "bias"], ["a"])
        s.initializer("parts", [2], int64: [2, 4])
        s.node("Split", ["a", "parts"], ["s0", "s1"], int: ["axis": 1])
        s.initializer("st", [1], int64: [1]); s.initializer("en", [1], int64: [Int64.max]); s.initializer("ax", [1], int64: [2])
        s.node("Slice", ["s1", "st", "en", "ax"], ["sl"])
        s.initializer("pads", [8], int64: [0, 0, 1, 1, 0, 0, 1, 1])
        s.node("Pad", ["sl", "pads"], ["pd"])
        s.initializer("scales", [4], floats: [1, 1, 2, 2])
        s.node("Resize", ["s0", "", "scales"], ["rs"])
        let g = try s.load().graph
        #expect(g.layers[g.index["a"]!].shape == [6, 10, 10] && g.layers[g.index["a"]!].params == 6)
        #expect(g.layers[g.index["sl"]!].shape == [4, 9, 10])
        #expect(g.layers[g.index["pd"]!].shape == [4, 11, 12])
        #expect(g.layers[g.index["rs"]!].shape == [2, 20, 20])
    }

    @Test("an unsupported operator is an error naming node and type, unless value_info gives its shape")
    func unsupported() throws {
        var s = GraphSketch(shape: [1, 4, 8, 8])
        s.node("DeformConv", ["x"], ["y"], name: "/head/DeformConv")
        #expect { try s.load() } throws: { e in
            "\(e)".contains("/head/DeformConv") && "\(e)".contains("DeformConv is not supported")
        }
        s.declare("y", [1, 4, 8, 8])
        let m = try s.load()
        #expect(m.warnings.contains { $0.contains("opaque") })
        #expect(m.graph.layers[m.graph.index["head"]!].flops == 0)
    }

    @Test("dynamic dimensions: batch defaults to 1, others need --input-shape")
    func dynamic() throws {
        var s = GraphSketch(shape: [nil, 3, nil, nil])
        s.initializer("w", [8, 3, 3, 3])
        s.node("Conv", ["x", "w"], ["c"])
        #expect { try s.load() } throws: { e in "\(e)".contains("--input-shape x=1x3xNxN") }
        let c = try s.layer("c", ONNXImportOptions(inputShapes: ["x": [1, 3, 64, 48]]))
        #expect(c.shape == [8, 62, 46])
        #expect { try s.load(ONNXImportOptions(inputShapes: ["y": [1]])) } throws: { e in "\(e)".contains("not a graph input") }
    }

    @Test("shape mistakes in a model are errors naming the node")
    func mistakes() throws {
        var s = GraphSketch(shape: [1, 8, 4, 4])
        s.initializer("w", [16, 4, 3, 3])  // 4 channels per group, but the input has 8 and group is 1
        s.node("Conv", ["x", "w"], ["c"], name: "/bad/Conv")
        #expect { try s.load() } throws: { e in "\(e)".contains("/bad/Conv") && "\(e)".contains("group") }
        var r = GraphSketch(shape: [1, 10])
        r.initializer("target", [2], int64: [3, 4])
        r.node("Reshape", ["x", "target"], ["y"])
        #expect { try r.load() } throws: { e in "\(e)".contains("cannot reshape") }
    }
}

@Suite("ONNX import: hostile files")
struct HostileONNXTests {
    @Test("mutated bytes of a real model import or fail with a reason, never crash")
    func mutatedBytes() throws {
        let original = try FileBytes.read(path: RepositoryPaths.path("instances/onnx/residual-cnn.onnx"))
        var rng = SeededGenerator(seed: 17)
        let dir = Shell.temporaryDirectory()
        var (imported, refused) = (0, 0)
        for round in 0..<200 {
            var bytes = original
            for _ in 0..<(1 + round % 8) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] = UInt8.random(in: 0...255, using: &rng)
            }
            if round % 10 == 9 { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng))) }
            let path = dir + "/m\(round).onnx"
            try FileBytes.write(bytes: bytes, path: path)
            do {
                _ = try ONNXImporter.importModel(path: path)
                imported += 1
            } catch {
                #expect(error.file == path && !error.reason.isEmpty)
                refused += 1
            }
        }
        #expect(imported + refused == 200)
    }

    @Test("huge attributes and dimensions are refused with a reason")
    func hugeValues() throws {
        var s = GraphSketch(shape: [1, 4, 8, 8])
        s.initializer("w", [4, 4, 3, 3])
        s.node("Conv", ["x", "w"], ["c"], ints: ["strides": [Int64.max, 1]])
        #expect { try s.load() } throws: { e in "\(e)".contains("strides") }
        var t = GraphSketch(shape: [1, 4, 8, 8])
        t.initializer("w", [Int64(1) << 40, 4, 3, 3])
        t.node("Conv", ["x", "w"], ["c"])
        #expect { try t.load() } throws: { e in "\(e)".contains("dimension") }
        var p = GraphSketch(shape: [1, 4, 8, 8])
        p.initializer("pads", [8], int64: [0, 0, Int64.max, 0, 0, 0, Int64.max, 0])
        p.node("Pad", ["x", "pads"], ["y"])
        #expect { try p.load() } throws: { e in "\(e)".contains("dimension") }
    }
}

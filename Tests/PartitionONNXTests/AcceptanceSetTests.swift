import ModelZoo
import PartitionModel
@testable import PartitionONNX
import PartitionSolvers
import Testing
import TestSupport

/// The shipped ONNX files (instances/onnx/, exported by scripts/export_onnx_models.py) against the
/// zoo, torchvision's parameter counts and analytic transformer counts.
@Suite("ONNX import: the acceptance set")
struct AcceptanceSetTests {
    static func load(_ name: String, fuse: Bool = false) throws -> ONNXModel {
        try ONNXImporter.importModel(path: RepositoryPaths.path("instances/onnx/\(name).onnx"), options: ONNXImportOptions(fuse: fuse))
    }

    static func macs(_ g: LayerGraph) -> Double { g.layers.reduce(0) { $0 + $1.macs } }
    static func params(_ g: LayerGraph) -> Int { g.layers.reduce(0) { $0 + $1.params } }

    @Test("every shipped ONNX file imports, without its weight files", arguments:
          ["alexnet", "vgg16", "resnet18", "resnet50", "googlenet", "mobilenet_v2", "vit_b_16", "bert_base", "residual-cnn"])
    func imports(_ name: String) throws {
        let m = try Self.load(name)
        #expect(m.graph.count > 10)
        #expect(Self.macs(m.graph) > 0)
        // The stripped files point at weight files that are not shipped.
        let onnx = try ONNXFile.read(RepositoryPaths.path("instances/onnx/\(name).onnx"))
        if name != "residual-cnn" {
            #expect(onnx.graph.initializer.contains { $0.dataLocation == .external })
            #expect(Shell.run(["/usr/bin/test", "-e", RepositoryPaths.path("instances/onnx/\(name).weights")]).status != 0)
        }
    }

    /// torchvision's `sum(p.numel() for p in model.parameters())`; the exports keep BatchNorm.
    static let torchvisionParameters: [(onnx: String, zoo: String, params: Int)] = [
        ("alexnet", "alexnet", 61_100_840), ("vgg16", "vgg16", 138_357_544), ("resnet18", "resnet18", 11_689_512),
        ("resnet50", "resnet50", 25_557_032), ("googlenet", "googlenet", 6_624_904), ("mobilenet_v2", "mobilenetv2", 3_504_872),
    ]

    @Test("CNNs: MACs equal the zoo's within 1%, parameters equal torchvision's exactly", arguments: torchvisionParameters)
    func cnn(_ c: (onnx: String, zoo: String, params: Int)) throws {
        let m = try Self.load(c.onnx)
        let zoo = try #require(ModelZoo.model(named: c.zoo)).build()
        let (ours, theirs) = (Self.macs(m.graph), Self.macs(zoo))
        #expect(abs(ours - theirs) <= 0.01 * theirs, "\(c.onnx): \(ours) MACs imported, \(theirs) in the zoo")
        #expect(Self.params(m.graph) == c.params)
        // Fusing moves FLOPs and parameters into the producers; it never changes the totals.
        let fused = try Self.load(c.onnx, fuse: true)
        #expect(fused.graph.count < m.graph.count)
        #expect(Self.macs(fused.graph) == ours && Self.params(fused.graph) == c.params)
    }

    /// ViT-B/16 at 224×224: 196 patches + the class token, width 768, MLP 3072, 12 layers.
    @Test("vit_b_16: MACs match the analytic count within 1%, parameters torchvision's")
    func vit() throws {
        let m = try Self.load("vit_b_16")
        let (n, d, mlp, layers) = (197.0, 768.0, 3072.0, 12.0)
        let patchEmbedding = 196 * d * (3 * 16 * 16)
        let attention = 3 * n * d * d + 2 * n * n * d + n * d * d  // Q, K, V; scores and weighted sum; output projection
        let perLayer = attention + 2 * n * d * mlp
        let analytic = patchEmbedding + layers * perLayer + d * 1000
        #expect(abs(Self.macs(m.graph) - analytic) <= 0.01 * analytic, "\(Self.macs(m.graph)) vs \(analytic)")
        #expect(Self.params(m.graph) == 86_567_656)
    }

    /// BERT-base (BertConfig() defaults) on 128 tokens, with the pooler.
    @Test("bert_base: MACs match the analytic count within 1%, parameters transformers'")
    func bert() throws {
        let m = try Self.load("bert_base")
        let (n, d, mlp, layers) = (128.0, 768.0, 3072.0, 12.0)
        let perLayer = 3 * n * d * d + 2 * n * n * d + n * d * d + 2 * n * d * mlp
        let analytic = layers * perLayer + d * d  // + the pooler's dense layer on the first token
        #expect(abs(Self.macs(m.graph) - analytic) <= 0.01 * analytic, "\(Self.macs(m.graph)) vs \(analytic)")
        #expect(Self.params(m.graph) == 109_482_240)
    }

    @Test("layer ids are PyTorch's module names")
    func names() throws {
        let g = try Self.load("resnet18").graph
        for id in ["conv1", "bn1", "relu", "maxpool", "layer1.0.conv1", "layer1.0.bn2", "layer1.0.add", "layer1.0.relu_1",
                   "layer2.0.downsample.0", "avgpool", "flatten", "fc"] {
            #expect(g.index[id] != nil, "no layer \(id)")
        }
        let conv = g.layers[g.index["layer2.0.conv1"]!]
        let w = try #require(conv.window)
        #expect(conv.shape == [128, 28, 28] && w.stride == (2, 2) && w.padding == (1, 1) && w.kernel == (3, 3))
        #expect(conv.inputs == ["layer1.1.relu_1"])
    }

    @Test("P1 and P3 on the imported ResNet-18 equal the zoo's optima within 1%")
    func optimaMatchTheZoo() throws {
        let imported = try Self.load("resnet18").graph
        let zoo = try #require(ModelZoo.model(named: "resnet18")).build()
        func optimum(_ graph: LayerGraph, threeTier: Bool) throws -> Double {
            let model = ZooModel(name: "r18", summary: "", input: (3, 224, 224), referenceParameters: nil, publishedMACs: nil, macsSource: "", build: { graph })
            let tiers = threeTier ? [("device", try DevicePresets.require("rpi3")), ("edge", try DevicePresets.require("jetson-tk1")), ("cloud", try DevicePresets.require("server-8core"))]
                : [("edge", try DevicePresets.require("rpi3")), ("cloud", try DevicePresets.require("server-8core"))]
            let links = threeTier ? [try NetworkPresets.require("wifi"), try NetworkPresets.require("4g")] : [try NetworkPresets.require("4g")]
            let inst = try InstanceExport.instance(model: model, tiers: tiers.map { (name: $0.0, device: $0.1) }, links: links,
                                                   problem: ProblemSpec(kind: threeTier ? .threeTier : .latency))
            if threeTier {
                let p = ThreeTierProblem(inst), r = try p.solve(with: StackedCutSolver.name)
                #expect(r.status == .optimal)
                return p.verify(try #require(r.plan)).objective
            }
            let p = LatencyProblem(inst), r = try p.solve(with: DSLSolver.name)
            #expect(r.status == .optimal)
            return p.verify(try #require(r.plan)).objective
        }
        for threeTier in [false, true] {
            let (a, b) = (try optimum(imported, threeTier: threeTier), try optimum(zoo, threeTier: threeTier))
            #expect(abs(a - b) <= 0.01 * b, "three-tier \(threeTier): imported \(a) s, zoo \(b) s")
        }
    }
}

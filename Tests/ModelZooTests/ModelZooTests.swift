import Testing
import PartitionModel
import ModelZoo
import TestSupport

extension ZooModel: CustomTestStringConvertible {
    public var testDescription: String { name }
}

@Suite("Model zoo")
struct ModelZooTests {
    @Test(arguments: ModelZoo.models)
    func parametersMatchTheReferenceExactlyAndMACsWithin2Percent(model: ZooModel) {
        let g = model.build()
        let params = g.layers.reduce(0) { $0 + $1.params }
        let macs = g.layers.reduce(0.0) { $0 + $1.macs }
        if let ref = model.referenceParameters {
            #expect(params == ref, "\(model.name): \(params) parameters, reference \(ref)")
        }
        if let published = model.publishedMACs {
            let rel = (macs - published) / published
            print("\(model.name): \(params) parameters, \(UnitFormat.count(macs))MACs vs published \(UnitFormat.count(published)) (\(UnitFormat.fixed(100 * rel, 2))%)")
            #expect(abs(rel) <= 0.02, "\(model.name): \(macs) MACs, published \(published)")
        }
        let input = g.layers[g.inputIndex]
        #expect(input.shape == [model.input.c, model.input.h, model.input.w])
        #expect(g.sinks.count == 1)
        for layer in g.layers {
            #expect(layer.outputBytes == Double(layer.shape.reduce(1, *)) * 4)
            #expect(layer.flops >= 2 * layer.macs)
            if layer.op.hasWindow { #expect(layer.window != nil, "\(layer.id) lost its geometry") }
        }
    }

    /// Parameter counts of the models without a torchvision reference, summed by hand per layer.
    @Test func handCountedParameters() {
        func params(_ g: LayerGraph) -> Int { g.layers.reduce(0) { $0 + $1.params } }
        // NiN: conv1 34,944; cccp1-2 2 × 9,312; conv2 614,656; cccp3-4 2 × 65,792; conv3 885,120;
        // cccp5-6 2 × 147,840; conv4 3,539,968; cccp7 1,049,600; cccp8 1,025,000.
        #expect(params(ModelZoo.nin()) == 7_595_176)
        // CaffeNet: 34,944 + 307,456 + 885,120 + 663,936 + 442,624 + 37,752,832 + 16,781,312 + 4,097,000.
        #expect(params(ModelZoo.caffeNet()) == 60_965_224)
        // Tiny YOLOv2: 3×3 weights 16·27 + 32·144 + 64·288 + 128·576 + 256·1152 + 512·2304 + 1024·4608
        // + 1024·9216 = 15,727,536, BN 2 × 3,056 = 6,112, conv9 125·1024 + 125 = 128,125.
        #expect(params(ModelZoo.tinyYOLOv2()) == 15_727_536 + 6_112 + 128_125)
    }

    @Test func shapesAtKnownPoints() {
        let alex = ModelZoo.alexNet()
        #expect(alex.layers[alex.index["pool5"]!].shape == [256, 6, 6])
        let caffe = ModelZoo.caffeNet()
        #expect(caffe.layers[caffe.index["conv1"]!].shape == [96, 55, 55])
        #expect(caffe.layers[caffe.index["pool5"]!].shape == [256, 6, 6])
        let nin = ModelZoo.nin()
        #expect(nin.layers[nin.index["pool1"]!].shape == [96, 27, 27])
        #expect(nin.layers[nin.index["cccp8"]!].shape == [1000, 6, 6])
        let yolo = ModelZoo.tinyYOLOv2()
        #expect(yolo.layers[yolo.index["pool6"]!].shape == [512, 13, 13])
        #expect(yolo.layers[yolo.index["conv9"]!].shape == [125, 13, 13])
        let g = ModelZoo.googLeNet()
        #expect(g.layers[g.index["maxpool1"]!].shape == [64, 56, 56])
        #expect(g.layers[g.index["inception3a.concat"]!].shape == [256, 28, 28])
        #expect(g.layers[g.index["inception4e.concat"]!].shape == [832, 14, 14])
        #expect(g.layers[g.index["inception5b.concat"]!].shape == [1024, 7, 7])
        let r50 = ModelZoo.resNet50()
        #expect(r50.layers[r50.index["layer4.2.relu"]!].shape == [2048, 7, 7])
        #expect(r50.layers.filter { $0.op == .add }.count == 16)
        let m = ModelZoo.mobileNetV2()
        #expect(m.layers[m.index["features.18.relu"]!].shape == [1280, 7, 7])
        #expect(m.layers.filter { $0.op == .add }.count == 10)
        // features.2 is the first (6, 24, 2, 2) block: 16 channels expanded 6× to 96, depthwise, stride 2.
        let dw = m.layers[m.index["features.2.dw.conv"]!].window!
        #expect(dw.groups == 96 && dw.inChannels == 96 && dw.stride == (2, 2))
    }

    @Test func convGeometryIsKept() {
        let v = ModelZoo.vgg16()
        let c = v.layers[v.index["conv3_2"]!]
        #expect(c.window == WindowGeometry(kernel: (3, 3), stride: (1, 1), padding: (1, 1), inChannels: 256, outChannels: 256))
        #expect(c.macs == 56 * 56 * 256 * 256 * 9)
    }
}

@Suite("NetworkBuilder mistakes")
struct NetworkBuilderMistakeTests {
    /// Mistakes do not trap: build() throws every one of them, naming the layer.
    @Test func buildThrowsEveryMistakeWithTheLayer() {
        var b = NetworkBuilder()
        let x = b.input(channels: 3, height: 8, width: 8)
        b.conv("c1", x, out: 4, kernel: 3, groups: 2)            // 2 groups do not divide 3 channels
        b.conv("c2", "nope", out: 4, kernel: 3)                   // unknown input
        let f = b.flatten("f", x)
        b.maxPool("p", f, kernel: 2, stride: 0)                   // a vector is not a map; stride 0
        b.conv("c3", x, out: 4, kernel: 11)                       // the map shrinks below one pixel
        b.add("a", [x, f])                                        // different shapes
        b.input(channels: 1, height: 1, width: 1)                 // duplicate id "input"
        #expect(throws: NetworkBuilder.BuildError.self) { try b.build() }
        do { _ = try b.build() } catch {
            for needle in ["c1:", "c2: unknown input", "p: input \"f\"", "p: stride 0", "c3: output shape", "a: add of different shapes",
                           "duplicate layer id input"] {
                #expect(error.problems.contains { $0.contains(needle) }, "missing \(needle) in \(error.problems)")
            }
        }
    }

    @Test func aSoundModelBuilds() throws {
        var b = NetworkBuilder()
        let x = b.input(channels: 3, height: 8, width: 8)
        let c = b.conv("c", x, out: 4, kernel: 3, padding: 1)
        b.fc("fc", b.flatten("f", c), out: 10)
        let g = try b.build()
        #expect(g.count == 4 && g.layers[1].macs == 8 * 8 * 4 * 27)
    }
}

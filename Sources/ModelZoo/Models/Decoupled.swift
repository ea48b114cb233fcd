import PartitionModel

extension ModelZoo {
    /// The width of a decoupled layer: `channels · width` rounded to the nearest multiple of
    /// `groups` (at least `groups`).
    public static func decoupledWidth(_ channels: Int, groups: Int, width: Double) -> Int {
        max(groups, Int((Double(channels) * width / Double(groups)).rounded()) * groups)
    }

    /// DeCNN's decoupled ResNet-50: every convolution of the four stages grouped into `groups`
    /// groups, a channel shuffle at the three stage boundaries, all widths scaled by `width`.
    ///
    /// The stem (7×7 conv, max pool) stays dense; each device computes the stem channels of its
    /// own groups from the broadcast image, so stage 1 needs no exchange. The classifier is an
    /// input-based split: each device multiplies its channels' pooled features into the 1000
    /// outputs and the partial sums are added on the aggregator.
    ///
    /// Source: DeCNN (decoupled CNNs for distributed inference on edge devices); the grouping and
    /// shuffle follow ShuffleNet (Zhang et al., CVPR 2018).
    public static func decoupledResNet50(groups g: Int, width f: Double) -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        x = b.convBNAct("conv1", x, out: decoupledWidth(64, groups: g, width: f), kernel: 7, stride: 2, padding: 3)
        x = b.maxPool("maxpool", x, kernel: 3, stride: 2, padding: 1)
        var inChannels = b.shape(x)[0]
        for (stage, count) in [3, 4, 6, 3].enumerated() {
            let mid = decoupledWidth(64 << stage, groups: g, width: f), out = 4 * mid
            for i in 0..<count {
                let p = "layer\(stage + 1).\(i)"
                let stride = (i == 0 && stage > 0) ? 2 : 1
                var y = b.convBNAct(p + ".1", x, out: mid, kernel: 1, groups: g)
                y = b.convBNAct(p + ".2", y, out: mid, kernel: 3, stride: stride, padding: 1, groups: g)
                y = b.convBNAct(p + ".3", y, out: out, kernel: 1, groups: g, activation: false)
                var shortcut = x
                if stride != 1 || inChannels != out {
                    shortcut = b.convBNAct(p + ".downsample", x, out: out, kernel: 1, stride: stride, groups: g, activation: false)
                }
                x = b.activation(p + ".relu", b.add(p + ".add", [y, shortcut]))
                inChannels = out
            }
            if stage < 3 { x = b.shuffle("layer\(stage + 1).shuffle", x, groups: g) }
        }
        x = b.flatten("flatten", b.globalAvgPool("avgpool", x))
        b.softmax("prob", b.fc("fc", x, out: 1000))
        return b.graph()
    }

    /// DeCNN's decoupling applied to VGG-16: conv1_1 dense (three input channels), every other
    /// convolution grouped into `groups`, a shuffle after pool1…pool4, widths scaled by `width`;
    /// fc6 is the input-based split, fc7 and fc8 run on the aggregator.
    public static func decoupledVGG16(groups g: Int, width f: Double) -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        let stages = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]
        for (s, widths) in stages.enumerated() {
            for (i, out) in widths.enumerated() {
                let name = "conv\(s + 1)_\(i + 1)"
                let groups = (s == 0 && i == 0) ? 1 : g
                x = b.activation("relu\(s + 1)_\(i + 1)", b.conv(name, x, out: decoupledWidth(out, groups: g, width: f), kernel: 3, padding: 1, groups: groups))
            }
            x = b.maxPool("pool\(s + 1)", x, kernel: 2, stride: 2)
            if s < 4 { x = b.shuffle("shuffle\(s + 1)", x, groups: g) }
        }
        x = b.flatten("flatten", x)
        x = b.dropout("drop6", b.activation("relu6", b.fc("fc6", x, out: 4096)))
        x = b.dropout("drop7", b.activation("relu7", b.fc("fc7", x, out: 4096)))
        b.softmax("prob", b.fc("fc8", x, out: 1000))
        return b.graph()
    }

    /// The decoupled form of a zoo model (resnet50 or vgg16), or nil for the others.
    public static func decoupled(_ name: String, groups: Int, width: Double) -> LayerGraph? {
        switch name {
        case "resnet50": return decoupledResNet50(groups: groups, width: width)
        case "vgg16": return decoupledVGG16(groups: groups, width: width)
        default: return nil
        }
    }
}

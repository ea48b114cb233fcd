import PartitionModel

extension ModelZoo {
    /// ResNet-18 as in torchvision (basic blocks [2, 2, 2, 2]), 224×224 input.
    ///
    /// 11,689,512 parameters, 1.81 GMACs. Source: K. He, X. Zhang, S. Ren, J. Sun, "Deep Residual
    /// Learning for Image Recognition", CVPR 2016.
    public static func resNet18() -> LayerGraph {
        resNet(blocks: [2, 2, 2, 2], bottleneck: false)
    }

    /// ResNet-50 as in torchvision (bottleneck blocks [3, 4, 6, 3], stride on the 3×3 convolution,
    /// "ResNet v1.5"), 224×224 input. 25,557,032 parameters, 4.09 GMACs.
    public static func resNet50() -> LayerGraph {
        resNet(blocks: [3, 4, 6, 3], bottleneck: true)
    }

    static func resNet(blocks: [Int], bottleneck: Bool) -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        x = b.convBNAct("conv1", x, out: 64, kernel: 7, stride: 2, padding: 3)
        x = b.maxPool("maxpool", x, kernel: 3, stride: 2, padding: 1)
        let expansion = bottleneck ? 4 : 1
        var inChannels = 64
        for (stage, count) in blocks.enumerated() {
            let width = 64 << stage
            for i in 0..<count {
                let p = "layer\(stage + 1).\(i)"
                let stride = (i == 0 && stage > 0) ? 2 : 1
                let identity = x
                var y: String
                if bottleneck {
                    y = b.convBNAct(p + ".1", x, out: width, kernel: 1)
                    y = b.convBNAct(p + ".2", y, out: width, kernel: 3, stride: stride, padding: 1)
                    y = b.convBNAct(p + ".3", y, out: width * expansion, kernel: 1, activation: false)
                } else {
                    y = b.convBNAct(p + ".1", x, out: width, kernel: 3, stride: stride, padding: 1)
                    y = b.convBNAct(p + ".2", y, out: width, kernel: 3, padding: 1, activation: false)
                }
                var shortcut = identity
                if stride != 1 || inChannels != width * expansion {
                    shortcut = b.convBNAct(p + ".downsample", identity, out: width * expansion, kernel: 1, stride: stride, activation: false)
                }
                x = b.activation(p + ".relu", b.add(p + ".add", [y, shortcut]))
                inChannels = width * expansion
            }
        }
        x = b.flatten("flatten", b.globalAvgPool("avgpool", x))
        b.softmax("prob", b.fc("fc", x, out: 1000))
        return b.graph()
    }
}

import PartitionModel

extension ModelZoo {
    /// MobileNetV2 (width 1.0) as in torchvision, 224×224 input.
    ///
    /// Inverted residual blocks (1×1 expansion, 3×3 depthwise, 1×1 linear projection, ReLU6,
    /// residual add when the stride is 1 and the widths match), settings
    /// (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1).
    /// 3,504,872 parameters, 0.30 GMACs. Source: M. Sandler et al., "MobileNetV2: Inverted
    /// Residuals and Linear Bottlenecks", CVPR 2018.
    public static func mobileNetV2() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        x = b.convBNAct("features.0", x, out: 32, kernel: 3, stride: 2, padding: 1)
        var inChannels = 32
        var index = 1
        for (t, c, n, s) in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)] {
            for i in 0..<n {
                let p = "features.\(index)"
                let stride = i == 0 ? s : 1
                let hidden = inChannels * t
                var y = x
                if t != 1 { y = b.convBNAct(p + ".expand", y, out: hidden, kernel: 1) }
                y = b.convBNAct(p + ".dw", y, out: hidden, kernel: 3, stride: stride, padding: 1, groups: hidden)
                y = b.convBNAct(p + ".project", y, out: c, kernel: 1, activation: false)
                x = (stride == 1 && inChannels == c) ? b.add(p + ".add", [x, y]) : y
                inChannels = c
                index += 1
            }
        }
        x = b.convBNAct("features.18", x, out: 1280, kernel: 1)
        x = b.flatten("flatten", b.globalAvgPool("avgpool", x))
        x = b.dropout("dropout", x)
        b.softmax("prob", b.fc("classifier", x, out: 1000))
        return b.graph()
    }
}

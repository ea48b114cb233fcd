import PartitionModel

extension ModelZoo {
    /// GoogLeNet (Inception v1) as in torchvision, without the auxiliary heads, 224×224 input.
    ///
    /// Every convolution is conv (no bias) + batch norm + ReLU; pooling in ceil mode. Like
    /// torchvision, the "5×5" branch of each inception block uses a 3×3 convolution (a known
    /// deviation from the paper that torchvision's weights depend on). 6,624,904 parameters,
    /// 1.50 GMACs. Source: C. Szegedy et al., "Going Deeper with Convolutions", CVPR 2015.
    public static func googLeNet() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        x = b.convBNAct("conv1", x, out: 64, kernel: 7, stride: 2, padding: 3)
        x = b.maxPool("maxpool1", x, kernel: 3, stride: 2, ceilMode: true)
        x = b.convBNAct("conv2", x, out: 64, kernel: 1)
        x = b.convBNAct("conv3", x, out: 192, kernel: 3, padding: 1)
        x = b.maxPool("maxpool2", x, kernel: 3, stride: 2, ceilMode: true)
        func inception(_ name: String, _ x: String, _ c1: Int, _ c3r: Int, _ c3: Int, _ c5r: Int, _ c5: Int, _ pp: Int) -> String {
            let b1 = b.convBNAct(name + ".branch1", x, out: c1, kernel: 1)
            let b2 = b.convBNAct(name + ".branch2.1", b.convBNAct(name + ".branch2.0", x, out: c3r, kernel: 1), out: c3, kernel: 3, padding: 1)
            let b3 = b.convBNAct(name + ".branch3.1", b.convBNAct(name + ".branch3.0", x, out: c5r, kernel: 1), out: c5, kernel: 3, padding: 1)
            let p = b.maxPool(name + ".branch4.pool", x, kernel: 3, stride: 1, padding: 1, ceilMode: true)
            let b4 = b.convBNAct(name + ".branch4.1", p, out: pp, kernel: 1)
            return b.concat(name + ".concat", [b1, b2, b3, b4])
        }
        x = inception("inception3a", x, 64, 96, 128, 16, 32, 32)
        x = inception("inception3b", x, 128, 128, 192, 32, 96, 64)
        x = b.maxPool("maxpool3", x, kernel: 3, stride: 2, ceilMode: true)
        x = inception("inception4a", x, 192, 96, 208, 16, 48, 64)
        x = inception("inception4b", x, 160, 112, 224, 24, 64, 64)
        x = inception("inception4c", x, 128, 128, 256, 24, 64, 64)
        x = inception("inception4d", x, 112, 144, 288, 32, 64, 64)
        x = inception("inception4e", x, 256, 160, 320, 32, 128, 128)
        x = b.maxPool("maxpool4", x, kernel: 2, stride: 2, ceilMode: true)
        x = inception("inception5a", x, 256, 160, 320, 32, 128, 128)
        x = inception("inception5b", x, 384, 192, 384, 48, 128, 128)
        x = b.flatten("flatten", b.globalAvgPool("avgpool", x))
        x = b.dropout("dropout", x)
        b.softmax("prob", b.fc("fc", x, out: 1000))
        return b.graph()
    }
}

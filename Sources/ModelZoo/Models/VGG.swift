import PartitionModel

extension ModelZoo {
    /// VGG-16 (configuration D, no batch norm) as in torchvision, 224×224 input.
    ///
    /// Thirteen 3×3 convolutions in five stages with max pooling, then three fully connected
    /// layers. 138,357,544 parameters, 15.47 GMACs.
    /// Source: K. Simonyan, A. Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
    /// Recognition", ICLR 2015.
    public static func vgg16() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        let stages = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]
        for (s, widths) in stages.enumerated() {
            for (i, out) in widths.enumerated() {
                let name = "conv\(s + 1)_\(i + 1)"
                x = b.activation("relu\(s + 1)_\(i + 1)", b.conv(name, x, out: out, kernel: 3, padding: 1))
            }
            x = b.maxPool("pool\(s + 1)", x, kernel: 2, stride: 2)
        }
        x = b.flatten("flatten", x)
        x = b.dropout("drop6", b.activation("relu6", b.fc("fc6", x, out: 4096)))
        x = b.dropout("drop7", b.activation("relu7", b.fc("fc7", x, out: 4096)))
        b.softmax("prob", b.fc("fc8", x, out: 1000))
        return b.graph()
    }
}

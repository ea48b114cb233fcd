import PartitionModel

extension ModelZoo {
    /// AlexNet as in torchvision (one-tower, 64-192-384-256-256 channels), 224×224 input.
    ///
    /// Source: A. Krizhevsky, "One weird trick for parallelizing convolutional neural networks",
    /// arXiv:1404.5997 (the variant torchvision implements). 61,100,840 parameters, 0.71 GMACs.
    public static func alexNet() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        let convs = [(64, 11, 4, 2), (192, 5, 1, 2), (384, 3, 1, 1), (256, 3, 1, 1), (256, 3, 1, 1)]
        for (i, (out, k, s, p)) in convs.enumerated() {
            x = b.conv("conv\(i + 1)", x, out: out, kernel: k, stride: s, padding: p)
            x = b.activation("relu\(i + 1)", x)
            if i == 0 || i == 1 || i == 4 { x = b.maxPool("pool\(i == 4 ? 5 : i + 1)", x, kernel: 3, stride: 2) }
        }
        // Adaptive average pooling to 6×6 is the identity at 224×224.
        x = b.flatten("flatten", x)
        x = b.dropout("drop6", x)
        x = b.activation("relu6", b.fc("fc6", x, out: 4096))
        x = b.dropout("drop7", x)
        x = b.activation("relu7", b.fc("fc7", x, out: 4096))
        x = b.fc("fc8", x, out: 1000)
        b.softmax("prob", x)
        return b.graph()
    }

    /// CaffeNet (BVLC reference CaffeNet), the model of MeDNN, 227×227 input.
    ///
    /// AlexNet's original two-group layout (conv2, conv4, conv5 in 2 groups, 96-256-384-384-256
    /// channels) with pooling before local response normalisation. 60,965,224 parameters.
    /// Source: Y. Jia et al., "Caffe: Convolutional Architecture for Fast Feature Embedding", 2014
    /// (models/bvlc_reference_caffenet).
    public static func caffeNet() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 227, width: 227)
        x = b.activation("relu1", b.conv("conv1", x, out: 96, kernel: 11, stride: 4))
        x = b.lrn("norm1", b.maxPool("pool1", x, kernel: 3, stride: 2, ceilMode: true))
        x = b.activation("relu2", b.conv("conv2", x, out: 256, kernel: 5, padding: 2, groups: 2))
        x = b.lrn("norm2", b.maxPool("pool2", x, kernel: 3, stride: 2, ceilMode: true))
        x = b.activation("relu3", b.conv("conv3", x, out: 384, kernel: 3, padding: 1))
        x = b.activation("relu4", b.conv("conv4", x, out: 384, kernel: 3, padding: 1, groups: 2))
        x = b.activation("relu5", b.conv("conv5", x, out: 256, kernel: 3, padding: 1, groups: 2))
        x = b.maxPool("pool5", x, kernel: 3, stride: 2, ceilMode: true)
        x = b.flatten("flatten", x)
        x = b.dropout("drop6", b.activation("relu6", b.fc("fc6", x, out: 4096)))
        x = b.dropout("drop7", b.activation("relu7", b.fc("fc7", x, out: 4096)))
        b.softmax("prob", b.fc("fc8", x, out: 1000))
        return b.graph()
    }
}

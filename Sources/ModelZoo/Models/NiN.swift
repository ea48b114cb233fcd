import PartitionModel

extension ModelZoo {
    /// Network in Network for ImageNet (the Caffe model zoo's `nin_imagenet`), 224×224 input.
    ///
    /// Four mlpconv blocks (a k×k convolution followed by two 1×1 "cccp" convolutions, each with
    /// ReLU), max pooling in Caffe's ceil mode, and global average pooling instead of fully
    /// connected layers. 7,595,176 parameters.
    /// Source: M. Lin, Q. Chen, S. Yan, "Network In Network", ICLR 2014.
    public static func nin() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 224, width: 224)
        let blocks = [(96, 11, 4, 0), (256, 5, 1, 2), (384, 3, 1, 1), (1024, 3, 1, 1)]
        for (i, (out, k, s, p)) in blocks.enumerated() {
            let n = i + 1
            if n == 4 { x = b.dropout("drop", x) }
            x = b.activation("relu\(n)", b.conv("conv\(n)", x, out: out, kernel: k, stride: s, padding: p))
            x = b.activation("relu_cccp\(2 * n - 1)", b.conv("cccp\(2 * n - 1)", x, out: out, kernel: 1))
            let last = n == 4 ? 1000 : out
            x = b.activation("relu_cccp\(2 * n)", b.conv("cccp\(2 * n)", x, out: last, kernel: 1))
            if n < 4 { x = b.maxPool("pool\(n)", x, kernel: 3, stride: 2, ceilMode: true) }
        }
        x = b.globalAvgPool("pool4", x)
        b.softmax("prob", b.flatten("flatten", x))
        return b.graph()
    }
}

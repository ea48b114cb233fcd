import PartitionModel

extension ModelZoo {
    /// YOLOv2 for COCO (darknet's `yolov2.cfg`), 608×608 input, the network DeepThings partitions.
    ///
    /// Darknet-19's 18 convolutions with five 2×2 max pools down to 19×19; three more 3×3 × 1024
    /// convolutions; the passthrough: layer 16's 512 × 38 × 38 map through a 1×1 × 64 convolution
    /// and a stride-2 reorg (space to depth, 256 × 19 × 19), concatenated with the main path; a
    /// 3×3 × 1024 convolution and the linear 1×1 × 425 detector (5 anchors × (80 classes + 5)).
    /// Every other convolution has batch norm and leaky ReLU and no bias. Layer ids carry darknet's
    /// layer indices (`conv0`, `pool1`, …, `conv15`), so DeepThings' "first 16 layers" are
    /// `conv0..conv15`.
    ///
    /// 50,962,889 parameters: darknet's `yolov2.weights` holds 50,983,561 floats, of which 20,672
    /// are batch norm running means and variances (buffers here). 31.47 G MACs; darknet reports
    /// 62.94 BFLOPs = 2 × MACs. Source: J. Redmon, A. Farhadi, "YOLO9000: Better, Faster,
    /// Stronger", CVPR 2017, and darknet's `cfg/yolov2.cfg`.
    public static func yolov2() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 608, width: 608)
        // darknet layers 0–24: (filters, kernel) for a conv, nil for a 2×2/2 max pool.
        let body: [(Int, Int)?] = [(32, 3), nil, (64, 3), nil, (128, 3), (64, 1), (128, 3), nil, (256, 3), (128, 1), (256, 3), nil,
                                   (512, 3), (256, 1), (512, 3), (256, 1), (512, 3), nil, (1024, 3), (512, 1), (1024, 3), (512, 1), (1024, 3),
                                   (1024, 3), (1024, 3)]
        var passthrough = x
        for (i, layer) in body.enumerated() {
            if let (out, k) = layer {
                x = darknetConv(&b, i, x, out: out, kernel: k)
            } else {
                x = b.maxPool("pool\(i)", x, kernel: 2, stride: 2)
            }
            if i == 16 { passthrough = x }
        }
        let narrow = darknetConv(&b, 26, passthrough, out: 64, kernel: 1)  // layer 25 is darknet's route to 16
        let reorg = b.spaceToDepth("reorg27", narrow, block: 2)
        let route = b.concat("route28", [reorg, x])
        x = darknetConv(&b, 29, route, out: 1024, kernel: 3)
        b.conv("conv30", x, out: 425, kernel: 1)
        return b.graph()
    }

    /// darknet's convolutional layer with batch_normalize=1 and leaky activation: conv (no bias), BN, leaky ReLU.
    private static func darknetConv(_ b: inout NetworkBuilder, _ i: Int, _ x: String, out: Int, kernel: Int) -> String {
        let c = b.conv("conv\(i)", x, out: out, kernel: kernel, padding: kernel / 2, bias: false)
        return b.activation("leaky\(i)", b.batchNorm("bn\(i)", c))
    }
}

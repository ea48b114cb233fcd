import PartitionModel

extension ModelZoo {
    /// Tiny YOLOv2 for PASCAL VOC (darknet's `yolov2-tiny-voc.cfg`), 416×416 input.
    ///
    /// Nine 3×3/1×1 convolutions with batch norm and leaky ReLU (the last, 1×1 with 125 filters =
    /// 5 anchors × (20 classes + 5), is linear with a bias), six 2×2 max pools (the last with
    /// stride 1 and darknet's one-pixel padding, so the map stays 13×13). 3.49 GMACs (darknet
    /// reports 6.97 BFLOPs = 2 × MACs). Source: J. Redmon, A. Farhadi, "YOLO9000: Better, Faster,
    /// Stronger", CVPR 2017.
    public static func tinyYOLOv2() -> LayerGraph {
        var b = NetworkBuilder()
        var x = b.input(channels: 3, height: 416, width: 416)
        let widths = [16, 32, 64, 128, 256, 512, 1024, 1024]
        for (i, out) in widths.enumerated() {
            let n = i + 1
            x = b.conv("conv\(n)", x, out: out, kernel: 3, padding: 1, bias: false)
            x = b.activation("leaky\(n)", b.batchNorm("bn\(n)", x))
            if n <= 5 {
                x = b.maxPool("pool\(n)", x, kernel: 2, stride: 2)
            } else if n == 6 {
                // darknet: size 2, stride 1, one pixel of padding after the map: 13 → 13.
                x = b.maxPool("pool6", x, kernel: 2, stride: 1, padEnd: 1)
            }
        }
        b.conv("conv9", x, out: 125, kernel: 1)
        return b.graph()
    }
}

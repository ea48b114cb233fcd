import PartitionModel

/// One model of the zoo: how to build it and the published figures it is checked against.
public struct ZooModel: Sendable {
    /// The name used on the command line (`dnnpart zoo export <name>`).
    public let name: String
    /// One line on the architecture.
    public let summary: String
    /// Input (channels, height, width).
    public let input: (c: Int, h: Int, w: Int)
    /// Exact parameter count of the reference implementation, when there is one.
    public let referenceParameters: Int?
    /// Published multiply–accumulates (per sample), and where they come from.
    public let publishedMACs: Double?
    /// Where the published MAC count comes from.
    public let macsSource: String
    /// Builds the model's graph.
    public let build: @Sendable () -> LayerGraph

    /// A zoo entry: its name, a one-line summary, the input shape, the published counts it is checked against, and a builder of its graph.
    public init(name: String, summary: String, input: (c: Int, h: Int, w: Int), referenceParameters: Int?, publishedMACs: Double?,
                macsSource: String, build: @escaping @Sendable () -> LayerGraph) {
        self.name = name
        self.summary = summary
        self.input = input
        self.referenceParameters = referenceParameters
        self.publishedMACs = publishedMACs
        self.macsSource = macsSource
        self.build = build
    }
}

/// Exact layer graphs of the networks the partition papers use.
///
/// Every layer's output shape, MACs, FLOPs and parameters are computed from
/// the architecture by ``NetworkBuilder``; conv and pool layers keep their
/// kernel, stride, padding, channels and groups for spatial tiling. Tests
/// hold the parameter counts to torchvision's exactly and the MACs to the
/// published figures within 2%.
public enum ModelZoo {
    /// Every model of the zoo.
    public static let models: [ZooModel] = [
        ZooModel(name: "nin", summary: "Network in Network (ImageNet), 224×224", input: (3, 224, 224),
                 referenceParameters: nil, publishedMACs: 1.100e9, macsSource: "no official figure; 1.10 G hand-summed layer by layer in docs/profiles.md",
                 build: { nin() }),
        ZooModel(name: "alexnet", summary: "AlexNet (torchvision), 224×224", input: (3, 224, 224),
                 referenceParameters: 61_100_840, publishedMACs: 0.71e9, macsSource: "torchvision documentation: 0.71 GFLOPS (MACs)",
                 build: { alexNet() }),
        ZooModel(name: "caffenet", summary: "CaffeNet (BVLC reference, MeDNN's model), 227×227", input: (3, 227, 227),
                 referenceParameters: 60_965_224, publishedMACs: 0.724e9, macsSource: "Netscope CNN Analyzer (Caffe AlexNet/CaffeNet): 724 M MACs",
                 build: { caffeNet() }),
        ZooModel(name: "vgg16", summary: "VGG-16 (torchvision), 224×224", input: (3, 224, 224),
                 referenceParameters: 138_357_544, publishedMACs: 15.47e9, macsSource: "torchvision documentation: 15.47 GFLOPS (MACs)",
                 build: { vgg16() }),
        ZooModel(name: "tiny-yolov2", summary: "Tiny YOLOv2 (darknet yolov2-tiny-voc), 416×416", input: (3, 416, 416),
                 referenceParameters: nil, publishedMACs: 6.97e9 / 2, macsSource: "darknet: 6.97 BFLOPs = 2 × MACs",
                 build: { tinyYOLOv2() }),
        ZooModel(name: "yolov2", summary: "YOLOv2 (darknet yolov2.cfg, COCO), 608×608", input: (3, 608, 608),
                 referenceParameters: 50_962_889, publishedMACs: 62.94e9 / 2, macsSource: "darknet: 62.94 BFLOPs = 2 × MACs",
                 build: { yolov2() }),
        ZooModel(name: "resnet18", summary: "ResNet-18 (torchvision), 224×224", input: (3, 224, 224),
                 referenceParameters: 11_689_512, publishedMACs: 1.81e9, macsSource: "torchvision documentation: 1.81 GFLOPS (MACs)",
                 build: { resNet18() }),
        ZooModel(name: "resnet50", summary: "ResNet-50 (torchvision), 224×224", input: (3, 224, 224),
                 referenceParameters: 25_557_032, publishedMACs: 4.09e9, macsSource: "torchvision documentation: 4.09 GFLOPS (MACs)",
                 build: { resNet50() }),
        ZooModel(name: "googlenet", summary: "GoogLeNet (torchvision, no auxiliary heads), 224×224", input: (3, 224, 224),
                 referenceParameters: 6_624_904, publishedMACs: 1.50e9, macsSource: "torchvision documentation: 1.50 GFLOPS (MACs)",
                 build: { googLeNet() }),
        ZooModel(name: "mobilenetv2", summary: "MobileNetV2 1.0 (torchvision), 224×224", input: (3, 224, 224),
                 referenceParameters: 3_504_872, publishedMACs: 0.30e9, macsSource: "torchvision documentation: 0.30 GFLOPS (MACs)",
                 build: { mobileNetV2() }),
    ]

    /// The model called `name` (case-insensitive).
    public static func model(named name: String) -> ZooModel? {
        models.first { $0.name == name.lowercased() }
    }
}

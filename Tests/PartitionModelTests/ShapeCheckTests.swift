import PartitionModel
import Testing

/// The six mistakes a hand-written instance used to get through silently, and the counts derived when absent.
@Suite("Instance files: shape checks and derived counts")
struct ShapeCheckTests {
    /// An instance with `layers` (JSON objects after the input layer) on an edge device and a cloud.
    static func instance(_ layers: [String], input: String = #"{"id": "in", "op": "input", "shape": [8, 32, 32]}"#) -> String {
        """
        {"format": 1, "name": "hand", "model": {"layers": [\(([input] + layers).joined(separator: ",\n"))]},
         "tiers": [{"name": "edge", "device": {"name": "pi", "flopsPerSecond": 1e9, "memoryBandwidth": 1e9}},
                   {"name": "cloud", "device": {"name": "server", "flopsPerSecond": 1e11, "memoryBandwidth": 1e10}}],
         "links": [{"from": "edge", "to": "cloud", "bandwidth": "10 Mbit/s"}], "problem": {"kind": "latency"}}
        """
    }

    static func refusal(_ text: String) -> PartitionError? {
        do { _ = try InstanceReader.read(text: text, file: "hand.json"); return nil } catch { return error }
    }

    @Test("a conv output that its window cannot produce")
    func convShape() throws {
        let e = try #require(Self.refusal(Self.instance([
            #"{"id": "c", "op": "conv", "inputs": ["in"], "shape": [16, 30, 30], "window": {"kernel": 3, "stride": 1, "padding": 1, "inChannels": 8, "outChannels": 16}}"#,
        ])))
        #expect(e.path == "$.model.layers[1].shape")
        #expect(e.reason == #"declared [16, 30, 30], window 3×3 stride 1 padding 1 on [8, 32, 32] ("in") gives [16, 32, 32]"#)
    }

    @Test("inChannels that disagree with the producer")
    func channels() throws {
        let e = try #require(Self.refusal(Self.instance([
            #"{"id": "a", "op": "conv", "inputs": ["in"], "shape": [16, 32, 32], "window": {"kernel": 3, "padding": 1, "inChannels": 8, "outChannels": 16}}"#,
            #"{"id": "b", "op": "conv", "inputs": ["a"], "shape": [8, 32, 32], "window": {"kernel": 3, "padding": 1, "inChannels": 8, "outChannels": 8}}"#,
        ])))
        #expect(e.path == "$.model.layers[2].window.inChannels")
        #expect(e.reason.contains("produces 16 channels"))
    }

    @Test("a stride-2 pool declared at the input's size")
    func poolShape() throws {
        let e = try #require(Self.refusal(Self.instance([
            #"{"id": "p", "op": "maxpool", "inputs": ["in"], "shape": [8, 32, 32], "window": {"kernel": 2, "stride": 2, "inChannels": 8, "outChannels": 8}}"#,
        ])))
        #expect(e.path == "$.model.layers[1].shape" && e.reason.contains("gives [8, 16, 16]"))
        // Ceil mode and SAME padding stay legal: one more row at the end.
        #expect(Self.refusal(Self.instance([
            #"{"id": "p", "op": "maxpool", "inputs": ["in"], "shape": [8, 16, 16], "window": {"kernel": 3, "stride": 2, "inChannels": 8, "outChannels": 8}}"#,
        ])) == nil)
    }

    @Test("a conv without a window, timed by a device, would cost 0")
    func convWithoutWindow() throws {
        let e = try #require(Self.refusal(Self.instance([#"{"id": "c", "op": "conv", "inputs": ["in"], "shape": [16, 32, 32]}"#])))
        #expect(e.path == "$.model.layers[1]" && e.reason.contains("without \"window\" or \"macs\""))
        #expect(e.reason.contains("tier \"edge\""))
    }

    @Test("fc layers get MACs and parameters from their shapes; without shapes they are refused")
    func fcCounts() throws {
        let inst = try InstanceReader.read(text: Self.instance([
            #"{"id": "flat", "op": "flatten", "inputs": ["in"], "shape": [8192]}"#,
            #"{"id": "fc", "op": "fc", "inputs": ["flat"], "shape": [10]}"#,
        ]), file: "hand.json")
        let fc = inst.graph.layers[inst.graph.index["fc"]!]
        #expect(fc.macs == 81_920 && fc.flops == 163_840)
        #expect(fc.params == 81_930 && fc.weightBytes == 4 * 81_930)
        let e = try #require(Self.refusal(Self.instance([#"{"id": "fc", "op": "fc", "inputs": ["in"], "outputBytes": "40 B"}"#])))
        #expect(e.reason.contains("an fc layer without \"macs\""))
    }

    @Test("parameters are derived when absent (conv with a bias, batchnorm 2 per channel)")
    func params() throws {
        let inst = try InstanceReader.read(text: Self.instance([
            #"{"id": "c", "op": "conv", "inputs": ["in"], "shape": [16, 32, 32], "window": {"kernel": 3, "padding": 1, "inChannels": 8, "outChannels": 16, "groups": 2}}"#,
            #"{"id": "bn", "op": "batchnorm", "inputs": ["c"], "shape": [16, 32, 32]}"#,
        ]), file: "hand.json")
        let c = inst.graph.layers[inst.graph.index["c"]!], bn = inst.graph.layers[inst.graph.index["bn"]!]
        #expect(c.params == 16 * 4 * 9 + 16 && c.weightBytes == Double(4 * c.params))
        #expect(bn.params == 32)
    }

    @Test("layers timed only by profiles need no window or MACs")
    func profiled() throws {
        let text = """
        {"format": 1, "name": "p", "model": {"layers": [{"id": "in", "op": "input", "outputBytes": "1 kB"},
          {"id": "c", "op": "conv", "inputs": ["in"], "outputBytes": "1 kB"}]},
         "tiers": [{"name": "edge", "profile": {"c": "3 ms"}}, {"name": "cloud", "profile": {"c": "1 ms"}}],
         "links": [{"from": "edge", "to": "cloud", "bandwidth": "10 Mbit/s"}]}
        """
        #expect(throws: Never.self) { try InstanceReader.read(text: text) }
    }
}

import Testing
import PartitionModel
import TestSupport

@Suite("dnnpart --problem pipeline")
struct PipelineCLITests {
    /// compare on the shipped 8-device instance: the DP is optimal and no row beats it; a solved plan
    /// file verifies with the same objective, and a plan that runs one device twice is refused.
    @Test func compareSolveAndVerify() throws {
        let f = instancePath("zoo/vgg16-pipeline-8-mixed-gbe.json")
        let c = dnnpart("compare", f, "--json")
        #expect(c.status == 0, "\(c.stderr)")
        let rows = try #require(try JSONParser.parse(c.stdout)["rows"]?.elements)
        #expect(rows.first?["solver"] == .string("dp") && rows.first?["status"] == .string("optimal"))
        let best = number(rows[0]["objective"])!
        #expect(rows.allSatisfy { number($0["objective"]).map { $0 >= best * (1 - 1e-9) } ?? true })
        let four = instancePath("zoo/vgg16-pipeline-4-mixed-gbe.json")
        for objective in ["period", "latency"] {
            let s = dnnpart("solve", four, "--pipeline-objective", objective, "--json")
            #expect(s.status == 0, "\(s.stderr)")
            let planFile = writeTemp(s.stdout, name: "pipeline-\(objective).json")
            let v = dnnpart("verify", four, planFile, "--json")
            #expect(v.status == 0, "\(v.stderr)")
            let solved = number(try JSONParser.parse(s.stdout)["objective"])!
            #expect(nearlyEqual(number(try JSONParser.parse(v.stdout)["objective"])!, solved, relative: 1e-12))
        }
        let bad = writeTemp(#"{"kind": "pipeline", "stages": [{"device": "rpi3-0", "first": "input", "last": "conv1_1"}, {"device": "rpi3-0", "first": "relu1_1", "last": "prob"}]}"#,
                            name: "pipeline-bad.json")
        let v = dnnpart("verify", f, bad)
        #expect(v.status == 1 && v.stdout.contains("runs two stages"), "\(v.stdout)\(v.stderr)")
        let unknown = writeTemp(#"{"kind": "pipeline", "stages": [{"device": "nobody", "first": "input", "last": "prob"}]}"#, name: "pipeline-unknown.json")
        #expect(dnnpart("verify", f, unknown).status == 2)
    }

    /// An imported ONNX model becomes a pipeline instance (ViT-B/16 is a DAG: the DP's plan is the order's best).
    @Test func importedModelsBecomePipelines() throws {
        let dir = Shell.temporaryDirectory()
        let i = dnnpart("import", instancePath("onnx/vit_b_16.onnx"), "--problem", "pipeline", "--cluster-device", "rpi3,nexus5",
                        "--network", "gbe", "-o", dir + "/vit.json")
        #expect(i.status == 0, "\(i.stderr)")
        let s = dnnpart("solve", dir + "/vit.json", "--json")
        #expect(s.status == 0, "\(s.stderr)")
        #expect(try JSONParser.parse(s.stdout)["status"] == .string("feasible"))
        #expect(dnnpart("import", instancePath("onnx/vit_b_16.onnx"), "--problem", "pipeline").status == 64)
    }
}

import PartitionModel
import Testing
import TestSupport

/// The P4 figures of docs/reproduction.md, rerun with the commands the report gives.
@Suite("docs/reproduction.md: the tiling tables")
struct ReproductionTests {
    /// The makespan in ms, rounded as the report prints it.
    static func makespanMS(_ args: [String]) throws -> Int {
        let r = dnnpart(["solve"] + args + ["--json"])
        #expect(r.status == 0, "\(args): \(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        return Int((try #require(v["objective"]?.doubleValue) * 1000).rounded())
    }

    static let report: String = (try? FileBytes.readText(path: RepositoryPaths.path("docs/reproduction.md"))) ?? ""

    @Test("MeDNN: CaffeNet on 2–4 Nexus 5 phones", arguments: [(2, 1682, 1384), (3, 1170, 1231), (4, 926, 1025)])
    func medenn(_ row: (n: Int, exactLayerwise: Int, exactFused: Int)) throws {
        let f = instancePath("zoo/caffenet-nexus5-server-8core-medenn-wifi.json")
        let base = [f, "--problem", "tiling", "--devices", "\(row.n)"]
        #expect(try Self.makespanMS(base + ["--mode", "layerwise"]) == row.exactLayerwise)
        #expect(try Self.makespanMS(base + ["--mode", "fused"]) == row.exactFused)
        #expect(Self.report.contains("(\(row.exactLayerwise) ms) |"))
        #expect(Self.report.contains("(\(row.exactFused) ms) |"))
    }

    @Test("MoDNN: VGG-16 on 2–4 phones, layer-wise", arguments: [(2, "19.3 s"), (3, "13.2 s"), (4, "9.8 s")])
    func modnn(_ row: (n: Int, exact: String)) throws {
        let ms = try Self.makespanMS([instancePath("zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "tiling", "--devices", "\(row.n)",
                                      "--device-preset", "nexus5-modnn", "--cluster-network", "medenn-wifi", "--mode", "layerwise"])
        #expect(String(format: "%.1f s", Double(ms) / 1000) == row.exact)
        #expect(Self.report.contains("(\(row.exact)) |"))
    }

    @Test("DeepThings: tiny YOLOv2 on 2–8 Pi 3, fused", arguments: [(2, 1376), (4, 903), (6, 792), (8, 692)])
    func deepThings(_ row: (n: Int, exact: Int)) throws {
        let args = [instancePath("zoo/tiny-yolov2-rpi3-server-8core-wifi.json"), "--problem", "tiling", "--layers", "conv1..pool6",
                    "--devices", "\(row.n)", "--device-preset", "rpi3", "--cluster-network", "wifi", "--mode", "fused"]
        #expect(try Self.makespanMS(args) == row.exact)
        #expect(Self.report.contains("(\(row.exact) ms) |"))
        if row.n >= 6 {
            let ftp = try Self.makespanMS(args + ["--solver", "ftp"])
            #expect(Self.report.contains("(\(ftp) ms) | ") , "FTP \(ftp) ms")
        }
    }
}

/// DeCNN's mixed plan space: the figures the report gives in prose.
@Suite("docs/reproduction.md: DeCNN over both plan spaces")
struct MixedPlanSpaceReportTests {
    @Test func theMixedOptimaAreTheReportedOnes() throws {
        let f = instancePath("channels/resnet50-g4-w1.5-4xrpi3-wifi.json")
        let latency = try ReproductionTests.makespanMS([f])
        let period = try ReproductionTests.makespanMS([f, "--overlap"])
        #expect(latency == 1255 && period == 611)
        #expect(ReproductionTests.report.contains("1.255 s (3.38×)") && ReproductionTests.report.contains("0.611 s (6.94×)"))
    }
}

/// `dnnpart reproduce PAPER` for every paper: the command runs, and docs/reproduction.md holds its
/// output verbatim, so the report cannot go stale.
@Suite("dnnpart reproduce: docs/reproduction.md holds every table as printed")
struct ReproduceCommandTests {
    @Test(arguments: ["medenn", "modnn", "deepthings", "decnn", "dads", "neurosurgeon", "d3"])
    func theReportHoldsTheCommandsOutput(paper: String) throws {
        let r = Shell.run([Shell.dnnpart, "reproduce", paper], workingDirectory: RepositoryPaths.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ReproductionTests.report.contains("$ dnnpart reproduce \(paper)\n" + r.stdout), "docs/reproduction.md is stale for \(paper):\n\(r.stdout)")
    }

    @Test func theMeDNNRowsAreWithinTwentyPercentUnderThePapersModel() throws {
        let r = Shell.run([Shell.dnnpart, "reproduce", "medenn", "--json"], workingDirectory: RepositoryPaths.root)
        let rows = try #require(try JSONParser.parse(r.stdout)["rows"]?.elements)
        #expect(rows.count == 3)
        for row in rows {
            guard case .string(let within)? = row.elements?[6] else { Issue.record("no within column: \(row)"); continue }
            #expect(within.hasPrefix("yes"), "\(row)")
        }
    }
}

/// Execution options from the instance file and from flags; `verify` judges a plan under the model it was solved for.
@Suite("Execution models on the command line")
struct ExecutionModelCLITests {
    @Test func theInstancesExecutionModelIsUsedAndTheVerifierAgrees() throws {
        let dir = Shell.temporaryDirectory()
        let text = try FileBytes.readText(path: instancePath("zoo/caffenet-nexus5-server-8core-medenn-wifi.json"))
        let withModel = text.replacingOccurrences(of: "\"problem\": {", with: "\"problem\": {\"execution\": {\"coordinatorComputes\": true, \"phaseSeconds\": \"10 ms\"},")
        #expect(withModel != text)
        try withModel.write(toFile: dir + "/i.json", atomically: true, encoding: .utf8)
        let base = [dir + "/i.json", "--problem", "tiling", "--layers", "conv1..pool2", "--devices", "3", "--mode", "layerwise"]
        let solved = dnnpart(["solve"] + base + ["--json"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let plain = dnnpart(["solve", instancePath("zoo/caffenet-nexus5-server-8core-medenn-wifi.json")] + base.dropFirst() + ["--json"])
        let flags = dnnpart(["solve", instancePath("zoo/caffenet-nexus5-server-8core-medenn-wifi.json")] + base.dropFirst()
                            + ["--coordinator-computes", "--phase-cost", "10ms", "--json"])
        let a = try JSONParser.parse(solved.stdout)["objective"]?.numberValue, b = try JSONParser.parse(plain.stdout)["objective"]?.numberValue
        let c = try JSONParser.parse(flags.stdout)["objective"]?.numberValue
        #expect(a != nil && a == c && a! < b!, "instance \(a ?? -1), flags \(c ?? -1), default \(b ?? -1)")
        try solved.stdout.write(toFile: dir + "/plan.json", atomically: true, encoding: .utf8)
        let verified = dnnpart("verify", instancePath("zoo/caffenet-nexus5-server-8core-medenn-wifi.json"), dir + "/plan.json", "--json")
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(try JSONParser.parse(verified.stdout)["makespan"]?.numberValue == a, "verify uses the plan's execution model")
    }

    @Test func thePeriodObjectiveIsExactFusedAndRefusedLayerwise() throws {
        let base = ["compare", instancePath("zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "tiling", "--layers", "conv1_1..pool1", "--devices", "4", "--period"]
        let fused = dnnpart(base + ["--json"])
        let rows = try #require(try JSONParser.parse(fused.stdout)["rows"]?.elements)
        #expect(rows.first?["status"] == .string("optimal"), "\(fused.stdout)")
        let layerwise = dnnpart(base + ["--mode", "layerwise", "--json"])
        let lrows = try #require(try JSONParser.parse(layerwise.stdout)["rows"]?.elements)
        #expect(!lrows.contains { $0["solver"] == .string("exact") }, "the exact search refuses the layer-wise period")
    }

    @Test func badExecutionFieldsAreRefusedWithTheirPath() throws {
        let dir = Shell.temporaryDirectory()
        let text = try FileBytes.readText(path: instancePath("zoo/caffenet-nexus5-server-8core-medenn-wifi.json"))
        for (field, path) in [("\"execution\": {\"overlap\": 3}", "$.problem.execution.overlap"), ("\"execution\": {\"phaseSeconds\": -1}", "$.problem.execution.phaseSeconds"),
                              ("\"exchangeSeconds\": \"5 parsecs\"", "$.problem.exchangeSeconds")] {
            try text.replacingOccurrences(of: "\"problem\": {", with: "\"problem\": {\(field),").write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
            let r = dnnpart("info", dir + "/bad.json")
            #expect(r.status == 2 && r.stderr.contains(path), "\(field): \(r.stderr)")
        }
        let flag = dnnpart("solve", instancePath("zoo/caffenet-nexus5-server-8core-medenn-wifi.json"), "--problem", "tiling", "--devices", "2", "--phase-cost", "-3ms")
        #expect(flag.status == 64 || flag.status == 2, "\(flag.status) \(flag.stderr)")
    }
}

@Suite("D3 on the command line")
struct D3CLITests {
    @Test func compareWithEdgeNodesProvesTheTiledOptimum() throws {
        let r = dnnpart("compare", instancePath("zoo/vgg16-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json"), "--edge-nodes", "4", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONParser.parse(r.stdout)["rows"]?.elements)
        let value = { (name: String) -> Double? in rows.first { $0["solver"] == .string(name) }?["objective"]?.numberValue }
        #expect(rows.first?["status"] == .string("optimal"))
        #expect(value("exact")! < value("mincut")! && value("exact")! <= value("hpa-vsm")!)
        #expect(Int((value("exact")! * 1000).rounded()) == 630, "docs/solvers/three-tier.md quotes 630 ms")
        let solved = dnnpart("solve", instancePath("zoo/vgg16-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json"), "--edge-nodes", "4", "--solver", "hpa-vsm")
        #expect(solved.status == 0 && solved.stdout.contains("tiled edge block: conv1_1…pool5"), "\(solved.stdout)")
        // The solve output is a plan file: verify judges it with the same objective, and a block layer moved off the edge is infeasible.
        let file = instancePath("zoo/vgg16-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json")
        let out = dnnpart("solve", file, "--edge-nodes", "4", "--json")
        let dir = Shell.temporaryDirectory()
        try out.stdout.write(toFile: dir + "/d3.json", atomically: true, encoding: .utf8)
        let verified = dnnpart("verify", file, dir + "/d3.json", "--json")
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(try JSONParser.parse(verified.stdout)["objective"] == JSONParser.parse(out.stdout)["objective"])
        try out.stdout.replacingOccurrences(of: "\"conv3_1\": \"edge\"", with: "\"conv3_1\": \"cloud\"").write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let bad = dnnpart("verify", file, dir + "/bad.json")
        #expect(bad.status == 1 && bad.stdout.contains("conv3_1"), "\(bad.stdout) \(bad.stderr)")
        let refused = dnnpart("solve", instancePath("zoo/resnet18-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json"), "--edge-nodes", "4", "--solver", "exact")
        #expect(refused.status == 2 && refused.stderr.contains("chain"), "\(refused.stderr)")
    }
}

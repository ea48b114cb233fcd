import Testing
import PartitionModel
import TestSupport

@Suite("dnnpart --objective energy and dnnpart pareto")
struct EnergyCLITests {
    /// solve and compare take the energy and weighted objectives; the verifier's figures come back in JSON.
    @Test func solveAndCompareTakeTheEnergyObjective() throws {
        let f = instancePath("zoo/alexnet-rpi3-server-8core-3g.json")
        let energy = dnnpart("solve", f, "--objective", "energy", "--json")
        #expect(energy.status == 0, "\(energy.stderr)")
        let e = try JSONParser.parse(energy.stdout)
        #expect(e["objectiveKind"] == .string("energy") && e["status"] == .string("optimal"))
        let latency = try JSONParser.parse(dnnpart("solve", f, "--json").stdout)
        #expect(number(e["objective"])! < number(latency["report"]?["energy"])! + 1e-12)
        let text = dnnpart("compare", f, "--objective", "weighted", "--lambda", "0.1")
        #expect(text.status == 0 && text.stdout.contains("objective latency + 0.1 s/J × energy"), "\(text.stdout)\(text.stderr)")
        // Refused: energy on P2, weighted without λ, λ without weighted, an instance without power figures.
        #expect(dnnpart("solve", f, "--problem", "throughput", "--objective", "energy").status == 2)
        #expect(dnnpart("solve", f, "--objective", "weighted").status == 2)
        #expect(dnnpart("solve", f, "--lambda", "1").status == 2)
        let bare = dnnpart("solve", instancePath("small/diamond.json"), "--objective", "energy")
        #expect(bare.status == 2 && bare.stderr.contains("no power figures"), "\(bare.stderr)")
    }

    /// The front of AlexNet over 3G: three points, one unsupported; the CSV and SVG are written and
    /// the min-cut's supported points are the hull's.
    @Test func paretoWritesTheFrontAndChecksTheHull() throws {
        let dir = Shell.temporaryDirectory()
        let r = dnnpart("pareto", instancePath("zoo/alexnet-rpi3-server-8core-3g.json"), "-o", dir + "/ax", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        let points = try #require(v["points"]?.elements)
        #expect(points.count == 3 && points.filter { $0["supported"] == .bool(false) }.count == 1)
        #expect(v["minCutSupportedPointsAgree"] == .bool(true) && v["complete"] == .bool(true))
        let csv = try FileBytes.readText(path: dir + "/ax.csv")
        #expect(csv.hasPrefix("kind,name,latency_s,energy_j,supported\n") && csv.components(separatedBy: "\nfront,").count == 4)
        #expect(SVGInspector.inspect(try FileBytes.readText(path: dir + "/ax.svg")).ok)
        #expect(dnnpart("pareto", instancePath("zoo/vgg16-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json")).status == 2)
    }

    /// An imported ONNX model gets the presets' power figures: energy and the front work on it.
    @Test func importedModelsHaveEnergy() throws {
        let dir = Shell.temporaryDirectory()
        #expect(dnnpart("import", instancePath("onnx/resnet18.onnx"), "--network", "3g", "-o", dir + "/r18.json").status == 0)
        let s = dnnpart("solve", dir + "/r18.json", "--objective", "energy")
        #expect(s.status == 0 && s.stdout.contains("energy"), "\(s.stderr)")
        #expect(dnnpart("pareto", dir + "/r18.json", "-o", dir + "/r18").status == 0)
    }
}

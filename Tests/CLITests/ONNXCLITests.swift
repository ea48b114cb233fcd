import Foundation
import PartitionModel
import Testing
import TestSupport

/// The Python with numpy and onnxruntime that `.ci/run` installs (DNNPART_PYTHON), or a local `.venv-check`.
let checkPython: String? = {
    if let p = ProcessInfo.processInfo.environment["DNNPART_PYTHON"], !p.isEmpty { return p }
    let local = RepositoryPaths.path(".venv-check/bin/python")
    return Shell.run(["/usr/bin/test", "-x", local]).status == 0 ? local : nil
}()

@Suite("dnnpart import, split and profile fit")
struct ONNXCLITests {
    let onnx = RepositoryPaths.path("instances/onnx/resnet18.onnx")

    @Test("import then compare: the imported ResNet-18 matches the zoo's optimum within 1%")
    func importThenCompare() throws {
        let dir = Shell.temporaryDirectory()
        let r = dnnpart("import", onnx, "-o", dir + "/r18.json", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONParser.parse(r.stdout)
        #expect(summary["layers"] == .int(70) && summary["params"] == .int(11_689_512))
        let ours = try JSONParser.parse(dnnpart("compare", dir + "/r18.json", "--json").stdout)
        let zoo = try JSONParser.parse(dnnpart("compare", instancePath("zoo/resnet18-rpi3-server-8core-wifi.json"), "--json").stdout)
        func best(_ v: JSONValue) -> Double? { v["rows"]?.arrayValue?.first { $0["solver"] == .string("dsl") }?["objective"]?.doubleValue }
        let (a, b) = (try #require(best(ours)), try #require(best(zoo)))
        #expect(abs(a - b) <= 0.01 * b)
    }

    /// The figures README.md and docs/import.md show for AlexNet over 4G.
    @Test("README's AlexNet example: the import line, the optimum and the split")
    func readmeFigures() throws {
        let dir = Shell.temporaryDirectory()
        let model = RepositoryPaths.path("instances/onnx/alexnet.onnx")
        let r = dnnpart("import", model, "--network", "4g", "-o", dir + "/alexnet.json")
        let line = "wrote alexnet.json: 21 layers, 0.714 GMACs, 61100840 parameters"
        #expect(r.stdout == line.replacingOccurrences(of: "alexnet.json", with: dir + "/alexnet.json") + "\n")
        let solved = dnnpart("solve", dir + "/alexnet.json", "--json")
        try FileBytes.write(solved.stdout, path: dir + "/plan.json")
        let objective = try #require(try JSONParser.parse(solved.stdout)["objective"]?.doubleValue)
        #expect(String(format: "%.3f", objective * 1e3) == "351.804")
        let split = dnnpart("split", model, dir + "/plan.json", "-o", dir + "/parts")
        #expect(split.stdout.contains("part0-edge.onnx: tier edge, 3 layers, receives 1 tensor(s) (602.11 kB), sends 1"))
        #expect(split.stdout.contains("part1-cloud.onnx: tier cloud, 17 layers, receives 1 tensor(s) (186.62 kB), sends 1"))
        for doc in ["README.md", "docs/import.md"] {
            let text = try FileBytes.readText(path: RepositoryPaths.path(doc))
            #expect(text.contains(line) && text.contains("351.804"), "\(doc)")
        }
    }

    @Test("bad imports exit 2 with the file and the reason")
    func badImports() throws {
        let dir = Shell.temporaryDirectory()
        try FileBytes.write("not a protobuf at all", path: dir + "/bad.onnx")
        let garbage = dnnpart("import", dir + "/bad.onnx")
        #expect(garbage.status == 2 && garbage.stderr.contains(dir + "/bad.onnx"), "\(garbage.stderr)")
        let shape = dnnpart("import", onnx, "--input-shape", "input=1x3xbig")
        #expect(shape.status == 2 && shape.stderr.contains("NAME=D1xD2"))
        let name = dnnpart("import", onnx, "--input-shape", "image=1x3x64x64")
        #expect(name.status == 2 && name.stderr.contains("not a graph input"))
        #expect(dnnpart("import", onnx, "--problem", "tiling").status == 64)
        let small = dnnpart("import", onnx, "--input-shape", "input=1x3x64x64", "-o", dir + "/small.json")
        #expect(small.status == 0, "\(small.stderr)")
    }

    @Test("split writes parts and a manifest whose transfers are the plan's cut")
    func splitManifest() throws {
        let dir = Shell.temporaryDirectory()
        let model = RepositoryPaths.path("instances/onnx/residual-cnn.onnx")
        #expect(dnnpart("import", model, "-o", dir + "/r.json").status == 0)
        var pairs: [(String, JSONValue)] = []
        let inst = try InstanceReader.read(file: dir + "/r.json")
        for (v, l) in inst.graph.layers.enumerated() { pairs.append((l.id, .string(v < 8 ? "edge" : "cloud"))) }
        try FileBytes.write(JSONValue.object([("assignment", .object(pairs))]).serialized(), path: dir + "/plan.json")
        let r = dnnpart("split", model, dir + "/plan.json", "-o", dir + "/parts", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let manifest = try JSONParser.parse(r.stdout)
        let parts = try #require(manifest["parts"]?.arrayValue)
        #expect(parts.count == 2 && parts.map { $0["tier"] } == [.string("edge"), .string("cloud")])
        #expect(Shell.run(["/usr/bin/test", "-s", dir + "/parts/" + (parts[1]["file"]?.stringValue ?? "")]).status == 0)
        let transfers = try #require(manifest["transfers"]?.arrayValue)
        #expect(transfers.contains { $0["from"] == .int(0) && $0["to"] == .int(1) })
        // A plan that misses a layer, or names one the model lacks, is refused.
        try FileBytes.write(#"{"assignment": {"input": "edge"}}"#, path: dir + "/short.json")
        let short = dnnpart("split", model, dir + "/short.json", "-o", dir + "/x")
        #expect(short.status == 2 && short.stderr.contains("does not place layer"))
    }

    /// The parts run in order with onnxruntime give the whole model's output (real weights, three tiers).
    @Test("split parts run in onnxruntime equal the whole model within 1e-5",
          .enabled(if: checkPython != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func splitRunsInOnnxRuntime() throws {
        let python = try #require(checkPython, "CI sets DNNPART_PYTHON to a Python with numpy and onnxruntime (.ci/run)")
        let dir = Shell.temporaryDirectory()
        let model = RepositoryPaths.path("instances/onnx/residual-cnn.onnx")
        let imported = dnnpart("import", model, "--problem", "three-tier", "--device", "rpi3", "--edge", "jetson-tk1", "--cloud", "server-8core",
                               "--network", "wifi", "--backbone", "4g", "-o", dir + "/r.json")
        #expect(imported.status == 0, "\(imported.stderr)")
        // The solver's optimal plan, and a hand-made plan cutting inside both residual blocks.
        let solved = dnnpart("solve", dir + "/r.json", "--json")
        try FileBytes.write(solved.stdout, path: dir + "/optimal.json")
        let inst = try InstanceReader.read(file: dir + "/r.json")
        let pairs = inst.graph.layers.enumerated().map { v, l in (l.id, JSONValue.string(v < 6 ? "device" : v < 13 ? "edge" : "cloud")) }
        try FileBytes.write(JSONValue.object([("assignment", .object(pairs))]).serialized(), path: dir + "/hand.json")
        for plan in ["optimal", "hand"] {
            let split = dnnpart("split", model, dir + "/\(plan).json", "-o", dir + "/\(plan)-parts")
            #expect(split.status == 0, "\(split.stderr)")
            let check = Shell.run([python, RepositoryPaths.path("scripts/check_split.py"), model, dir + "/\(plan)-parts", "--tolerance", "1e-5"])
            #expect(check.status == 0, "\(plan): \(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains("split parts agree with the whole model"))
        }
    }

    @Test("profile fit prints one fit per op type and writes a profile for every layer")
    func profileFit() throws {
        let dir = Shell.temporaryDirectory()
        let f = instancePath("zoo/resnet18-rpi3-server-8core-wifi.json")
        let inst = try InstanceReader.read(file: f)
        var csv = "layer,tier,ms\n"
        for l in inst.graph.layers where l.op == .conv || l.op == .batchnorm { csv += "\(l.id),edge,\(0.05 + 2e-9 * l.flops)\n" }
        try FileBytes.write(csv, path: dir + "/m.csv")
        let r = dnnpart("profile", "fit", dir + "/m.csv", "--instance", f, "-o", dir + "/full.csv", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let fits = try #require(try JSONParser.parse(r.stdout)["fits"]?.arrayValue)
        #expect(fits.count == 3 && fits.allSatisfy { ($0["r2"]?.doubleValue ?? 0) > 0.999 })
        let full = try ProfileCSV.read(file: dir + "/full.csv")
        #expect(full.count == inst.graph.count - 1)
        #expect(dnnpart("info", f, "--profile", dir + "/full.csv").stdout.contains("\(inst.graph.count - 1)/\(inst.graph.count - 1)"))
    }
}

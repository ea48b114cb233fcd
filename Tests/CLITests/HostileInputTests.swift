import Foundation
import Testing
import PartitionModel
import TestSupport

/// Every crash site and garbage result found by fuzzing, each kept as a regression test.
@Suite("Hostile input: every known crash site exits with a reason")
struct HostileInputTests {
    /// Diamond with one field replaced (a JSON path as keys and indices, and a raw JSON value).
    func diamond(_ edit: (inout [String: Any]) -> Void) -> String {
        let data = try! Data(contentsOf: URL(fileURLWithPath: instancePath("small/diamond.json")))
        var object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        edit(&object)
        let out = try! JSONSerialization.data(withJSONObject: object)
        return writeTemp(String(decoding: out, as: UTF8.self), name: "hostile.json")
    }

    func expectBadInput(_ r: Shell.Output, file: String, field: String, _ comment: Comment? = nil) {
        #expect(r.status == 2, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains((file as NSString).lastPathComponent), "no file in \(r.stderr)")
        #expect(r.stderr.contains(field), "no \(field) in \(r.stderr)")
    }

    @Test func shapeProductsThatOverflowAreRefusedAtReadTime() {
        let f = diamond { o in
            var model = o["model"] as! [String: Any], layers = model["layers"] as! [[String: Any]]
            layers[1]["shape"] = [2_147_483_647, 2_147_483_647, 3]
            layers[1].removeValue(forKey: "outputBytes")
            model["layers"] = layers
            o["model"] = model
        }
        expectBadInput(dnnpart("solve", f), file: f, field: "$.model.layers[1].shape")
        expectBadInput(dnnpart("info", f), file: f, field: "$.model.layers[1].shape")
    }

    @Test func subnormalAndHugeQuantitiesAreRefused() {
        for (value, field) in [(5e-324, "bandwidth"), (1e308, "bandwidth")] {
            let f = diamond { o in
                var links = o["links"] as! [[String: Any]]
                links[0][field] = value
                o["links"] = links
            }
            expectBadInput(dnnpart("solve", f, "--solver", "cloud-only"), file: f, field: "$.links[0].bandwidth")
        }
        let g = diamond { o in
            var tiers = o["tiers"] as! [[String: Any]]
            tiers[0]["device"] = ["name": "x", "flopsPerSecond": 1e308, "memoryBandwidth": 1e9, "layerOverhead": 1e308]
            o["tiers"] = tiers
        }
        #expect(dnnpart("solve", g).status == 2)
    }

    @Test func deviceCountsAreCheckedBeforeAnythingIsAllocated() {
        let vgg = instancePath("zoo/vgg16-rpi3-server-8core-wifi.json")
        for n in ["-1", "0", "65", "1000000000", "9223372036854775807"] {
            let r = dnnpart("solve", vgg, "--problem", "tiling", "--devices", n, "--solver", "grid")
            #expect(r.status == 64 && r.stderr.contains("--devices"), "\(n): exit \(r.status) \(r.stderr)")
            let z = dnnpart("zoo", "export", "vgg16", "--problem", "fc", "--devices", n, "-o", "/dev/null")
            #expect(z.status == 64 && z.stderr.contains("--devices"), "\(n): exit \(z.status) \(z.stderr)")
        }
        let negative = dnnpart("solve", instancePath("small/diamond.json"), "--time-limit", "-1")
        #expect(negative.status == 64 && negative.stderr.contains("--time-limit must be"), "\(negative.stderr)")
    }

    @Test func declaredSizesMustFitInTheFile() {
        let dimacs = writeTemp("p max 1000000000 0\nn 1 s\nn 2 t\n", name: "big.max")
        expectBadInput(dnnpart("maxflow", dimacs), file: dimacs, field: "line 1")
        let dir = Shell.temporaryDirectory()
        try! FileBytes.write("%%MatrixMarket matrix coordinate real general\n1000000000 8 0\n", path: dir + "/w.mtx")
        let tiny = try! FileBytes.readText(path: instancePath("small/fc-tiny.json")).replacingOccurrences(of: "fc-tiny.mtx", with: "w.mtx")
        try! FileBytes.write(tiny, path: dir + "/fc.json")
        expectBadInput(dnnpart("solve", dir + "/fc.json"), file: "w.mtx", field: "line 2")
        let r = dnnpart("info", "/dev/zero")
        #expect(r.status == 2 && r.stderr.contains("not a regular file"), "\(r.stderr)")
    }

    @Test func hugeTilingMapsAreRefusedAndCoverageIsCountedOnRectangles() {
        let text = """
        {"format": 1, "name": "huge", "model": {"layers": [
          {"id": "in", "op": "input", "shape": [1, 1048576, 1048576], "outputBytes": 1},
          {"id": "c", "op": "conv", "inputs": ["in"], "shape": [1, 1048576, 1048576], "outputBytes": 1,
           "window": {"kernel": 3, "padding": 1, "inChannels": 1, "outChannels": 1}}]},
         "cluster": [{"name": "a", "device": {"name": "d", "flopsPerSecond": 1e9, "memoryBandwidth": 1e9}, "bandwidth": 1e6}],
         "problem": {"kind": "tiling"}}
        """
        let f = writeTemp(text, name: "huge.json")
        let r = dnnpart("solve", f, "--solver", "grid")
        #expect(r.status == 2 && r.stderr.contains("65536"), "exit \(r.status): \(r.stderr)")
    }

    @Test func writesToAFullDiskFail() {
        let lp = dnnpart("solve", instancePath("small/diamond.json"), "--solver", "milp", "--write-lp", "/dev/full")
        #expect(lp.status == 2 && lp.stderr.contains("/dev/full"), "\(lp.stderr)")
        let dimacs = dnnpart("bench", "mincut", "--vertices", "100", "--repetitions", "1", "--write-dimacs", "/dev/full")
        #expect(dimacs.status == 2 && dimacs.stderr.contains("/dev/full"), "\(dimacs.stderr)")
        let zoo = dnnpart("zoo", "export", "nin", "-o", "/dev/full")
        #expect(zoo.status == 2 && zoo.stderr.contains("/dev/full"), "\(zoo.stderr)")
    }

    @Test func planFilesCheckTheirFormatAndTheirOwnCluster() throws {
        let diamond = instancePath("small/diamond.json")
        let plan = dnnpart("solve", diamond, "--json").stdout.replacingOccurrences(of: "\"format\": 1", with: "\"format\": 7")
        let v = dnnpart("verify", diamond, writeTemp(plan, name: "plan7.json"))
        #expect(v.status == 2 && v.stderr.contains("format"), "\(v.stderr)")
        let vgg = instancePath("zoo/vgg16-rpi3-server-8core-wifi.json")
        let tiling = dnnpart("solve", vgg, "--problem", "tiling", "--devices", "2", "--layers", "conv1_1..pool1", "--solver", "bodp", "--json").stdout
        #expect(dnnpart("verify", vgg, writeTemp(tiling, name: "tiling.json")).status == 0)
        let negative = tiling.replacingOccurrences(of: "\"bandwidth\": ", with: "\"bandwidth\": -")
        let t = dnnpart("verify", vgg, writeTemp(negative, name: "tiling-neg.json"))
        #expect(t.status == 2 && t.stderr.contains("bandwidth"), "\(t.stderr)")
        let other = tiling.replacingOccurrences(of: "\"format\": 1", with: "\"format\": 2")
        #expect(dnnpart("verify", vgg, writeTemp(other, name: "tiling2.json")).status == 2)
    }

    @Test func jsonOutputNeverHoldsInfinityOrNaN() throws {
        #expect(JSONValue.double(.infinity) == .null)
        #expect(JSONValue.double(.nan) == .null)
        #expect(JSONValue.object([("x", .double(-.infinity))]).serialized() == "{\n  \"x\": null\n}\n")
        // Every layer free in both tiers: the bottleneck is 0 and the throughput unbounded.
        let f = diamond { o in
            var tiers = o["tiers"] as! [[String: Any]]
            for k in tiers.indices {
                var p = tiers[k]["profile"] as! [String: Any]
                for key in p.keys { p[key] = 0 }
                tiers[k]["profile"] = p
            }
            o["tiers"] = tiers
            var model = o["model"] as! [String: Any], layers = model["layers"] as! [[String: Any]]
            for i in layers.indices { layers[i]["outputBytes"] = 0 }
            model["layers"] = layers
            o["model"] = model
        }
        let r = dnnpart("solve", f, "--problem", "throughput", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        #expect(v["report"]?["throughput"] == .null)
        #expect(v["report"]?["throughputNote"] != nil)
    }

    @Test func exitCodesFollowTheTable() {
        // 3: the solver ran and failed (the P5 MILP refuses a matrix above its size limit).
        let dir = Shell.temporaryDirectory()
        let big = """
        {"format": 1, "name": "fc-big", "model": {"layers": [
          {"id": "in", "op": "input", "shape": [400]}, {"id": "fc", "op": "fc", "inputs": ["in"], "shape": [400]}]},
         "cluster": [{"name": "a", "device": {"name": "d", "flopsPerSecond": 1e9, "memoryBandwidth": 1e9}, "bandwidth": 1e6},
                     {"name": "b", "device": {"name": "d", "flopsPerSecond": 1e9, "memoryBandwidth": 1e9}, "bandwidth": 1e6}],
         "problem": {"kind": "fc", "weights": {"generator": "magnitude", "density": 0.01, "seed": 1}}}
        """
        try! FileBytes.write(big, path: dir + "/big.json")
        let failed = dnnpart("solve", dir + "/big.json", "--solver", "milp", "--json")
        #expect(failed.status == 3, "exit \(failed.status): \(failed.stdout) \(failed.stderr)")
        #expect((try? JSONParser.parse(failed.stdout))?["objective"] == .null)
        // 1: verify of an infeasible plan; 2: bad input; 64: usage.
        let diamond = instancePath("small/diamond.json")
        let bad = #"{"format": 1, "kind": "tier-assignment", "assignment": {"in": "cloud", "b": "cloud", "c": "cloud", "d": "cloud"}}"#
        #expect(dnnpart("verify", diamond, writeTemp(bad, name: "bad-plan.json")).status == 1)
        #expect(dnnpart("solve", diamond, "--solver", "magic").status == 2)
        #expect(dnnpart("solve", diamond, "--no-such-option").status == 64)
        #expect(dnnpart("solve").status == 64)
    }

    @Test func aTimeLimitedTilingRunKeepsARealBound() throws {
        let vgg = instancePath("zoo/vgg16-rpi3-server-8core-wifi.json")
        // The exact search needs about 15 ms here; 1 ms stops it after the heuristics' incumbents.
        let r = dnnpart("compare", vgg, "--problem", "tiling", "--devices", "8", "--time-limit", "0.001", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONParser.parse(r.stdout)
        guard case let .array(items)? = rows["rows"], let milp = items.first(where: { $0["solver"] == .string("exact") }) else {
            Issue.record("no exact row: \(r.stdout)")
            return
        }
        #expect(milp["status"] == .string("time_limit"))
        // A time-limited row is never its own reference: its gap is an upper bound or unproven, not 0.
        #expect(milp["gapKind"] != .string("optimum"), "\(milp)")
        let solved = dnnpart("solve", vgg, "--problem", "tiling", "--devices", "8", "--time-limit", "0.001", "--json")
        let v = try JSONParser.parse(solved.stdout)
        if case let .number(b)? = v["bound"] { #expect(b.doubleValue > 0) } else { Issue.record("no bound: \(solved.stdout.prefix(300))") }
    }
}

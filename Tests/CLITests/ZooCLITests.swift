import Foundation
import Testing
import PartitionModel
import ModelZoo
import TestSupport

@Suite("dnnpart zoo")
struct ZooCLITests {
    @Test func listShowsEveryModelWithItsParameters() throws {
        let r = dnnpart("zoo", "list", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let models)? = try JSONParser.parse(r.stdout)["models"] else { Issue.record("no models"); return }
        #expect(models.count == ModelZoo.models.count)
        for (row, m) in zip(models, ModelZoo.models) {
            #expect(row["name"] == .string(m.name))
            if let ref = m.referenceParameters { #expect(row["parameters"] == .int(ref)) }
        }
        #expect(dnnpart("zoo", "list").stdout.contains("medenn-wifi"))
    }

    @Test(arguments: RepositoryPaths.instanceFiles().filter { $0.hasPrefix("zoo/") })
    func shippedZooInstancesShowTheZoosParameterCount(file: String) throws {
        let name = String(file.dropFirst("zoo/".count))
        guard let model = ModelZoo.models.filter({ name.hasPrefix($0.name + "-") }).max(by: { $0.name.count < $1.name.count }) else {
            Issue.record("\(file) names no zoo model")
            return
        }
        let zooParams = model.build().layers.reduce(0) { $0 + $1.params }
        let info = try JSONParser.parse(dnnpart("info", instancePath(file), "--json").stdout)
        #expect(info["parameters"] == .int(zooParams), "\(file)")
    }

    @Test func exportWritesAnInstanceThatSolves() throws {
        let path = Shell.temporaryDirectory() + "/r18.json"
        let r = dnnpart("zoo", "export", "resnet18", "--edge", "rpi3", "--cloud", "server-8core", "--network", "4g", "-o", path)
        #expect(r.status == 0, "\(r.stderr)")
        let inst = try InstanceReader.read(file: path)
        #expect(inst.graph.count == ModelZoo.resNet18().count)
        #expect(abs(inst.links[0].bandwidth - 5.85e6 / 8) < 1e-6)
        #expect(dnnpart("solve", path, "--solver", "dsl").status == 0)
    }

    @Test func measuredProfilesOverrideTheCostModel() throws {
        let dir = Shell.temporaryDirectory()
        try FileBytes.write("layer,tier,s\n# measured on the bench\nconv1,edge,0.5\nfc8, cloud , 12 ms\n", path: dir + "/p.csv")
        let r = dnnpart("zoo", "export", "alexnet", "--profile", dir + "/p.csv", "-o", dir + "/a.json")
        #expect(r.status == 0, "\(r.stderr)")
        let inst = try InstanceReader.read(file: dir + "/a.json")
        #expect(inst.cost.seconds[0][inst.graph.index["conv1"]!] == 0.5)
        #expect(inst.cost.seconds[1][inst.graph.index["fc8"]!] == 0.012)
        #expect(inst.cost.source[0][inst.graph.index["conv1"]!] == .profile)
        #expect(inst.cost.source[0][inst.graph.index["conv2"]!] == .estimate)
    }

    @Test func aProfileInMillisecondsIsReadAsMilliseconds() throws {
        let dir = Shell.temporaryDirectory()
        try FileBytes.write("layer,tier,ms\nconv1,edge,61.2\nconv1,cloud,0.8\n", path: dir + "/ms.csv")
        let zoo = instancePath("zoo/alexnet-rpi3-server-8core-wifi.json")
        let info = dnnpart("info", zoo, "--profile", dir + "/ms.csv", "--json")
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("\"profiledLayers\": 1"))
        let withProfile = try InstanceReader.read(file: zoo).applyingProfile(try ProfileCSV.read(file: dir + "/ms.csv"), file: dir + "/ms.csv")
        #expect(abs(withProfile.cost.seconds[0][withProfile.graph.index["conv1"]!] - 0.0612) < 1e-15)
        for command in [["solve"], ["compare"], ["sweep", "--steps", "2", "-o", dir + "/sw"], ["repartition", "--link", "0", "--bandwidth", "1Mbit/s"]] {
            let r = dnnpart([command[0], zoo, "--profile", dir + "/ms.csv"] + command.dropFirst())
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
    }

    static let badProfiles: [(String, String)] = [
        ("conv1,edge,0.5\n", "line 1: the first line must be the header layer,tier,UNIT"),
        ("layer,tier,seconds\nconv1,edge\n", "line 2: expected 3 fields"),
        ("layer,tier,time\nconv1,edge,1\n", "line 1: the first line must be the header"),
        ("layer,tier,ms\nconv1,moon,1\n", "line 2: unknown tier \"moon\""),
        ("layer,tier,ms\nconv1,edge,fast\n", "line 2: \"fast\" does not start with a number"),
        ("layer,tier,ms\nconv1,edge,1\nconv99,cloud,1\n", "line 3: unknown layer id \"conv99\" (closest: conv1, conv2, conv3)"),
        ("layer,tier,ms\nconv1,edge,-1\n", "line 2: time must be a finite number ≥ 0"),
        ("layer,tier,ms\nconv1,edge,1\nconv1,edge,2\n", "line 3: layer \"conv1\" on tier \"edge\" is listed twice (line 2)"),
    ]

    @Test(arguments: badProfiles)
    func badProfilesExitTwoWithTheLine(csv: String, message: String) throws {
        let path = Shell.temporaryDirectory() + "/bad.csv"
        try FileBytes.write(csv, path: path)
        for r in [dnnpart("zoo", "export", "alexnet", "--profile", path), dnnpart("solve", instancePath("zoo/alexnet-rpi3-server-8core-wifi.json"), "--profile", path)] {
            #expect(r.status == 2)
            #expect(r.stderr.contains(path) && r.stderr.contains(message), "\(r.stderr)")
        }
    }

    @Test func unknownNamesAreRefused() {
        #expect(dnnpart("zoo", "export", "lenet").stderr.contains("unknown model \"lenet\""))
        #expect(dnnpart("zoo", "export", "vgg16", "--edge", "pi9").stderr.contains("unknown device preset \"pi9\""))
        #expect(dnnpart("zoo", "export", "vgg16", "--network", "5g").status == 2)
        let three = dnnpart("zoo", "export", "vgg16", "--problem", "three-tier")
        #expect(three.status == 2 && three.stderr.contains("--device and --backbone"))
        let ok = dnnpart("zoo", "export", "googlenet", "--problem", "three-tier", "--device", "rpi3", "--edge", "jetson-tk1",
                         "--cloud", "server-8core", "--network", "wifi", "--backbone", "4g")
        #expect(ok.status == 0)
        #expect((try? InstanceReader.read(text: ok.stdout))?.tiers.count == 3)
    }

    @Test func throughputModeSelectionOnAZooInstance() throws {
        let r = dnnpart("solve", instancePath("zoo/resnet50-rpi3-server-8core-wifi-throughput.json"), "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        #expect(v["problem"] == .string("throughput"))
        #expect(v["mode"] != nil && v["rate"] == .int(2))
        #expect(v["sustainsRate"] == .bool(true))
    }

    @Test func writeLPExportsTheModel() throws {
        let path = Shell.temporaryDirectory() + "/p2.lp"
        let r = dnnpart("solve", instancePath("small/diamond.json"), "--problem", "throughput", "--write-lp", path)
        #expect(r.status == 0)
        let text = try FileBytes.readText(path: path)
        #expect(text.contains("Minimize") && text.contains("z_bottleneck") && text.contains("closure_in_b"))
    }
}

@Suite("dnnpart sweep and repartition")
struct SweepCLITests {
    @Test func sweepWritesCSVAndSVG() throws {
        let prefix = Shell.temporaryDirectory() + "/g"
        let r = dnnpart("sweep", instancePath("zoo/googlenet-rpi3-server-8core-wifi.json"), "--problem", "latency",
                        "--bandwidth", "0.1..100Mbit/s", "--steps", "12", "-o", prefix, "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try FileBytes.readText(path: prefix + ".svg")
        let (ok, found) = SVGInspector.inspect(svg)
        #expect(ok && found.seriesNames.count == 5)
        #expect(try FileBytes.readText(path: prefix + ".csv").split(separator: "\n").count == 13)
    }

    @Test(arguments: [("100kbit/s..10Mbit/s", 12_500.0, 1_250_000.0), ("0.1..100Mbit/s", 12_500, 12_500_000), ("1e4..1e7", 1e4, 1e7)])
    func bandwidthRangesParse(text: String, low: Double, high: Double) throws {
        let prefix = Shell.temporaryDirectory() + "/d"
        let r = dnnpart("sweep", instancePath("small/diamond.json"), "--bandwidth", text, "--steps", "2", "-o", prefix)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try FileBytes.readText(path: prefix + ".csv").split(separator: "\n")
        #expect(abs(Double(rows[1].split(separator: ",")[0])! - low * 8 / 1e6) < 1e-6)
        #expect(abs(Double(rows[2].split(separator: ",")[0])! - high * 8 / 1e6) < 1e-6)
    }

    @Test func badSweepAndRepartitionArgumentsExitTwo() {
        #expect(dnnpart("sweep", instancePath("small/diamond.json"), "--bandwidth", "10..1Mbit/s").status == 2)
        #expect(dnnpart("sweep", instancePath("small/diamond.json"), "--bandwidth", "fast").status == 2)
        #expect(dnnpart("repartition", instancePath("small/diamond.json")).status == 2)
        #expect(dnnpart("repartition", instancePath("small/diamond.json"), "--tier", "moon", "--speed-factor", "2").status == 2)
        let ok = dnnpart("repartition", instancePath("small/diamond.json"), "--link", "0", "--bandwidth", "100Mbit/s", "--json")
        #expect(ok.status == 0)
        #expect((try? JSONParser.parse(ok.stdout))?["newLatency"] != nil)
    }
}

@Suite("dnnpart tiling")
struct TilingCLITests {
    @Test func solvePrintsTheTilesAndVerifiesThem() throws {
        let r = dnnpart("solve", instancePath("zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "tiling", "--layers", "conv1_1..pool1",
                        "--devices", "3", "--solver", "gtdp")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("block conv1_1…pool1: 3 stages") && r.stdout.contains("makespan"))
        #expect(r.stdout.contains("000") && r.stdout.contains("111") && r.stdout.contains("222"))
        let j = try JSONParser.parse(dnnpart("solve", instancePath("zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "tiling",
                                             "--layers", "conv1_1..pool1", "--devices", "3", "--mode", "layerwise", "--json").stdout)
        #expect(j["status"] == .string("optimal") && j["mode"] == .string("layerwise"))
        #expect(j["report"]?["feasible"] == .bool(true))
        guard case .array(let parts)? = j["plan"]?["partitions"] else { Issue.record("no partitions"); return }
        #expect(parts.count == 3)
    }

    @Test func compareHasTheExactRowFirstAndNeverBeaten() throws {
        let r = dnnpart("compare", instancePath("zoo/tiny-yolov2-rpi3-server-8core-wifi.json"), "--problem", "tiling", "--devices", "3", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(r.stdout)["rows"] else { Issue.record("not an array"); return }
        #expect(rows.map { $0["solver"] } == ["exact", "bodp", "gtdp", "ftp", "grid"].map { JSONValue.string($0) })
        guard case .number(let exact)? = rows[0]["objective"] else { Issue.record("no exact objective"); return }
        for row in rows { if case .number(let o)? = row["objective"] { #expect(o.doubleValue >= exact.doubleValue * (1 - 1e-9)) } }
    }

    @Test func verifyAcceptsTilingPlansAndFlagsBrokenOnes() throws {
        let f = instancePath("zoo/vgg16-rpi3-server-8core-wifi.json")
        let solved = dnnpart("solve", f, "--problem", "tiling", "--layers", "conv1_1..pool1", "--devices", "3", "--solver", "gtdp", "--json")
        let planFile = writeTemp(solved.stdout, name: "tiling.json")
        let ok = dnnpart("verify", f, planFile, "--json")
        #expect(ok.status == 0, "\(ok.stderr)")
        let v = try JSONParser.parse(ok.stdout), s = try JSONParser.parse(solved.stdout)
        guard case .number(let a)? = v["makespan"], case .number(let b)? = s["objective"] else { Issue.record("no makespan"); return }
        #expect(nearlyEqual(a.doubleValue, b.doubleValue))
        // Shrink one tile: an uncovered row is an infeasible plan (exit 1).
        let broken = solved.stdout.replacingOccurrences(of: "\"rows\": [0, ", with: "\"rows\": [1, ")
        let r = dnnpart("verify", f, writeTemp(broken, name: "broken-tiling.json"))
        #expect(r.status == 1)
        #expect(r.stdout.contains("in no tile"))
        // A block range the model lacks is bad input (exit 2).
        let badRange = solved.stdout.replacingOccurrences(of: "\"block\": \"conv1_1..pool1\"", with: "\"block\": \"conv1_1..nope\"")
        #expect(dnnpart("verify", f, writeTemp(badRange, name: "bad-range.json")).status == 2)
    }

    @Test func badTilingRequestsExitTwo() {
        let f = instancePath("zoo/vgg16-rpi3-server-8core-wifi.json")
        #expect(dnnpart("solve", f, "--problem", "tiling").stderr.contains("--devices"))
        #expect(dnnpart("solve", f, "--problem", "tiling", "--devices", "2", "--layers", "fc6..fc7").status == 2)
        #expect(dnnpart("solve", f, "--problem", "tiling", "--devices", "2", "--layers", "nope").status == 2)
        #expect(dnnpart("solve", f, "--problem", "tiling", "--devices", "2", "--device-preset", "toaster").status == 2)
        #expect(dnnpart("solve", f, "--problem", "tiling", "--devices", "2", "--solver", "ftp", "--mode", "layerwise").status == 2)
    }

    @Test func clustersRoundTripThroughInstanceFiles() throws {
        let inst = try InstanceReader.read(file: instancePath("small/chain4.json"))
        let dev = Device(name: "phone", flopsPerSecond: 1e9, memoryBandwidth: 5e9, memoryCapacity: 1e9)
        let withCluster = try inst.replacingCluster([ClusterDevice(name: "a", device: dev, bandwidth: 5e6, latency: 0.005),
                                                     ClusterDevice(name: "b", device: dev, bandwidth: 2e6)])
        let again = try InstanceReader.read(text: InstanceWriter.text(withCluster))
        #expect(again.cluster == withCluster.cluster)
        #expect(throws: InputError.self) {
            try inst.replacingCluster([ClusterDevice(name: "a", device: dev, bandwidth: 5e6), ClusterDevice(name: "a", device: dev, bandwidth: 5e6)])
        }
    }
}

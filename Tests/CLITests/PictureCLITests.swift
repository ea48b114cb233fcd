import Foundation
import Testing
import PartitionModel
import TestSupport

/// A program on PATH (Graphviz's dot and gc, Debian's chromium), or nil.
func onPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

extension JSONValue {
    /// The value of a number (nil otherwise).
    var numberValue: Double? { if case .number(let n) = self { return n.doubleValue } else { return nil } }
    /// The elements of an array (nil otherwise).
    var elements: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
}

/// `.ci/run` installs graphviz and chromium, so under CI these tests must run; elsewhere they need the programs.
let underCI = ProcessInfo.processInfo.environment["CI"] != nil

@Suite("Plan pictures: --dot, --gantt, schedules in --json, the HTML report in a browser")
struct PictureCLITests {
    static let googlenet3 = RepositoryPaths.path("instances/zoo/googlenet-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json")

    @Test(.enabled(if: onPath("dot") != nil || underCI))
    func dotOutputRendersWithGraphvizWithOneNodePerLayerAndOneEdgePerEdge() throws {
        let dir = Shell.temporaryDirectory()
        let r = dnnpart("solve", Self.googlenet3, "--dot", dir + "/g.dot", "--gantt", dir + "/g.svg")
        #expect(r.status == 0, "\(r.stderr)")
        let dot = try #require(onPath("dot"), "CI installs graphviz (.ci/run)")
        let svg = Shell.run([dot, "-Tsvg", dir + "/g.dot"])
        #expect(svg.status == 0, "\(svg.stderr)")
        let inst = try InstanceReader.read(file: Self.googlenet3)
        #expect(svg.stdout.components(separatedBy: "class=\"node\"").count - 1 == inst.graph.count)
        #expect(svg.stdout.components(separatedBy: "class=\"edge\"").count - 1 == inst.graph.edgeCount)
        let gantt = try String(contentsOfFile: dir + "/g.svg", encoding: .utf8)
        #expect(SVGInspector.inspect(gantt).ok)
    }

    /// DOT of a 10,000-layer plan parses (Graphviz's gc counts its nodes and edges without a layout).
    @Test(.enabled(if: onPath("gc") != nil || underCI))
    func dotOfATenThousandLayerPlanIsValid() throws {
        var rng = SeededGenerator(seed: 19)
        let inst = RandomInstances.instance(.randomDAG, layers: 10_000, using: &rng)
        let dir = Shell.temporaryDirectory()
        try InstanceWriter.text(inst).write(toFile: dir + "/big.json", atomically: true, encoding: .utf8)
        let r = dnnpart("solve", dir + "/big.json", "--dot", dir + "/big.dot")
        #expect(r.status == 0, "\(r.stderr)")
        let gc = try #require(onPath("gc"), "CI installs graphviz (.ci/run)")
        let counts = Shell.run([gc, "-n", "-e", dir + "/big.dot"])
        #expect(counts.status == 0, "\(counts.stderr)")
        let numbers = counts.stdout.split(separator: " ").prefix(2).compactMap { Int($0) }
        #expect(numbers == [inst.graph.count, inst.graph.edgeCount], "\(counts.stdout)")
    }

    /// `--json` carries the schedule; its objective is the verifier's for one frame and for the pipeline.
    @Test(arguments: ["latency", "throughput"])
    func solveJSONHasTheScheduleOfTheObjective(problem: String) throws {
        let r = dnnpart("solve", RepositoryPaths.path("instances/zoo/resnet18-rpi3-server-8core-3g.json"), "--problem", problem, "--json")
        let root = try JSONParser.parse(r.stdout)
        let objective = try #require(root["objective"]?.numberValue)
        let schedule = try #require(root["schedule"])
        let shown = try #require(schedule["period"]?.numberValue ?? schedule["makespan"]?.numberValue)
        #expect(abs(shown - objective) <= 1e-9 * objective)
        #expect((schedule["bars"]?.elements?.count ?? 0) > 0)
    }

    @Test func tilingAndChannelPlansHaveTimelinesButNoDOT() throws {
        let dir = Shell.temporaryDirectory()
        let tiling = dnnpart("solve", RepositoryPaths.path("instances/zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "tiling",
                             "--layers", "conv1_1..pool1", "--devices", "3", "--gantt", dir + "/t.svg", "--json")
        #expect(tiling.status == 0, "\(tiling.stderr)")
        let root = try JSONParser.parse(tiling.stdout)
        #expect(abs((root["schedule"]?["makespan"]?.numberValue ?? 0) - (root["objective"]?.numberValue ?? -1)) <= 1e-9)
        #expect(SVGInspector.inspect(try String(contentsOfFile: dir + "/t.svg", encoding: .utf8)).ok)
        let refused = dnnpart("solve", RepositoryPaths.path("instances/channels/resnet50-g4-w1.5-4xrpi3-wifi.json"), "--dot", dir + "/c.dot")
        #expect(refused.status == 2 && refused.stderr.contains("--dot"), "\(refused.stderr)")
    }

    /// Channels and fc reports hold the table and two timelines; when a heuristic in another plan
    /// space wins (DeCNN's spatial split against the group space), the second timeline is the best exact plan.
    @Test func clusterProblemsGetATableAndTimelines() throws {
        let dir = Shell.temporaryDirectory()
        let channels = "instances/channels/resnet50-g4-w1.5-4xrpi3-wifi.json"
        for (file, extra, second) in [(channels, ["--plan-space", "groups"], "best exact plan: search"), (channels, [], "best heuristic"),
                                      ("instances/small/fc-tiny.json", [], "best heuristic")] {
            let r = dnnpart(["report", RepositoryPaths.path(file), "-o", dir + "/r.html"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let page = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
            #expect(page.contains("<table class=\"compare\">") && page.components(separatedBy: "class=\"gantt\"").count - 1 == 2, "\(file)")
            #expect(page.contains(second), "\(file): \(second)")
        }
    }

    /// The report opens offline in headless Chromium without console errors, every SVG renders
    /// with a non-zero size, and a screenshot is saved.
    @Test(.enabled(if: onPath("chromium") != nil || underCI))
    func reportOpensInChromiumWithoutConsoleErrors() throws {
        let chromium = try #require(onPath("chromium"), "CI installs chromium (.ci/run)")
        let dir = Shell.temporaryDirectory()
        for (name, args) in [("googlenet", [Self.googlenet3, "--sweep-bandwidth", "1..100Mbit/s", "--sweep-steps", "8"]),
                             ("tiling", [RepositoryPaths.path("instances/zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "tiling",
                                         "--layers", "conv1_1..pool1", "--devices", "4", "--no-graphviz"])] {
            let html = "\(dir)/\(name).html"
            let r = dnnpart(["report"] + args + ["-o", html])
            #expect(r.status == 0, "\(r.stderr)")
            let page = try String(contentsOfFile: html, encoding: .utf8)
            #expect(!page.contains("http://") || !page.contains("src=\"http"), "no external resources")
            #expect(!page.contains("<link") && !page.contains("src=\""), "self-contained")
            let browser = ["/usr/bin/timeout", "120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--user-data-dir=\(dir)/profile-\(name)", "--window-size=1400,2000"]
            let dom = Shell.run(browser + ["--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + html])
            #expect(dom.status == 0)
            let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
            #expect(console.isEmpty, "console: \(console)")
            let sizes = try #require(dom.stdout.firstMatch(of: /data-svg-sizes="([^"]*)"/)?.1, "the page's script ran")
            let boxes = sizes.split(separator: " ").map { $0.split(separator: "x").compactMap { Int($0) } }
            #expect(boxes.count >= (name == "tiling" ? 3 : 4), "\(sizes)")
            #expect(boxes.allSatisfy { $0.count == 2 && $0[0] > 0 && $0[1] > 0 }, "\(sizes)")
            let png = "\(dir)/\(name).png"
            _ = Shell.run(browser + ["--screenshot=\(png)", "file://" + html])
            let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
            #expect(bytes.count > 10_000 && bytes.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(bytes.count) bytes")
        }
    }
}

@Suite("Plan text that scales")
struct PlanTextScalingTests {
    /// A big graph prints the summary and the cut edges, and the layer table only with --layer-table.
    @Test func solveListsEveryLayerOnlyWhenAsked() {
        let file = RepositoryPaths.path("instances/zoo/mobilenetv2-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json")
        let short = dnnpart("solve", file)
        #expect(short.status == 0)
        #expect(short.stdout.contains("cut edges (1 tensor sent)") && short.stdout.contains("features.4.project.bn"))
        #expect(short.stdout.contains("--layer-table lists every one") && !short.stdout.contains("time (ms)"))
        let long = dnnpart("solve", file, "--layer-table")
        #expect(long.stdout.split(separator: "\n").count > 155 && long.stdout.contains("time (ms)"))
    }

    @Test func repartitionAllListsEveryMovedLayer() {
        let args = [RepositoryPaths.path("instances/zoo/googlenet-rpi3-server-8core-3g.json"), "--link", "0", "--bandwidth", "100Mbit/s"]
        let some = dnnpart(["repartition"] + args)
        #expect(some.stdout.contains("… and 178 more (--all lists them"))
        let all = dnnpart(["repartition"] + args + ["--all"])
        #expect(!all.stdout.contains("more (--all") && all.stdout.split(separator: "\n").count >= 198 + 2)
    }
}

@Suite("Progress on long runs")
struct ProgressCLITests {
    static let vgg16 = RepositoryPaths.path("instances/zoo/vgg16-rpi3-server-8core-wifi.json")
    static let eightDevices = ["compare", vgg16, "--problem", "tiling", "--devices", "8", "--mode", "layerwise"]

    /// On a terminal (a pseudo-terminal from util-linux's script), an 8-device tiling compare
    /// rewrites one progress line in place once it has run for about a second, and clears it.
    @Test(.enabled(if: onPath("script") != nil))
    func aTerminalShowsOneProgressLine() throws {
        let command = ([Shell.dnnpart] + Self.eightDevices).map { "'\($0)'" }.joined(separator: " ")
        let r = Shell.run([try #require(onPath("script")), "-qc", command, "/dev/null"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\r\u{1B}[K[") && r.stdout.contains("compare 1/4: exact · stage"), "\(r.stdout.prefix(300))")
        #expect(r.stdout.contains("optimal"))
    }

    /// Piped: nothing unless --progress; with --progress, lines on stderr and stdout stays valid JSON.
    @Test func pipedRunsAreQuietUnlessAsked() throws {
        let quick = ["compare", Self.vgg16, "--problem", "tiling", "--devices", "4"]
        let quiet = dnnpart(quick)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        let loud = dnnpart(quick + ["--progress", "--json"])
        #expect(loud.stderr.contains("compare 1/5: exact"), "\(loud.stderr)")
        #expect(!loud.stderr.contains("\u{1B}"))
        _ = try JSONParser.parse(loud.stdout)
    }
}

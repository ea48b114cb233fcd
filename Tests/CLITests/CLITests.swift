import Foundation
import Testing
import PartitionModel
import TestSupport

func dnnpart(_ args: String...) -> Shell.Output { Shell.run([Shell.dnnpart] + args) }
func dnnpart(_ args: [String]) -> Shell.Output { Shell.run([Shell.dnnpart] + args) }

func instancePath(_ f: String) -> String { RepositoryPaths.path("instances/" + f) }

func writeTemp(_ text: String, name: String) -> String {
    let path = Shell.temporaryDirectory() + "/" + name
    try! FileBytes.write(text, path: path)
    return path
}

@Suite("dnnpart command line")
struct CLITests {
    @Test func helpExplainsUnitsAndExamples() {
        let r = dnnpart("--help")
        #expect(r.status == 0)
        #expect(r.stdout.contains("Mbit/s") && r.stdout.contains("Examples:"))
        for sub in ["info", "verify", "solve", "compare", "maxflow", "bench"] {
            let h = dnnpart(sub, "--help")
            #expect(h.status == 0, "\(sub)")
            #expect(h.stdout.contains("Example"), "\(sub) --help has no example")
        }
    }

    @Test(arguments: RepositoryPaths.instanceFiles())
    func infoJSONHasTheRequiredKeys(file: String) throws {
        let r = dnnpart("info", instancePath(file), "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        for key in ["layers", "edges", "parameters", "macs"] { #expect(v[key] != nil, "missing \(key)") }
        let inst = try InstanceReader.read(file: instancePath(file))
        #expect(v["layers"] == .int(inst.graph.count))
        #expect(v["edges"] == .int(inst.graph.edgeCount))
        #expect(v["parameters"] == .int(inst.graph.layers.reduce(0) { $0 + $1.params }))
    }

    @Test(arguments: RepositoryPaths.instanceFiles())
    func everySolverPlanVerifiesWithTheSameObjective(file: String) throws {
        let inst = try InstanceReader.read(file: instancePath(file))
        guard inst.tiers.count == 2 else { return }
        for solver in ["dsl", "milp", "neurosurgeon", "edge-only", "cloud-only"] {
            let solved = dnnpart("solve", instancePath(file), "--problem", "latency", "--solver", solver, "--json")
            // A heuristic that ignores a memory cap gets exit 1 with the plan; the verifier agrees with it.
            let capped = try JSONParser.parse(solved.stdout)["report"]?["violations"]?.elements?.contains { $0["kind"] == .string("memory") } ?? false
            #expect(solved.status == (capped ? 1 : 0), "\(solver): \(solved.stderr)")
            #expect(!capped || !["dsl", "milp"].contains(solver), "\(solver): an exact plan breaks a memory cap")
            let out = try JSONParser.parse(solved.stdout)
            for key in ["status", "objective", "plan"] { #expect(out[key] != nil, "\(solver) --json lacks \(key)") }
            let planFile = writeTemp(solved.stdout, name: "plan.json")
            let verified = dnnpart("verify", instancePath(file), planFile, "--json")
            #expect(verified.status == (capped ? 1 : 0), "\(verified.stderr)")
            let rep = try JSONParser.parse(verified.stdout)
            #expect(rep["feasible"] == .bool(!capped))
            guard case .number(let a)? = out["objective"], case .number(let b)? = rep["latency"] else {
                Issue.record("no objective"); continue
            }
            #expect(nearlyEqual(a.doubleValue, b.doubleValue))
        }
    }

    @Test func solvePrintsThePlanAndItsTimes() {
        let r = dnnpart("solve", instancePath("small/diamond.json"), "--problem", "latency", "--solver", "dsl")
        #expect(r.status == 0)
        #expect(r.stdout.contains("status optimal  latency 13.000 ms"))
        #expect(r.stdout.contains("10.00 kB -> cloud"))
        #expect(r.stdout.contains("edge compute") && r.stdout.contains("cloud compute") && r.stdout.contains("uplink"))
    }

    @Test func compareJSONHasOneRowPerSolverWithGaps() throws {
        let r = dnnpart("compare", instancePath("small/diamond.json"), "--problem", "latency", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(r.stdout)["rows"] else { Issue.record("not an array"); return }
        #expect(rows.map { $0["solver"] } == ["dsl", "milp", "neurosurgeon", "edge-only", "cloud-only"].map { .string($0) })
        for row in rows { for key in ["solver", "status", "objective", "gap", "seconds"] { #expect(row[key] != nil) } }
        #expect(rows[1]["gap"] == .int(0))  // the two exact methods agree
        guard case .number(let g)? = rows[2]["gap"] else { Issue.record("no gap"); return }
        #expect(abs(g.doubleValue - (0.0165 - 0.013) / 0.013) < 1e-8)
        #expect(rows[0]["gap"] == .int(0))
        let text = dnnpart("compare", instancePath("small/diamond.json"))
        #expect(text.stdout.contains("gap (%)") && text.stdout.contains("26.92"))
    }

    @Test func verifyExitsOneOnAnInfeasiblePlanAndListsViolations() {
        let plan = writeTemp(#"{"format": 1, "kind": "tier-assignment", "assignment": {"in": "edge", "a": "cloud", "b": "edge", "c": "cloud"}}"#, name: "p.json")
        let r = dnnpart("verify", instancePath("small/counterexample-chain.json"), plan)
        #expect(r.status == 1)
        #expect(r.stdout.contains("INFEASIBLE"))
        #expect(r.stdout.contains("edge a -> b goes down"))
    }

    static let badPlans: [(String, String)] = [
        (#"{"assignment": {"in": "edge", "zz": "cloud"}}"#, "unknown layer id \"zz\""),
        (#"{"assignment": {"in": "edge", "a": "mars", "b": "edge", "c": "edge"}}"#, "unknown tier \"mars\""),
        (#"{"assignment": {"in": "edge"}}"#, "does not place 3 layer(s)"),
        (#"{"assignment": ["in"]}"#, "expected an object"),
        (#"{"assignment": {"in": "edge"}"#, "malformed JSON"),
    ]

    @Test(arguments: badPlans)
    func verifyExitsTwoOnABadPlanFile(text: String, reason: String) {
        let plan = writeTemp(text, name: "bad-plan.json")
        let r = dnnpart("verify", instancePath("small/counterexample-chain.json"), plan)
        #expect(r.status == 2)
        #expect(r.stderr.contains(plan) && r.stderr.contains(reason), "\(r.stderr)")
    }

    @Test(arguments: ["info", "solve", "compare"])
    func badInstanceFilesExitTwoWithFilePathAndReason(command: String) {
        let text = try! FileBytes.readText(path: instancePath("small/chain4.json"))
            .replacingOccurrences(of: "\"8 Mbit/s\"", with: "\"8 Mbit/h\"")
        let file = writeTemp(text, name: "broken.json")
        let r = dnnpart(command, file)
        #expect(r.status == 2)
        #expect(r.stderr.contains(file) && r.stderr.contains("$.links[0].bandwidth") && r.stderr.contains("unknown bandwidth unit"), "\(r.stderr)")
        let missing = dnnpart(command, "/nonexistent/instance.json")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read the file"))
    }

    @Test func unknownSolverAndWrongTierCountAreRefused() {
        let r = dnnpart("solve", instancePath("small/chain4.json"), "--solver", "magic")
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown solver \"magic\""))
        let t = dnnpart("solve", instancePath("small/chain4.json"), "--problem", "three-tier")
        #expect(t.status == 2)
        #expect(t.stderr.contains("needs 3 tiers"))
    }

    @Test func maxflowPrintsFlowAndSourceSide() throws {
        let file = writeTemp("c example\np max 4 5\nn 1 s\nn 4 t\na 1 2 3\na 1 3 2\na 2 3 5\na 2 4 2\na 3 4 3\n", name: "g.max")
        let r = dnnpart("maxflow", file, "--json", "--stats")
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        #expect(v["flow"] == .int(5))
        #expect(v["sourceSide"] == .array([.int(1)]))
        #expect(v["stats"]?["solveSeconds"] != nil && v["stats"]?["parseSeconds"] != nil)
        let dinic = dnnpart("maxflow", file, "--algorithm", "dinic")
        #expect(dinic.stdout.hasPrefix("flow 5\n"))
    }

    @Test func malformedDIMACSExitsTwoWithTheLine() {
        let file = writeTemp("p max 4 1\nn 1 s\nn 4 t\na 1 2 x\n", name: "bad.max")
        let r = dnnpart("maxflow", file)
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 4") && r.stderr.contains("not an integer"), "\(r.stderr)")
    }

    @Test func benchRunsAndWritesASolvableDIMACSFile() throws {
        let dimacs = Shell.temporaryDirectory() + "/bench.max"
        let r = dnnpart("bench", "mincut", "--vertices", "2000", "--seed", "5", "--repetitions", "1", "--json", "--write-dimacs", dimacs)
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        let again = try JSONParser.parse(dnnpart("maxflow", dimacs, "--json", "--algorithm", "dinic").stdout)
        #expect(v["flow"] != nil && v["flow"] == again["flow"])
        // The terminal gets a summary; --cut writes every id of the source side.
        let cut = Shell.temporaryDirectory() + "/cut.txt"
        let text = dnnpart("maxflow", dimacs, "--cut", cut)
        let side = try #require(again["sourceSide"]?.arrayValue)
        #expect(text.stdout.contains("source side: \(side.count) of "))
        let written = try FileBytes.readText(path: cut).split(separator: "\n").map { Int($0)! }
        #expect(written == side.map { Int($0.doubleValue!) })
    }
}

@Suite("Help texts")
struct HelpTextTests {
    /// Every help reads at 80 columns: no line is longer (ArgumentParser's own USAGE line aside).
    @Test(arguments: ["", "info", "verify", "solve", "compare", "sweep", "repartition", "maxflow", "bench", "bench mincut",
                      "bench throughput", "bench svd", "zoo", "zoo export", "zoo list", "import", "split", "profile", "profile fit"])
    func helpFitsEightyColumns(command: String) {
        let r = dnnpart(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(r.status == 0)
        for line in r.stdout.split(separator: "\n") where !line.hasPrefix("USAGE:") {
            #expect(line.count <= 80, "\(command): \(line)")
        }
    }

    /// `solve --help` and `compare --help` list the catalog's solvers of every problem, with the default marked.
    @Test func solveHelpListsEverySolverOfTheCatalog() {
        for command in ["solve", "compare"] {
            let help = dnnpart(command, "--help").stdout
            for (label, names) in [("latency (P1):", ["dsl", "milp", "neurosurgeon", "edge-only", "cloud-only"]),
                                   ("tiling (P4):", ["exact", "bodp", "gtdp", "ftp", "grid"]),
                                   ("fc (P5):", ["milp", "mscc", "dhillon", "rowsplit", "grid"]),
                                   ("channels (P6):", ["milp", "equal", "proportional", "spatial"])] {
                // The block runs until the next label (a line indented by exactly two spaces) or a blank line.
                let after = help.components(separatedBy: label).dropFirst().first ?? ""
                let block = after.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                    .prefix { i, line in i == 0 || line.hasPrefix("      ") }.map { String($0.1) }.joined(separator: " ")
                for n in names { #expect(block.contains(n), "\(command) --help, \(label) lacks \(n)") }
            }
            #expect(help.contains("mscc (default)") && help.contains("dsl (exact, default)"))
        }
    }
}

@Suite("--write-lp")
struct WriteLPTests {
    /// P1–P3 write their first-round model; the objective constant is a fixed variable, not a comment.
    @Test func everyTierProblemWritesItsModelWithTheConstantAsATerm() throws {
        let cases = [("small/diamond.json", "latency"), ("small/diamond.json", "throughput"),
                     ("zoo/resnet18-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json", "three-tier")]
        for (file, problem) in cases {
            let path = Shell.temporaryDirectory() + "/m.lp"
            let r = dnnpart("solve", instancePath(file), "--problem", problem, "--write-lp", path)
            #expect(r.status == 0, "\(problem): \(r.stderr)")
            let lp = try FileBytes.readText(path: path)
            #expect(lp.contains("Minimize") && lp.contains("Subject To"), "\(problem)")
            if problem != "throughput" { #expect(lp.contains("objective_constant = 1"), "\(problem): no constant term") }
        }
    }

    /// P5 and P6 write the model their exact solver builds; a matrix too large for it is refused with exit 2.
    @Test func fcAndChannelProblemsWriteTheirModels() throws {
        let dir = Shell.temporaryDirectory()
        let fc = dnnpart("solve", instancePath("small/fc-tiny.json"), "--write-lp", dir + "/fc.lp")
        #expect(fc.status == 0, "\(fc.stderr)")
        #expect(try FileBytes.readText(path: dir + "/fc.lp").contains("makespan_0"))
        let ch = dnnpart("solve", instancePath("channels/resnet50-g4-w1.5-4xrpi3-wifi.json"), "--solver", "equal", "--write-lp", dir + "/ch.lp")
        #expect(ch.status == 0, "\(ch.stderr)")
        #expect(try FileBytes.readText(path: dir + "/ch.lp").contains("cover_0"))
        let big = dnnpart("solve", instancePath("fc/vgg16-fc7-blocks.json"), "--density", "0.002", "--generator", "blocks", "--blocks", "4",
                          "--devices", "2", "--write-lp", dir + "/big.lp")
        #expect(big.status == 2 && big.stderr.contains("binaries"), "\(big.stderr)")
    }

    @Test func problemsWithoutASingleModelRefuseTheFlag() {
        let r = dnnpart("solve", instancePath("zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "tiling", "--devices", "2",
                        "--write-lp", "/tmp/never.lp")
        #expect(r.status == 2 && r.stderr.contains("--write-lp"), "\(r.stderr)")
    }
}

@Suite("JSON output")
struct JSONOutputTests {
    /// Every key of a JSON value, recursively.
    static func keys(_ v: JSONValue) -> [String] {
        switch v {
        case .object(let pairs): return pairs.flatMap { [$0.key] + keys($0.value) }
        case .array(let items): return items.flatMap(keys)
        default: return []
        }
    }

    /// Every command's `--json` output parses and uses camelCase keys only.
    @Test func everyCommandPrintsValidCamelCaseJSON() throws {
        let diamond = instancePath("small/diamond.json"), dir = Shell.temporaryDirectory()
        let plan = writeTemp(dnnpart("solve", diamond, "--json").stdout, name: "plan.json")
        try FileBytes.write("p max 2 1\nn 1 s\nn 2 t\na 1 2 3\n", path: dir + "/g.max")
        let runs: [[String]] = [
            ["info", diamond, "--json"], ["solve", diamond, "--json"], ["verify", diamond, plan, "--json"],
            ["compare", diamond, "--json"], ["compare", instancePath("small/fc-tiny.json"), "--json"],
            ["sweep", diamond, "--steps", "3", "-o", dir + "/sweep", "--json"],
            ["repartition", diamond, "--link", "0", "--bandwidth", "1Mbit/s", "--json"],
            ["maxflow", dir + "/g.max", "--json", "--stats"], ["bench", "mincut", "--vertices", "100", "--repetitions", "1", "--json"],
            ["bench", "throughput", instancePath("small/chain4.json"), "--json"],
            ["zoo", "list", "--json"], ["zoo", "export", "nin", "-o", dir + "/nin.json", "--json"],
            ["import", RepositoryPaths.path("instances/onnx/residual-cnn.onnx"), "-o", dir + "/r.json", "--json"],
            ["split", RepositoryPaths.path("instances/onnx/residual-cnn.onnx"), dir + "/r-plan.json", "-o", dir + "/parts", "--json"],
            ["profile", "fit", dir + "/p.csv", "--instance", dir + "/r.json", "--json"],
        ]
        try FileBytes.write("layer,tier,ms\nstem,edge,1\nblock1.conv1,edge,2\n", path: dir + "/p.csv")
        for args in runs {
            if args.first == "split" { try FileBytes.write(dnnpart("solve", dir + "/r.json", "--json").stdout, path: dir + "/r-plan.json") }
            let r = dnnpart(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let v = try JSONParser.parse(r.stdout)
            let snake = Self.keys(v).filter { $0.contains("_") }
            #expect(snake.isEmpty, "\(args.prefix(2)): snake_case keys \(Set(snake))")
        }
    }
}

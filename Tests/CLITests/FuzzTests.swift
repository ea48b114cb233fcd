import Foundation
import Testing
import PartitionModel
import TestSupport

/// What one fuzz run may end with: success, infeasible, bad input, solver failure, usage.
private let allowedExits: Set<Int32> = [0, 1, 2, 3, 64]

/// One seeded family of fuzz cases: a base text, where its mutant is written, and the commands run on it.
struct FuzzTarget: CustomTestStringConvertible, Sendable {
    let name: String
    /// The text to mutate (read from the repository, or produced by `dnnpart` once).
    let base: @Sendable () -> String
    /// The file name the mutant is written to (inside a fresh folder that also holds `extraFiles`).
    let fileName: String
    /// Other files written next to the mutant (name, text).
    let extraFiles: @Sendable () -> [(String, String)]
    /// Command lines; `FILE` stands for the mutant's path, `DIR` for its folder.
    let commands: [[String]]
    /// Mutants per run of the suite.
    let cases: Int

    var testDescription: String { name }
}

private func repo(_ path: String) -> String {
    (try? FileBytes.readText(path: RepositoryPaths.path(path))) ?? ""
}

/// A `dnnpart … --json` output, made once and reused as a base text.
private func produced(_ args: [String]) -> String { Shell.run([Shell.dnnpart] + args).stdout }

/// Cases per target; `DNNPART_FUZZ_SCALE` multiplies them for a long local run.
private let scale = Int(ProcessInfo.processInfo.environment["DNNPART_FUZZ_SCALE"] ?? "") ?? 1

private let vgg = "instances/zoo/vgg16-rpi3-server-8core-wifi.json"
private let channels = "instances/channels/resnet50-g4-w1.5-4xrpi3-wifi.json"

let fuzzTargets: [FuzzTarget] = [
    FuzzTarget(name: "small instances", base: { repo("instances/small/diamond.json") }, fileName: "i.json", extraFiles: { [] },
               commands: [["info", "FILE", "--json"], ["compare", "FILE", "--json", "--time-limit", "2"],
                          ["solve", "FILE", "--json", "--problem", "throughput", "--time-limit", "2"]], cases: 150),
    FuzzTarget(name: "counter-example chain", base: { repo("instances/small/counterexample-chain.json") }, fileName: "i.json", extraFiles: { [] },
               commands: [["solve", "FILE", "--json", "--solver", "milp", "--time-limit", "2"], ["solve", "FILE"]], cases: 100),
    FuzzTarget(name: "zoo two-tier", base: { repo("instances/zoo/resnet18-rpi3-server-8core-wifi.json") }, fileName: "i.json", extraFiles: { [] },
               commands: [["info", "FILE", "--json"], ["solve", "FILE", "--json"]], cases: 100),
    FuzzTarget(name: "zoo three-tier", base: { repo("instances/zoo/resnet18-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json") },
               fileName: "i.json", extraFiles: { [] }, commands: [["solve", "FILE", "--json"]], cases: 60),
    FuzzTarget(name: "tiling instance", base: { repo(vgg) }, fileName: "i.json", extraFiles: { [] },
               commands: [["solve", "FILE", "--json", "--problem", "tiling", "--devices", "3", "--layers", "conv1_1..pool1",
                           "--solver", "bodp"],
                          ["solve", "FILE", "--problem", "tiling", "--devices", "2", "--layers", "conv5_1..pool5", "--time-limit", "1"]],
               cases: 60),
    FuzzTarget(name: "fc instance", base: { repo("instances/small/fc-tiny.json") }, fileName: "fc-tiny.json",
               extraFiles: { [("fc-tiny.mtx", repo("instances/small/fc-tiny.mtx"))] },
               commands: [["solve", "FILE", "--json"], ["compare", "FILE", "--json", "--time-limit", "2"]], cases: 80),
    FuzzTarget(name: "Matrix Market", base: { repo("instances/small/fc-tiny.mtx") }, fileName: "fc-tiny.mtx",
               extraFiles: { [("fc-tiny.json", repo("instances/small/fc-tiny.json"))] },
               commands: [["solve", "DIR/fc-tiny.json", "--json"]], cases: 100),
    FuzzTarget(name: "channel instance", base: { repo(channels) }, fileName: "i.json", extraFiles: { [] },
               commands: [["solve", "FILE", "--json", "--solver", "equal"], ["solve", "FILE", "--solver", "spatial"]], cases: 60),
    FuzzTarget(name: "tier plan", base: { produced(["solve", RepositoryPaths.path("instances/small/diamond.json"), "--json"]) },
               fileName: "plan.json", extraFiles: { [] },
               commands: [["verify", RepositoryPaths.path("instances/small/diamond.json"), "FILE", "--json"]], cases: 100),
    FuzzTarget(name: "tiling plan", base: {
                   produced(["solve", RepositoryPaths.path(vgg), "--problem", "tiling", "--devices", "3", "--layers", "conv1_1..pool1",
                             "--solver", "bodp", "--json"])
               }, fileName: "plan.json", extraFiles: { [] },
               commands: [["verify", RepositoryPaths.path(vgg), "FILE", "--json"]], cases: 100),
    FuzzTarget(name: "fc plan", base: { produced(["solve", RepositoryPaths.path("instances/small/fc-tiny.json"), "--json"]) },
               fileName: "plan.json", extraFiles: { [] },
               commands: [["verify", RepositoryPaths.path("instances/small/fc-tiny.json"), "FILE", "--json"]], cases: 80),
    FuzzTarget(name: "channel plan", base: { produced(["solve", RepositoryPaths.path(channels), "--solver", "equal", "--json"]) },
               fileName: "plan.json", extraFiles: { [] },
               commands: [["verify", RepositoryPaths.path(channels), "FILE", "--json"]], cases: 80),
    FuzzTarget(name: "DIMACS", base: { "c tiny\np max 4 5\nn 1 s\nn 4 t\na 1 2 3\na 1 3 2\na 2 3 1\na 2 4 2\na 3 4 3\n" },
               fileName: "g.max", extraFiles: { [] }, commands: [["maxflow", "FILE", "--json"]], cases: 150),
    FuzzTarget(name: "profile CSV", base: { "layer,tier,ms\nconv1,edge,12\nconv1,cloud,2 ms\nfc,edge,0.5\n" },
               fileName: "p.csv", extraFiles: { [] },
               commands: [["zoo", "export", "nin", "--profile", "FILE", "-o", "DIR/out.json"]], cases: 80),
]

@Suite("Fuzz: seeded mutations of every input kind never crash dnnpart")
struct FuzzTests {
    @Test(arguments: fuzzTargets)
    func mutantsEndWithADocumentedExitCode(target: FuzzTarget) throws {
        var mutator = Mutator(seed: 15_000 + UInt64(fuzzTargets.firstIndex { $0.name == target.name }!))
        let base = target.base()
        #expect(!base.isEmpty, "no base text for \(target.name)")
        let dir = Shell.temporaryDirectory()
        for (name, text) in target.extraFiles() { try FileBytes.write(text, path: dir + "/" + name) }
        let file = dir + "/" + target.fileName
        var failures: [String] = []
        for i in 0..<(target.cases * scale) {
            let mutant = mutator.mutate(base)
            try FileBytes.write(mutant, path: file)
            for command in target.commands {
                let args = command.map { $0 == "FILE" ? file : $0.replacingOccurrences(of: "DIR", with: dir) }
                let r = Shell.run([Shell.dnnpart] + args)
                if let problem = FuzzTests.problem(r, args: args) {
                    failures.append("case \(i) `\(command.joined(separator: " "))`: \(problem)")
                    try FileBytes.write(mutant, path: dir + "/failing-\(i).txt")
                }
            }
            if failures.count >= 5 { break }
        }
        #expect(failures.isEmpty, "\(target.name) (mutants kept in \(dir)):\n\(failures.joined(separator: "\n"))")
    }

    /// Options with extreme values: usage errors (64) or bad input (2), never a crash.
    @Test func extremeOptionValuesAreRefusedCleanly() {
        let small = RepositoryPaths.path("instances/small/diamond.json")
        let values = ["-1", "0", "1e308", "-1e308", "nan", "inf", "9223372036854775807", "9223372036854775808", "1000000000", "5e-324"]
        var failures: [String] = []
        for v in values {
            let runs: [[String]] = [
                ["solve", small, "--time-limit", v], ["solve", small, "--gap", v], ["solve", small, "--problem", "throughput", "--rate", v],
                ["solve", RepositoryPaths.path(vgg), "--problem", "tiling", "--devices", v, "--solver", "grid"],
                ["zoo", "export", "vgg16", "--problem", "fc", "--devices", v, "-o", "/dev/null"],
                ["zoo", "export", "resnet50", "--problem", "channels", "--groups", v, "-o", "/dev/null"],
                ["bench", "mincut", "--vertices", v, "--repetitions", "1"],
            ]
            for args in runs {
                let r = Shell.run([Shell.dnnpart] + args)
                if let problem = FuzzTests.problem(r, args: args) { failures.append("\(args.joined(separator: " ")): \(problem)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// Why a run is not acceptable: a signal or undocumented exit, invalid `--json` output, or a
    /// bad-input error that names neither a file nor an option.
    static func problem(_ r: Shell.Output, args: [String]) -> String? {
        guard allowedExits.contains(r.status) else { return "exit \(r.status)\n\(r.stderr.suffix(600))" }
        if args.contains("--json"), r.status != 2, r.status != 64 {
            do { _ = try JSONParser.parse(r.stdout) } catch { return "exit \(r.status) with invalid JSON: \(error)\n\(r.stdout.prefix(300))" }
        }
        if r.status == 2, !r.stderr.contains("error") { return "exit 2 without an error message: \(r.stderr.prefix(300))" }
        return nil
    }
}

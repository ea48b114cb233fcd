import Foundation
import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

@Suite("README and Examples")
struct ExamplesAndReadmeTests {
    /// The Swift sample of README.md, as written there.
    @Test func readmeSwiftSampleRunsAndGivesTheDocumentedValues() throws {
        let instance = try InstanceReader.read(file: RepositoryPaths.path("instances/small/diamond.json"))
        let problem = LatencyProblem(instance)                 // P1
        let result = try problem.solve(with: "dsl")            // exact min-cut; throws on an unknown name
        let plan = try #require(result.plan)
        let verdict = problem.verify(plan)
        #expect(result.status == .optimal && verdict.feasible)
        #expect(nearlyEqual(verdict.objective, 0.013))
        #expect(throws: UnknownSolver.self) { try problem.solve(with: "magic") }
        #expect(LatencyProblem.solvers.map(\.name) == ["dsl", "milp", "neurosurgeon", "edge-only", "cloud-only"])
        let readme = try FileBytes.readText(path: RepositoryPaths.path("README.md"))
        #expect(readme.contains("let result = try problem.solve(with: \"dsl\")"))
        #expect(readme.contains("print(result.status, verdict.objective, verdict.feasible)  // optimal 0.013 true"))
    }

    @Test func edgeCloudSplitExamplePrintsVerifiedPlans() {
        let r = Shell.run([Shell.product("EdgeCloudSplit")])
        #expect(r.status == 0, "\(r.stderr)")
        for title in ["P1 latency-optimal [dsl, optimal]", "P1 Neurosurgeon", "P2 throughput-optimal [milp, optimal]", "P2 DSH", "edge only", "cloud only"] {
            #expect(r.stdout.contains(title), "missing \(title)")
        }
        #expect(!r.stdout.contains("feasible false"))
        // The exact P1 latency is the smallest latency printed.
        let latencies = r.stdout.split(separator: "\n").filter { $0.contains("latency ") }.compactMap { line -> Double? in
            let parts = line.split(separator: " ")
            guard let i = parts.firstIndex(of: "latency"), i + 2 < parts.count, let v = Double(parts[i + 1]) else { return nil }
            return parts[i + 2].hasPrefix("ms") ? v / 1e3 : (parts[i + 2].hasPrefix("s") ? v : v / 1e6)
        }
        #expect(latencies.count == 6)
        #expect(latencies[0] <= latencies.min()! * (1 + 1e-9))
    }

    /// The number before `unit` after `label` on a line ("gap 4.0%" → 4.0).
    private func number(after label: String, in line: Substring) -> Double? {
        guard let r = line.range(of: label + " ") else { return nil }
        return Double(line[r.upperBound...].prefix { "0123456789.-".contains($0) })
    }

    @Test func tilesAcrossPhonesDrawsTheExactPlanAndTheHeuristicsTrailIt() {
        let r = Shell.run([Shell.product("TilesAcrossPhones")])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        let rows = lines.filter { $0.contains("makespan") }
        #expect(rows.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["exact", "bodp", "gtdp", "ftp", "grid"])
        #expect(rows.first?.contains("[optimal") == true && !r.stdout.contains("feasible false"))
        let gaps = rows.compactMap { number(after: "gap", in: $0) }
        #expect(gaps.count == 5 && gaps[0] == 0 && gaps.allSatisfy { $0 >= 0 }, "\(gaps)")
        // The picture: 28 sampled rows of 56 phones' numbers; the two fast phones hold more of the map.
        let picture = lines.filter { $0.count == 56 && $0.allSatisfy { "0123".contains($0) } }
        #expect(picture.count == 28)
        let cells = picture.joined()
        let share = (0..<4).map { d in cells.filter { $0 == Character(String(d)) }.count }
        #expect(share.allSatisfy { $0 > 0 } && share[0] > share[2] && share[1] > share[3], "\(share)")
    }

    @Test func sparseFCPartitionShowsMSCCSendingLessThanTheRowSplit() {
        let r = Shell.run([Shell.product("SparseFCPartition")])
        #expect(r.status == 0, "\(r.stderr)")
        func row(_ name: String) -> [Substring] {
            r.stdout.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map { $0.split(separator: " ") } ?? []
        }
        #expect(r.stdout.contains("83308 nonzeros"))
        #expect(row("milp").contains("error:"), "the exact MILP refuses a matrix this size")
        // solver, makespan, unit, values sent, makespan with FGCP, unit, values sent with FGCP
        let mscc = row("mscc"), split = row("rowsplit")
        #expect(mscc.count == 7 && split.count == 7)
        guard mscc.count == 7, split.count == 7, let a = Int(mscc[3]), let b = Int(split[3]), let c = Int(mscc[6]) else { return }
        #expect(a < b, "MSCC sends \(a) values, the row split \(b)")
        #expect(c <= a, "FGCP never sends more")
    }

    @Test func bandwidthSweepWritesTheChartAndMarksPlanChanges() throws {
        let prefix = Shell.temporaryDirectory() + "/sweep-example"
        let r = Shell.run([Shell.product("BandwidthSweep"), prefix])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try FileBytes.readText(path: prefix + ".svg"), csv = try FileBytes.readText(path: prefix + ".csv")
        #expect(svg.hasPrefix("<?xml") && svg.contains("<polyline") && svg.contains("plan changes"))
        #expect(csv.split(separator: "\n").count == 26)
        let changes = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  from ") }
        #expect(changes.count == 3, "\(changes)")
        // On every printed row the exact latency (first column) is the smallest.
        for line in r.stdout.split(separator: "\n") where line.contains(" ms") {
            let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
            #expect(values.count == 7 && values.allSatisfy { $0 >= values[0] * (1 - 1e-9) }, "\(line)")
        }
    }
}

@Suite("Docs")
struct DocsTests {
    /// Every solver guide opens with links to its source and tests, and every relative link resolves.
    @Test func solverGuidesOpenWithLinksToSourceAndTests() throws {
        let dir = RepositoryPaths.path("docs/solvers")
        let guides = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".md") }
        #expect(guides.count >= 10)
        for g in guides {
            let lines = try FileBytes.readText(path: dir + "/" + g).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count > 3 && lines[2].hasPrefix("Source: ["), "\(g) does not open with its source links")
            #expect(lines.count > 3 && lines[2].contains("Tests: ["), "\(g) does not link its tests")
            for part in lines[2].components(separatedBy: "](").dropFirst() {
                let target = String(part.prefix { $0 != ")" })
                #expect(FileManager.default.fileExists(atPath: dir + "/" + target), "\(g): broken link \(target)")
            }
        }
    }

    /// The docs state facts in their own words: no citation of files outside the repository.
    @Test func docsCiteNothingOutsideTheRepository() throws {
        let files = Shell.run(["/usr/bin/find", RepositoryPaths.path("docs"), RepositoryPaths.path("README.md"), "-name", "*.md"]).stdout
            .split(separator: "\n").map(String.init)
        for f in files {
            let text = try FileBytes.readText(path: f)
            for outside in ["SOLVER-NOTES", "../shared", "done-when"] {
                #expect(!text.contains(outside), "\(f) cites \(outside)")
            }
        }
    }
}

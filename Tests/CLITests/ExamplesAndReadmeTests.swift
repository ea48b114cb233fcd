import Testing
import PartitionModel
import PartitionSolvers
import TestSupport

@Suite("README and Examples")
struct ExamplesAndReadmeTests {
    /// The Swift sample of README.md, as written there.
    @Test func readmeSwiftSampleRunsAndGivesTheDocumentedValues() throws {
        let instance = try InstanceReader.read(file: RepositoryPaths.path("instances/small/diamond.json"))
        let result = DSLSolver.solve(instance)              // exact P1 by min-cut
        let report = TierPlanVerifier.verify(result.plan!, instance: instance)
        #expect(result.status == .optimal && report.feasible)
        #expect(nearlyEqual(report.latency, 0.013))
        let readme = try FileBytes.readText(path: RepositoryPaths.path("README.md"))
        #expect(readme.contains("let result = DSLSolver.solve(instance)"))
        #expect(readme.contains("print(result.status, report.latency, report.feasible)  // optimal 0.013 true"))
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
}

import Testing
import PartitionModel
@testable import PartitionSolvers
import TestSupport

/// The binary-expansion grid model is used only when row-cut enumeration would be too large;
/// hold it to the same brute force as the enumerated path.
@Suite("P4 grid MILP without enumeration")
struct TilingFallbackTests {
    @Test(arguments: 0..<3)
    func binaryExpansionModelEqualsBruteForce(seed: Int) {
        let block = smallBlock(seed: 300 + UInt64(seed))
        let cluster = randomCluster(4, seed: UInt64(seed))
        let t = LayoutTemplate.grid(rows: 2, columns: 2)
        let enumerated = TilingMILP.solve(block: block, cluster: cluster, mode: .fused, templates: [t])
        let expanded = TilingMILP.solveModel(t, block: block, weights: block.weightBytes, cluster: cluster, fixedRows: nil,
                                             options: MILPOptions())
        #expect(expanded.status == .optimal)
        let plan = TilingPlan(mode: .fused, partitions: [expanded.tiles!])
        let rep = TilingVerifier.verify(plan, block: block, cluster: cluster)
        #expect(rep.feasible)
        #expect(abs(rep.makespan - enumerated.objective!) <= 1e-6 * enumerated.objective!,
                "expanded \(rep.makespan) vs enumerated \(enumerated.objective!)")
        #expect(abs(expanded.objective! - rep.makespan) <= 1e-5 * rep.makespan)
    }
}

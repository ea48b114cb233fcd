import PartitionModel
import Testing
import TestSupport

@Suite("Profiles: units in the header, and the Neurosurgeon-style predictor")
struct ProfileTests {
    @Test("the header's unit scales every value", arguments: [("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6)])
    func units(_ unit: String, _ factor: Double) throws {
        let rows = try ProfileCSV.read(text: "layer,tier,\(unit)\nconv1,edge,61.2\nconv2,edge,2 ms\n", file: "p.csv")
        #expect(rows[0].seconds == 61.2 * factor)
        #expect(rows[1].seconds == 0.002)  // a value with its own unit keeps it
    }

    /// Times generated from known coefficients per op type are fitted back exactly.
    @Test("fits recover known coefficients per op type", arguments: [UInt64(1), 2, 3])
    func recoversCoefficients(seed: UInt64) throws {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/zoo/resnet18-rpi3-server-8core-wifi.json"))
        let g = inst.graph
        var rng = SeededGenerator(seed: seed)
        var truth: [OpKind: (Double, Double, Double)] = [:]
        for op in Set(g.layers.map(\.op)) {
            truth[op] = (Double.random(in: 1e-5...1e-3, using: &rng), Double.random(in: 1e-12...1e-9, using: &rng), Double.random(in: 0...1e-9, using: &rng))
        }
        let rows = g.layers.indices.filter { $0 != g.inputIndex }.map { v -> MeasuredTime in
            let (a, b, c) = truth[g.layers[v].op]!, x = LatencyPredictor.features(g, v)
            return MeasuredTime(layer: g.layers[v].id, tier: "edge", seconds: a + b * x.flops + c * x.bytes, line: v + 1)
        }
        let p = LatencyPredictor(graph: g, measured: rows)
        for (op, (a, b, c)) in truth where op != .input {
            let fit = try #require(p.fit(tier: "edge", op: op))
            let layers = g.layers.indices.filter { g.layers[$0].op == op }
            #expect(fit.mape < 1e-6 && fit.r2 > 1 - 1e-9, "\(op.rawValue): MAPE \(fit.mape), R² \(fit.r2)")
            // Convolutions' FLOPs and bytes vary independently, so their coefficients are identifiable;
            // for element-wise layers bytes ∝ FLOPs and only the predictions are unique.
            if op == .conv {
                #expect(nearlyEqual(fit.intercept, a, relative: 1e-4) && nearlyEqual(fit.perFLOP, b, relative: 1e-4) &&
                        nearlyEqual(fit.perByte, c, relative: 1e-4), "\(fit.intercept) \(fit.perFLOP) \(fit.perByte) vs \(a) \(b) \(c)")
            }
            for v in layers {
                let x = LatencyPredictor.features(g, v)
                #expect(nearlyEqual(fit.predict(flops: x.flops, bytes: x.bytes), a + b * x.flops + c * x.bytes, relative: 1e-6))
            }
        }
    }

    @Test("an op type without measurements uses the tier-wide fit")
    func fallback() throws {
        let inst = try InstanceReader.read(file: RepositoryPaths.path("instances/zoo/resnet18-rpi3-server-8core-wifi.json"))
        let g = inst.graph
        let rows = g.layers.indices.filter { g.layers[$0].op == .conv }.map { v in
            MeasuredTime(layer: g.layers[v].id, tier: "edge", seconds: 2e-12 * g.layers[v].flops, line: v)
        }
        let p = LatencyPredictor(graph: g, measured: rows)
        #expect(p.fit(tier: "edge", op: .fc)?.op == "*")
        #expect(p.fit(tier: "cloud", op: .conv) == nil)
    }
}

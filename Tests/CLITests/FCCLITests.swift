import Testing
import PartitionModel
import TestSupport

func number(_ v: JSONValue?) -> Double? {
    if case .number(let n)? = v { return n.doubleValue }
    return nil
}

@Suite("dnnpart --problem fc")
struct FCCLITests {
    @Test func exactSolveOfTheTinyInstanceMatchesTheHandOptimumAndVerifies() throws {
        let solved = dnnpart("solve", instancePath("small/fc-tiny.json"), "--solver", "milp", "--json")
        #expect(solved.status == 0, "\(solved.stderr)")
        let out = try JSONParser.parse(solved.stdout)
        #expect(out["status"] == .string("optimal"))
        #expect(nearlyEqual(number(out["objective"])!, 0.026))
        let planFile = writeTemp(solved.stdout, name: "fc-plan.json")
        let verified = dnnpart("verify", instancePath("small/fc-tiny.json"), planFile, "--json")
        #expect(verified.status == 0, "\(verified.stderr)")
        let rep = try JSONParser.parse(verified.stdout)
        #expect(rep["feasible"] == .bool(true))
        #expect(nearlyEqual(number(rep["makespan"])!, 0.026))
        #expect(rep["totalCommunication"] == .int(1))
        // A tampered plan: a row on a device that does not exist.
        let tampered = solved.stdout.replacingOccurrences(of: "\"rowOwner\": [", with: "\"rowOwner\": [7, ")
        let bad = dnnpart("verify", instancePath("small/fc-tiny.json"), writeTemp(tampered, name: "fc-bad.json"))
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("INFEASIBLE") && bad.stdout.contains("rows"))
    }

    @Test func compareShowsEverySolverAndNoneBeatsTheExactRow() throws {
        let r = dnnpart("compare", instancePath("small/fc-tiny.json"), "--json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(r.stdout)["rows"] else { Issue.record("not an array"); return }
        #expect(rows.compactMap { if case .string(let s)? = $0["solver"] { s } else { nil } } == ["milp", "mscc", "dhillon", "rowsplit", "grid"])
        let exact = number(rows[0]["objective"])!
        for row in rows {
            #expect(row["feasible"] == .bool(true))
            #expect(number(row["objective"])! >= exact * (1 - 1e-9))
            #expect(number(row["fgcpCommunication"])! <= number(row["communication"])!)
        }
        let text = dnnpart("compare", instancePath("small/fc-tiny.json"))
        #expect(text.stdout.contains("+FGCP makespan") && text.stdout.contains("26.000"))
    }

    @Test func compareRunsOnAShippedZooFCInstance() throws {
        // The shipped VGG-16 fc7 instance with a lighter density (the debug build is slow on 671k nonzeros).
        let r = dnnpart("compare", instancePath("fc/vgg16-fc7-blocks.json"), "--generator", "blocks", "--blocks", "4", "--density", "0.002", "--devices", "2", "--json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(r.stdout)["rows"] else { Issue.record("not an array"); return }
        let byName = Dictionary(uniqueKeysWithValues: rows.compactMap { row -> (String, JSONValue)? in
            if case .string(let s)? = row["solver"] { return (s, row) } else { return nil }
        })
        #expect(byName["milp"]?["status"] == .string("error"))  // too large for the exact method, and says so
        #expect(number(byName["mscc"]?["communication"])! < number(byName["rowsplit"]?["communication"])!)
        let solved = dnnpart("solve", instancePath("fc/vgg16-fc7-blocks.json"), "--density", "0.002", "--generator", "blocks", "--blocks", "4",
                             "--devices", "2", "--fgcp")
        #expect(solved.status == 0, "\(solved.stderr)")
        #expect(solved.stdout.contains("4096 outputs × 4096 inputs") && solved.stdout.contains("nexus5-modnn-1"))
    }

    @Test func userMatrixFilesAreReadRelativeToTheWorkingDirectory() throws {
        let dir = Shell.temporaryDirectory()
        let mtx = "%%MatrixMarket matrix coordinate pattern general\n6 8 3\n1 1\n2 2\n6 8\n"
        try FileBytes.write(mtx, path: dir + "/w.mtx")
        let r = Shell.run(["/bin/sh", "-c", "cd '\(dir)' && '\(Shell.dnnpart)' solve '\(instancePath("small/fc-tiny.json"))' --matrix w.mtx --solver rowsplit --json"])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        #expect(out["report"]?["totalCommunication"] != nil)
    }

    @Test func badInputNamesTheFileTheFieldAndTheReason() throws {
        let tiny = instancePath("small/fc-tiny.json")
        let cases: [([String], String)] = [
            (["solve", tiny, "--layer", "nope"], "unknown layer id \"nope\""),
            (["solve", tiny, "--layer", "in"], "not fc"),
            (["solve", tiny, "--density", "1.5"], "density"),
            (["solve", tiny, "--generator", "lasso", "--density", "0.1"], "unknown --generator"),
            (["solve", tiny, "--solver", "kmeans"], "unknown solver"),
            (["solve", instancePath("zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "fc", "--devices", "2"], "problem.weights"),
            (["solve", instancePath("zoo/vgg16-rpi3-server-8core-wifi.json"), "--problem", "fc", "--density", "0.01"], "no cluster"),
        ]
        for (args, message) in cases {
            let r = dnnpart(args)
            #expect(r.status == 2, "\(args): \(r.stdout)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        let wrongShape = writeTemp("%%MatrixMarket matrix coordinate real general\n3 3 1\n1 1 1.0\n", name: "shape.mtx")
        let r1 = dnnpart("solve", tiny, "--matrix", wrongShape)
        #expect(r1.status == 2 && r1.stderr.contains("shape.mtx") && r1.stderr.contains("needs 6 outputs × 8 inputs"), "\(r1.stderr)")
        let broken = writeTemp("%%MatrixMarket matrix coordinate real general\n6 8 2\n1 1 1.0\n9 1 2.0\n", name: "broken.mtx")
        let r2 = dnnpart("solve", tiny, "--matrix", broken)
        #expect(r2.status == 2 && r2.stderr.contains("broken.mtx") && r2.stderr.contains("line 4"), "\(r2.stderr)")
        let badWeights = writeTemp(try FileBytes.readText(path: tiny).replacingOccurrences(of: "{\"file\": \"fc-tiny.mtx\"}", with: "{\"generator\": \"blocks\", \"density\": 0.1, \"blocks\": 0}"), name: "bad-weights.json")
        let r3 = dnnpart("solve", badWeights)
        #expect(r3.status == 2 && r3.stderr.contains("$.problem.weights.blocks"), "\(r3.stderr)")
    }
}

import Testing
import PartitionModel
import TestSupport

@Suite("dnnpart --problem channels")
struct ChannelCLITests {
    @Test func exportedDecoupledResNet50ComparesAndTheExactRowEqualsTheEqualSplit() throws {
        let file = Shell.temporaryDirectory() + "/r50-decoupled.json"
        let export = dnnpart("zoo", "export", "resnet50", "--groups", "4", "--width", "1.5", "--problem", "channels", "--devices", "2",
                             "--cluster-device", "rpi3", "--network", "wifi", "-o", file)
        #expect(export.status == 0, "\(export.stderr)")
        // The group space: both exact methods find the equal split optimal on equal devices.
        let r = dnnpart("compare", file, "--json", "--plan-space", "groups")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(r.stdout)["rows"], rows.count == 5 else { Issue.record("expected five rows"); return }
        #expect(rows.map { $0["solver"] } == ["search", "milp", "equal", "proportional", "spatial"].map { JSONValue.string($0) })
        #expect(rows[4]["feasible"] == .bool(true))
        #expect(rows[0]["status"] == .string("optimal") && rows[1]["status"] == .string("optimal"))
        #expect(nearlyEqual(number(rows[0]["objective"])!, number(rows[2]["objective"])!, relative: 1e-6))
        #expect(nearlyEqual(number(rows[1]["objective"])!, number(rows[2]["objective"])!, relative: 1e-6))
        // The mixed space (the default): the search is optimal and no row beats it; the group MILP's plan is only feasible.
        let m = dnnpart("compare", file, "--json")
        guard case .array(let mixed)? = try JSONParser.parse(m.stdout)["rows"], mixed.count == 5 else { Issue.record("expected five rows"); return }
        #expect(mixed[0]["status"] == .string("optimal") && mixed[1]["status"] == .string("feasible"))
        let best = number(mixed[0]["objective"])!
        #expect(mixed.allSatisfy { number($0["objective"])! >= best * (1 - 1e-9) })
        #expect(best < number(rows[0]["objective"])! && best <= number(mixed[4]["objective"])!)
        #expect(dnnpart("compare", file, "--plan-space", "rows").status == 2)
        let solved = dnnpart("solve", file, "--solver", "equal")
        #expect(solved.status == 0 && solved.stdout.contains("shuffle after layer1.shuffle") && solved.stdout.contains("largest device memory"))
    }

    @Test func solvedPlansVerifyAndBrokenOnesAreNamed() throws {
        let file = Shell.temporaryDirectory() + "/r50-verify.json"
        #expect(dnnpart("zoo", "export", "resnet50", "--groups", "4", "--width", "1", "--problem", "channels", "--devices", "3",
                        "--cluster-device", "rpi3", "--network", "wifi", "-o", file).status == 0)
        for solver in ["proportional", "spatial"] {
            let solved = dnnpart("solve", file, "--solver", solver, "--overlap", "--json")
            #expect(solved.status == 0, "\(solved.stderr)")
            let planFile = writeTemp(solved.stdout, name: "plan-\(solver).json")
            let v = dnnpart("verify", file, planFile, "--json")
            #expect(v.status == 0, "\(v.stderr)")
            let solvedObjective = number(try JSONParser.parse(solved.stdout)["objective"])!
            #expect(nearlyEqual(number(try JSONParser.parse(v.stdout)["objective"])!, solvedObjective, relative: 1e-12))
        }
        let bad = writeTemp(#"{"kind": "channels", "rows": [{"layer": "conv1.conv", "rows": [112, 0, 0]}]}"#, name: "plan-bad.json")
        let v = dnnpart("verify", file, bad)
        #expect(v.status == 2 && v.stderr.contains("$.rows") && v.stderr.contains("rows for 175 layers, found 1"), "\(v.stderr)")
        let spatial = dnnpart("solve", file, "--solver", "spatial")
        #expect(spatial.status == 0 && spatial.stdout.contains("halo rows for layer1.0.2.conv") && spatial.stdout.contains("17 halo exchanges"))
    }

    @Test func aModelThatIsNotDecoupledIsAClearError() {
        let r = dnnpart("compare", instancePath("zoo/resnet50-rpi3-server-8core-wifi.json"), "--problem", "channels", "--devices", "2")
        #expect(r.status == 2 && r.stderr.contains("not a decoupled network"), "\(r.stderr)")
        let z = dnnpart("zoo", "export", "alexnet", "--groups", "4")
        #expect(z.status == 2 && z.stderr.contains("only resnet50 and vgg16"), "\(z.stderr)")
    }
}

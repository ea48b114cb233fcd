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
        let r = dnnpart("compare", file, "--json")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows) = try JSONParser.parse(r.stdout), rows.count == 3 else { Issue.record("expected three rows"); return }
        #expect(rows[0]["status"] == .string("optimal"))
        #expect(nearlyEqual(number(rows[0]["objective"])!, number(rows[1]["objective"])!, relative: 1e-6))
        let solved = dnnpart("solve", file, "--solver", "equal")
        #expect(solved.status == 0 && solved.stdout.contains("shuffle after layer1.shuffle") && solved.stdout.contains("largest device memory"))
    }

    @Test func aModelThatIsNotDecoupledIsAClearError() {
        let r = dnnpart("compare", instancePath("zoo/resnet50-rpi3-server-8core-wifi.json"), "--problem", "channels", "--devices", "2")
        #expect(r.status == 2 && r.stderr.contains("not a decoupled network"), "\(r.stderr)")
        let z = dnnpart("zoo", "export", "alexnet", "--groups", "4")
        #expect(z.status == 2 && z.stderr.contains("only resnet50 and vgg16"), "\(z.stderr)")
    }
}

import Foundation
import Testing
import PartitionModel
import TestSupport

/// A valid two-tier instance as text; tests break one thing at a time.
let validInstance = #"""
{
  "format": 1,
  "name": "t",
  "model": {
    "layers": [
      {"id": "in", "op": "input", "shape": [3, 8, 8]},
      {"id": "c1", "op": "conv", "inputs": ["in"], "shape": [4, 8, 8],
       "window": {"kernel": 3, "stride": 1, "padding": 1, "inChannels": 3, "outChannels": 4}, "params": 112},
      {"id": "fc", "op": "fc", "inputs": ["c1"], "shape": [10], "macs": 2560, "params": 2570}
    ]
  },
  "tiers": [
    {"name": "edge", "device": {"name": "d", "flopsPerSecond": "1 GFLOP/s", "memoryBandwidth": "1 GB/s"}},
    {"name": "cloud", "device": {"name": "s", "flopsPerSecond": "100 GFLOP/s", "memoryBandwidth": "10 GB/s"},
     "profile": {"c1": "0.5 ms"}}
  ],
  "links": [{"from": "edge", "to": "cloud", "bandwidth": "8 Mbit/s", "latency": "2 ms"}],
  "problem": {"kind": "latency"}
}
"""#

func replacing(_ old: String, with new: String, in text: String = validInstance) -> String {
    precondition(text.contains(old), "test fixture lacks \(old)")
    return text.replacingOccurrences(of: old, with: new)
}

@Suite("Instance files")
struct InstanceReaderTests {
    @Test func readsAValidInstanceWithUnitsAndDefaults() throws {
        let inst = try InstanceReader.read(text: validInstance, file: "t.json")
        #expect(inst.graph.count == 3)
        #expect(inst.graph.layers[0].outputBytes == 3 * 8 * 8 * 4)
        // MACs of the conv derived from its window: 4·8·8 outputs × 3·3·3.
        #expect(inst.graph.layers[1].macs == 4 * 8 * 8 * 27)
        #expect(inst.graph.layers[1].flops == 2 * 4 * 8 * 8 * 27)
        #expect(inst.graph.layers[2].weightBytes == 2570 * 4)
        #expect(inst.links[0].bandwidth == 1e6)
        #expect(inst.links[0].latency == 0.002)
        #expect(inst.cost.seconds[1][1] == 0.0005)
        #expect(inst.cost.source[1][1] == .profile)
        #expect(inst.cost.source[0][1] == .estimate)
    }

    @Test func writerOutputReadsBackIdentically() throws {
        let inst = try InstanceReader.read(text: validInstance)
        let again = try InstanceReader.read(text: InstanceWriter.text(inst))
        #expect(again.graph.layers == inst.graph.layers)
        #expect(again.tiers == inst.tiers)
        #expect(again.links == inst.links)
        #expect(again.cost.seconds == inst.cost.seconds)
    }

    /// Each bad input, the JSON path the error must name, and words of the reason.
    static let badInputs: [(String, String, String, String)] = [
        ("malformed JSON", replacing("\"name\": \"t\",", with: "\"name\": \"t\""), "line 4", "malformed JSON"),
        ("missing field", replacing("\"format\": 1,", with: ""), "$", "missing required field \"format\""),
        ("mistyped field", replacing("\"inputs\": [\"c1\"]", with: "\"input\": [\"c1\"]"), "$.model.layers[2].input", "unknown field \"input\""),
        ("wrong type", replacing("\"shape\": [10]", with: "\"shape\": \"10\""), "$.model.layers[2].shape", "expected an array"),
        ("unknown layer id", replacing("\"inputs\": [\"c1\"]", with: "\"inputs\": [\"c9\"]"), "$.model.layers[2].inputs[0]", "unknown layer id \"c9\""),
        ("duplicate layer id", replacing("{\"id\": \"fc\"", with: "{\"id\": \"c1\""), "$.model.layers[2].id", "duplicate layer id \"c1\""),
        ("cycle", replacing("\"inputs\": [\"in\"]", with: "\"inputs\": [\"in\", \"fc\"]"), "$.model.layers", "cycle in the graph: "),
        ("no input layer", replacing("\"op\": \"input\"", with: "\"op\": \"other\""), "$.model.layers[0].inputs", "only the input layer may have none"),
        ("negative bandwidth", replacing("\"bandwidth\": \"8 Mbit/s\"", with: "\"bandwidth\": -5"), "$.links[0].bandwidth", "must not be negative"),
        ("zero bandwidth", replacing("\"bandwidth\": \"8 Mbit/s\"", with: "\"bandwidth\": 0"), "$.links[0].bandwidth", "must be > 0"),
        ("NaN", replacing("\"latency\": \"2 ms\"", with: "\"latency\": \"NaN ms\""), "$.links[0].latency", "not a finite number"),
        ("infinite number", replacing("\"macs\": 2560", with: "\"macs\": 1e999"), "line", "out of range"),
        ("bad unit string", replacing("\"8 Mbit/s\"", with: "\"8 Mbit\""), "$.links[0].bandwidth", "unknown bandwidth unit \"Mbit\""),
        ("missing profile", replacing("{\"name\": \"edge\", \"device\": {\"name\": \"d\", \"flopsPerSecond\": \"1 GFLOP/s\", \"memoryBandwidth\": \"1 GB/s\"}}",
                                      with: "{\"name\": \"edge\", \"profile\": {\"c1\": 0.001}}"), "$.tiers[0].profile", "missing profile for layer \"fc\""),
        ("profile names unknown layer", replacing("\"profile\": {\"c1\": \"0.5 ms\"}", with: "\"profile\": {\"c7\": \"0.5 ms\"}"), "$.tiers[1].profile.c7", "unknown layer id \"c7\""),
        ("unsupported format", replacing("\"format\": 1", with: "\"format\": 2"), "$.format", "unsupported format version 2"),
        ("link between wrong tiers", replacing("\"from\": \"edge\"", with: "\"from\": \"cloud\""), "$.links[0].from", "must start at tier \"edge\""),
        ("unknown op", replacing("\"op\": \"fc\"", with: "\"op\": \"dense\""), "$.model.layers[2].op", "unknown op \"dense\""),
        ("negative count", replacing("\"macs\": 2560", with: "\"macs\": -1"), "$.model.layers[2].macs", "must be ≥ 0"),
        ("groups do not divide", replacing("\"outChannels\": 4}", with: "\"outChannels\": 4, \"groups\": 2}"), "$.model.layers[1].window.groups", "must divide"),
        ("unknown problem", replacing("\"kind\": \"latency\"", with: "\"kind\": \"speed\""), "$.problem.kind", "unknown problem kind"),
        ("empty id", replacing("{\"id\": \"fc\"", with: "{\"id\": \"\""), "$.model.layers[2].id", "must not be empty"),
    ]

    @Test(arguments: badInputs)
    func refusesBadInputNamingFilePathAndReason(name: String, text: String, path: String, reason: String) {
        do {
            _ = try InstanceReader.read(text: text, file: "bad.json")
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.file == "bad.json", "\(name)")
            #expect(error.path.hasPrefix(path), "\(name): path \(error.path), expected \(path)")
            #expect(error.reason.contains(reason), "\(name): reason \(error.reason)")
        }
    }

    @Test func unreadableFileIsAnInputError() {
        #expect(throws: InputError.self) { try InstanceReader.read(file: "/nonexistent/x.json") }
    }

    @Test func cycleMessageListsTheCycle() {
        let text = replacing("\"inputs\": [\"in\"]", with: "\"inputs\": [\"in\", \"fc\"]")
        do {
            _ = try InstanceReader.read(text: text)
            Issue.record("accepted a cycle")
        } catch {
            #expect(error.reason.contains("c1 -> fc -> c1") || error.reason.contains("fc -> c1 -> fc"), "\(error.reason)")
        }
    }
}

@Suite("Shipped instances")
struct ShippedInstanceTests {
    @Test(arguments: RepositoryPaths.instanceFiles())
    func validatesAgainstTheSchemaAndLoads(file: String) throws {
        let schema = try JSONCursor.load(file: RepositoryPaths.path("docs/instance.schema.json")).value
        let doc = try JSONCursor.load(file: RepositoryPaths.path("instances/" + file)).value
        let errors = JSONSchemaValidator(schema: schema).errors(doc)
        #expect(errors.isEmpty, "\(file): \(errors)")
        _ = try InstanceReader.read(file: RepositoryPaths.path("instances/" + file))
    }

    @Test func schemaRejectsWhatTheReaderRejects() throws {
        let schema = try JSONCursor.load(file: RepositoryPaths.path("docs/instance.schema.json")).value
        let validator = JSONSchemaValidator(schema: schema)
        #expect(validator.errors(try JSONParser.parse(validInstance)).isEmpty)
        for (_, bad, _) in [("unit", replacing("\"8 Mbit/s\"", with: "\"8 Mbit\""), ""),
                            ("field", replacing("\"inputs\": [\"c1\"]", with: "\"input\": [\"c1\"]"), ""),
                            ("negative", replacing("\"bandwidth\": \"8 Mbit/s\"", with: "\"bandwidth\": -5"), "")] {
            #expect(!validator.errors(try JSONParser.parse(bad)).isEmpty)
        }
    }
}

import Testing
import PartitionModel

@Suite("JSON parser and writer")
struct JSONTests {
    @Test func parsesNestedDocumentsKeepingKeyOrder() throws {
        let v = try JSONParser.parse(#"{"b": [1, 2.5, -3e2], "a": {"x": null, "y": true}, "s": "h\u00e9\n"}"#)
        guard case .object(let pairs) = v else { Issue.record("not an object"); return }
        #expect(pairs.map(\.key) == ["b", "a", "s"])
        #expect(v["b"] == .array([.int(1), .double(2.5), .double(-300)]))
        #expect(v["s"] == .string("hé\n"))
        #expect(v["a"]?["y"] == .bool(true))
    }

    @Test func integersStayExact() throws {
        let v = try JSONParser.parse("[9007199254740993]")
        guard case .array(let items) = v, case .number(let n) = items[0] else { Issue.record("no number"); return }
        #expect(n.intValue == 9_007_199_254_740_993)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "line 1, column 9"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3"),
        ("[1, 2", "line 1, column 6"),
        ("{\"a\": NaN}", "NaN and Infinity are not JSON numbers"),
        ("[1e400]", "out of range"),
        ("{\"a\": 1, \"a\": 2}", "duplicate key \"a\""),
        ("\"abc", "unterminated string"),
        ("[01]", "expected ',' or ']'"), ("1 2", "unexpected text"),
        ("", "unexpected end of input"),
    ])
    func refusesMalformedText(text: String, expected: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("accepted malformed JSON \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func writerRoundTrips() throws {
        let text = #"{"name": "x", "v": [1, 0.001, 2.5e-7], "o": {"k": [{"a": "q\"\\"}]}, "e": [], "f": {}}"#
        let v = try JSONParser.parse(text)
        #expect(try JSONParser.parse(v.serialized()) == v)
        #expect(try JSONParser.parse(v.serialized(pretty: false)) == v)
        #expect(JSONValue.double(0.013).serialized(pretty: false) == "0.013")
        #expect(JSONValue.double(2).serialized(pretty: false) == "2")
    }
}

@Suite("Quantities with units")
struct QuantityTests {
    @Test(arguments: [
        (QuantityKind.bandwidth, "18.88 Mbit/s", 2_360_000.0),
        (.bandwidth, "5.85Mbps", 731_250),
        (.bandwidth, "1 MB/s", 1e6),
        (.bandwidth, "1 MiB/s", 1_048_576),
        (.bandwidth, "2360000", 2_360_000),
        (.duration, "12 ms", 0.012),
        (.duration, "5 us", 5e-6),
        (.duration, "1.5e-3 s", 1.5e-3),
        (.duration, "0.25", 0.25),
        (.bytes, "1.5 MB", 1.5e6),
        (.bytes, "2 KiB", 2048),
        (.bytes, "8 bit", 1),
        (.flopRate, "2.5 GFLOP/s", 2.5e9),
        (.flopRate, "1 TFLOPS", 1e12),
    ])
    func parsesUnits(kind: QuantityKind, text: String, expected: Double) throws {
        let v = try kind.parse(text).get()
        #expect(abs(v - expected) <= 1e-12 * expected, "\(text) -> \(v)")
    }

    @Test(arguments: [
        (QuantityKind.bandwidth, "18.88 Mbit", "unknown bandwidth unit"),
        (.duration, "fast", "does not start with a number"),
        (.duration, "NaN ms", "not a finite number"),
        (.bytes, "1.5 mb", "unknown bytes unit"),
        (.duration, "", "does not start with a number"),
    ])
    func refusesBadUnits(kind: QuantityKind, text: String, expected: String) {
        switch kind.parse(text) {
        case .success(let v): Issue.record("accepted \(text) as \(v)")
        case .failure(let e): #expect(e.reason.contains(expected), "\(e.reason)")
        }
    }

    @Test func formatsForPeople() {
        #expect(UnitFormat.duration(0.0123) == "12.300 ms")
        #expect(UnitFormat.duration(2.5) == "2.500 s")
        #expect(UnitFormat.bytes(1_500_000) == "1.50 MB")
        #expect(UnitFormat.bandwidth(2_360_000) == "18.88 Mbit/s")
        #expect(UnitFormat.fixed(-0.0004, 3) == "0.000")
        #expect(UnitFormat.fixed(-1.25, 1) == "-1.3" || UnitFormat.fixed(-1.25, 1) == "-1.2")
    }
}

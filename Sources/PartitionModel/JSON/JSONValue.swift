/// A JSON document held in memory, with object keys kept in file order.
///
/// The project reads and writes every file through this type rather than
/// `Codable`, so that an error can name the JSON path and line of the
/// offending value, numbers keep their exact text (integers up to 2^63 stay
/// exact), and written files are byte-for-byte deterministic.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number with its source text (`"1e-3"`) so integers stay exact.
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    /// Key–value pairs in file order. Keys are unique (the parser refuses duplicates).
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a.doubleValue == b.doubleValue
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The name of this value's JSON type, as used in error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The value stored under `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first(where: { $0.key == key })?.value
    }

    /// A number value from a `Double`; `null` when it is infinite or NaN, which JSON cannot hold,
    /// so serialised output is always valid JSON.
    public static func double(_ x: Double) -> JSONValue { x.isFinite ? .number(JSONNumber(x)) : .null }
    /// A number value, or `null` when the value is missing, infinite or NaN.
    public static func finite(_ x: Double?) -> JSONValue { x.map { JSONValue.double($0) } ?? .null }
    /// A number value from an integer, kept exact.
    public static func int(_ x: Int) -> JSONValue { .number(JSONNumber(x)) }
}

/// A JSON number: its text as written and its value as a `Double`.
public struct JSONNumber: Sendable, Equatable {
    /// The literal as it appears in the file (or as the writer will print it).
    public let text: String
    /// The number's value.
    public let doubleValue: Double

    /// A number from a finite `Double`, printed in its shortest exact form (a non-finite value,
    /// which JSON cannot hold, prints as `null`: use ``JSONValue/double(_:)``, which makes it `.null`).
    public init(_ x: Double) {
        self.doubleValue = x
        self.text = x.isFinite ? JSONNumber.format(x) : "null"
    }

    /// A number from an integer, printed exactly.
    public init(_ x: Int) {
        self.doubleValue = Double(x)
        self.text = String(x)
    }

    init(text: String, value: Double) {
        self.text = text
        self.doubleValue = value
    }

    /// The exact integer value when the literal is an integer that fits in `Int`.
    public var intValue: Int? {
        if let i = Int(text) { return i }
        if doubleValue.rounded() == doubleValue, abs(doubleValue) < 9.0e15 { return Int(doubleValue) }
        return nil
    }

    /// Shortest round-trip text for a finite double; integral values print without a fraction.
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

import PartitionModel

extension JSONValue {
    /// The elements of an array (nil for other values).
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// A number's value (nil for other values).
    public var doubleValue: Double? { if case .number(let n) = self { return n.doubleValue }; return nil }
    /// A string's text (nil for other values).
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
}

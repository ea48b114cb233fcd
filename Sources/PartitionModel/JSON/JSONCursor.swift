/// A JSON value together with the file it came from and its JSON path.
///
/// Readers walk a document with cursors so that every error names the file,
/// the path (`$.tiers[1].device.memoryBandwidth`) and the reason, and unknown
/// keys (usually typos) are refused instead of silently ignored.
public struct JSONCursor: Sendable {
    /// The value under the cursor.
    public let value: JSONValue
    /// Its JSON path, such as `$.model.layers[3].op`.
    public let path: String
    /// The file it was read from.
    public let file: String

    /// A cursor on `value`, found at JSON path `path` of `file` (both only for error messages).
    public init(value: JSONValue, path: String = "$", file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    /// Reads and parses a JSON file, mapping I/O and syntax errors to ``InputError``.
    public static func load(file: String) throws(InputError) -> JSONCursor {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path: file)
        } catch {
            throw InputError(file: file, path: "$", reason: "cannot read the file: \(error)")
        }
        return try parse(bytes: bytes, file: file)
    }

    /// Parses JSON text held in memory; `file` names it in errors.
    public static func parse(bytes: [UInt8], file: String) throws(InputError) -> JSONCursor {
        do {
            return JSONCursor(value: try JSONParser.parse(bytes), file: file)
        } catch {
            throw InputError(file: file, path: error.location.description, reason: "malformed JSON: \(error.reason)")
        }
    }

    /// An error at this cursor's path.
    public func error(_ reason: String) -> InputError {
        InputError(file: file, path: path, reason: reason)
    }

    // MARK: Objects

    /// The object's pairs; fails when this is not an object.
    public func object() throws(InputError) -> [(key: String, value: JSONCursor)] {
        guard case let .object(pairs) = value else { throw error("expected an object, found \(value.typeName)") }
        return pairs.map { ($0.key, JSONCursor(value: $0.value, path: path + "." + $0.key, file: file)) }
    }

    /// Refuses keys outside `allowed` (a mistyped field name is an error, with the allowed names listed).
    public func requireOnlyKeys(_ allowed: [String]) throws(InputError) {
        guard case let .object(pairs) = value else { throw error("expected an object, found \(value.typeName)") }
        // Cursors (and their paths) are made only for the error.
        for pair in pairs where !allowed.contains(pair.key) {
            throw JSONCursor(value: pair.value, path: path + "." + pair.key, file: file)
                .error("unknown field \"\(pair.key)\" (allowed here: \(allowed.joined(separator: ", ")))")
        }
    }

    /// The value under `key`; fails with "missing field" when absent.
    public func field(_ key: String) throws(InputError) -> JSONCursor {
        guard case .object = value else { throw error("expected an object, found \(value.typeName)") }
        guard let v = value[key] else { throw error("missing required field \"\(key)\"") }
        return JSONCursor(value: v, path: path + "." + key, file: file)
    }

    /// The value under `key`, or `nil` when it is absent or `null`.
    public func optionalField(_ key: String) throws(InputError) -> JSONCursor? {
        guard case .object = value else { throw error("expected an object, found \(value.typeName)") }
        guard let v = value[key], v != .null else { return nil }
        return JSONCursor(value: v, path: path + "." + key, file: file)
    }

    // MARK: Arrays

    /// The elements of an array, each with its own path; an error naming the path otherwise.
    public func array() throws(InputError) -> [JSONCursor] {
        guard case let .array(items) = value else { throw error("expected an array, found \(value.typeName)") }
        return items.enumerated().map { JSONCursor(value: $1, path: path + "[\($0)]", file: file) }
    }

    // MARK: Scalars

    /// The value as a string; an error naming the path otherwise.
    public func string() throws(InputError) -> String {
        guard case let .string(s) = value else { throw error("expected a string, found \(value.typeName)") }
        return s
    }

    /// A non-empty string without leading or trailing spaces (identifiers).
    public func identifier() throws(InputError) -> String {
        let s = try string()
        guard !s.isEmpty else { throw error("must not be empty") }
        guard s.trimmingSpaces() == s else { throw error("\"\(s)\" has leading or trailing spaces") }
        return s
    }

    /// The value as a Boolean; an error naming the path otherwise.
    public func bool() throws(InputError) -> Bool {
        guard case let .bool(b) = value else { throw error("expected true or false, found \(value.typeName)") }
        return b
    }

    /// A finite number (JSON cannot hold NaN or infinity; the parser refuses overflow).
    public func double() throws(InputError) -> Double {
        guard case let .number(n) = value else { throw error("expected a number, found \(value.typeName)") }
        guard n.doubleValue.isFinite else { throw error("\(n.text) is not a finite number") }
        return n.doubleValue
    }

    /// A finite number in `0...maximum`.
    public func nonNegativeDouble(maximum: Double = 1e300) throws(InputError) -> Double {
        let x = try double()
        guard x >= 0 else { throw error("must be ≥ 0, found \(x)") }
        guard x <= maximum else { throw error("\(x) exceeds the limit \(maximum)") }
        return x
    }

    /// An integer in `0...maximum` (at most ``InputLimits/maxInteger`` unless said otherwise).
    public func nonNegativeInt(maximum: Int = InputLimits.maxInteger) throws(InputError) -> Int {
        guard case let .number(n) = value else { throw error("expected an integer, found \(value.typeName)") }
        guard let i = n.intValue else {
            if n.doubleValue.rounded() == n.doubleValue { throw error("\(n.text) exceeds the limit \(maximum)") }
            throw error("expected an integer, found \(n.text)")
        }
        guard i >= 0 else { throw error("must be ≥ 0, found \(i)") }
        guard i <= maximum else { throw error("\(i) exceeds the limit \(maximum)") }
        return i
    }

    /// An integer in `1...maximum`.
    public func positiveInt(maximum: Int = InputLimits.maxInteger) throws(InputError) -> Int {
        let i = try nonNegativeInt(maximum: maximum)
        guard i > 0 else { throw error("must be > 0, found 0") }
        return i
    }

    /// A quantity in its SI unit: a plain number, or a string with a unit (`"12 ms"`).
    ///
    /// - Parameters:
    ///   - kind: what the number measures (decides the accepted units).
    ///   - allowZero: whether 0 is accepted (bandwidths and speeds must be > 0).
    public func quantity(_ kind: QuantityKind, allowZero: Bool = true) throws(InputError) -> Double {
        let x: Double
        switch value {
        case .number(let n):
            x = n.doubleValue
        case .string(let s):
            switch kind.parse(s) {
            case .success(let v): x = v
            case .failure(let e): throw error(e.reason)
            }
        default:
            throw error("expected a number in \(kind.siUnit) or a string with a unit such as \(kind.example), found \(value.typeName)")
        }
        guard x.isFinite else { throw error("\(kind.rawValue) is not a finite number") }
        guard x >= 0 else { throw error("\(kind.rawValue) must not be negative, found \(x) \(kind.siUnit)") }
        if !allowZero && x == 0 { throw error("\(kind.rawValue) must be > 0") }
        let range = InputLimits.range(of: kind)
        guard x <= range.upperBound else {
            throw error("\(kind.rawValue) \(x) \(kind.siUnit) exceeds the limit \(range.upperBound) \(kind.siUnit)")
        }
        guard x == 0 || x >= range.lowerBound else {
            throw error("\(kind.rawValue) \(x) \(kind.siUnit) is below the smallest accepted \(range.lowerBound) \(kind.siUnit)")
        }
        return x
    }
}

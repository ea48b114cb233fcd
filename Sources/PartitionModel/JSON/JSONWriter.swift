extension JSONValue {
    /// Serialises the value as JSON text.
    ///
    /// Pretty output indents by two spaces and keeps arrays of scalars on one
    /// line, so instance files stay readable and diff well. Output is
    /// deterministic: object keys keep their order.
    ///
    /// - Complexity: O(n) in the size of the output.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: 0, pretty: pretty)
        if pretty { out += "\n" }
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private func write(into out: inout String, indent: Int, pretty: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.text
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if !pretty || items.allSatisfy(\.isScalar) {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += pretty ? ", " : "," }
                    item.write(into: &out, indent: indent, pretty: pretty)
                }
                out += "]"
                return
            }
            out += "[\n"
            let pad = String(repeating: " ", count: indent + 2)
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 2, pretty: pretty)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            if !pretty {
                out += "{"
                for (i, pair) in pairs.enumerated() {
                    if i > 0 { out += "," }
                    JSONValue.writeString(pair.key, into: &out)
                    out += ":"
                    pair.value.write(into: &out, indent: indent, pretty: false)
                }
                out += "}"
                return
            }
            out += "{\n"
            let pad = String(repeating: " ", count: indent + 2)
            for (i, pair) in pairs.enumerated() {
                out += pad
                JSONValue.writeString(pair.key, into: &out)
                out += ": "
                pair.value.write(into: &out, indent: indent + 2, pretty: true)
                out += i + 1 < pairs.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}

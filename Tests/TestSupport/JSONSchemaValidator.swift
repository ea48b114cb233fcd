import Foundation
import PartitionModel

/// A checker for the subset of JSON Schema (draft 2020-12) that `docs/instance.schema.json` uses.
///
/// Supported keywords: `type`, `properties`, `required`, `additionalProperties`,
/// `items`, `minItems`, `maxItems`, `enum`, `const`, `minimum`,
/// `exclusiveMinimum`, `maximum`, `minLength`, `pattern`, `oneOf`, `anyOf`, `allOf`,
/// `$ref` to `#/$defs/…`. An unknown keyword is reported, so the schema
/// cannot silently use something this checker ignores.
public struct JSONSchemaValidator {
    let root: JSONValue
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs", "$comment", "examples", "default"]

    public init(schema: JSONValue) { root = schema }

    /// Every place where `value` breaks the schema, as "path: reason".
    public func errors(_ value: JSONValue) -> [String] {
        var out: [String] = []
        check(value, against: root, path: "$", into: &out)
        return out
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(ref.dropFirst("#/$defs/".count))]
    }

    private func typeMatches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
            return true
        case ("integer", .number(let n)): return n.doubleValue == n.doubleValue.rounded()
        default: return false
        }
    }

    private func check(_ value: JSONValue, against schema: JSONValue, path: String, into out: inout [String]) {
        if case .bool(let b) = schema {
            if !b { out.append("\(path): not allowed") }
            return
        }
        guard case .object(let keywords) = schema else { out.append("\(path): schema is not an object"); return }
        for (key, arg) in keywords {
            switch key {
            case _ where Self.annotations.contains(key):
                continue
            case "$ref":
                guard case .string(let ref) = arg, let target = resolve(ref) else { out.append("\(path): bad $ref"); continue }
                check(value, against: target, path: path, into: &out)
            case "type":
                let types: [String]
                switch arg {
                case .string(let t): types = [t]
                case .array(let ts): types = ts.compactMap { if case .string(let t) = $0 { return t } else { return nil } }
                default: types = []
                }
                if !types.contains(where: { typeMatches(value, $0) }) { out.append("\(path): expected \(types.joined(separator: " or ")), found \(value.typeName)") }
            case "properties":
                guard case .object(let props) = arg, case .object = value else { continue }
                for (name, sub) in props {
                    if let v = value[name] { check(v, against: sub, path: path + "." + name, into: &out) }
                }
            case "required":
                guard case .array(let names) = arg, case .object = value else { continue }
                for case .string(let name) in names where value[name] == nil { out.append("\(path): missing required \"\(name)\"") }
            case "additionalProperties":
                guard case .object(let pairs) = value else { continue }
                var known = Set<String>()
                if case .object(let props)? = schema["properties"] { known = Set(props.map(\.key)) }
                for (name, v) in pairs where !known.contains(name) {
                    if case .bool(false) = arg { out.append("\(path): unexpected property \"\(name)\"") } else {
                        check(v, against: arg, path: path + "." + name, into: &out)
                    }
                }
            case "items":
                guard case .array(let items) = value else { continue }
                for (i, item) in items.enumerated() { check(item, against: arg, path: "\(path)[\(i)]", into: &out) }
            case "minItems", "maxItems":
                guard case .array(let items) = value, case .number(let n) = arg else { continue }
                if key == "minItems" && Double(items.count) < n.doubleValue { out.append("\(path): fewer than \(n.text) items") }
                if key == "maxItems" && Double(items.count) > n.doubleValue { out.append("\(path): more than \(n.text) items") }
            case "enum":
                guard case .array(let options) = arg else { continue }
                if !options.contains(value) { out.append("\(path): not one of the allowed values") }
            case "const":
                if value != arg { out.append("\(path): must equal \(arg.serialized(pretty: false))") }
            case "minimum", "exclusiveMinimum", "maximum":
                guard case .number(let x) = value, case .number(let m) = arg else { continue }
                if key == "maximum" && x.doubleValue > m.doubleValue { out.append("\(path): above maximum \(m.text)") }
                if key == "minimum" && x.doubleValue < m.doubleValue { out.append("\(path): below minimum \(m.text)") }
                if key == "exclusiveMinimum" && x.doubleValue <= m.doubleValue { out.append("\(path): must be > \(m.text)") }
            case "minLength":
                guard case .string(let s) = value, case .number(let m) = arg else { continue }
                if Double(s.count) < m.doubleValue { out.append("\(path): shorter than \(m.text)") }
            case "pattern":
                guard case .string(let s) = value, case .string(let p) = arg else { continue }
                guard let re = try? NSRegularExpression(pattern: p) else { out.append("\(path): bad pattern \(p)"); continue }
                if re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil { out.append("\(path): \"\(s)\" does not match \(p)") }
            case "oneOf", "anyOf", "allOf":
                guard case .array(let subs) = arg else { continue }
                let passing = subs.filter { sub in
                    var e: [String] = []
                    check(value, against: sub, path: path, into: &e)
                    return e.isEmpty
                }.count
                if key == "oneOf" && passing != 1 { out.append("\(path): matches \(passing) of the oneOf alternatives, expected exactly 1") }
                if key == "anyOf" && passing == 0 { out.append("\(path): matches none of the anyOf alternatives") }
                if key == "allOf" && passing != subs.count { out.append("\(path): fails an allOf alternative") }
            default:
                out.append("\(path): the checker does not support keyword \"\(key)\"")
            }
        }
    }
}

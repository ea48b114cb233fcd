/// Layer ids from ONNX node names, so that profiles measured per PyTorch module join without a mapping.
///
/// PyTorch's exporter names a node by its module scope and op type: `/layer1/layer1.0/conv1/Conv`.
/// The scope becomes the module's qualified name as `named_modules()` prints it (`layer1.0.conv1`):
/// a component that extends the previous one (`layer1` → `layer1.0`) replaces it, the others are
/// joined with dots. A scope that holds one layer and no other scope gives that layer its name; a
/// scope that holds several layers (attention's MatMuls) or other scopes (the residual `Add` of
/// `layer1.0` beside `layer1.0.conv1`) names each `scope.optype`, with `_1`, `_2`, … for repeats. Nodes without a name take
/// their first output's name.
enum LayerNaming {
    /// The module path of a node name (`/layer1/layer1.0/conv1/Conv` → `layer1.0.conv1`), and whether the name had a scope at all.
    static func scope(of name: String, opType: String) -> [String] {
        var parts = name.split(separator: "/").map(String.init)
        guard name.hasPrefix("/"), !parts.isEmpty else { return [] }
        parts.removeLast()  // "Conv", "Relu_1", …: the op inside the scope
        var path: [String] = []
        for p in parts {
            if let last = path.last, p.hasPrefix(last + ".") { path[path.count - 1] = p } else { path.append(p) }
        }
        return path
    }

    /// Unique ids for the named nodes, in order; `"input"` is reserved for the input layer.
    static func ids(for nodes: [(name: String, opType: String, output: String)]) -> [String] {
        var keyed: [(base: String, scoped: Bool)] = nodes.map { n in
            if n.name.hasPrefix("/") { return (scope(of: n.name, opType: n.opType).joined(separator: "."), true) }
            let raw = n.name.isEmpty ? n.output : n.name
            return (sanitize(raw), false)
        }
        var perScope: [String: Int] = [:]
        for k in keyed where k.scoped { perScope[k.base, default: 0] += 1 }
        // A scope with other scopes inside it is a container (a residual block), not the module of one op.
        var containers = Set<String>()
        for k in keyed where k.scoped {
            var parts = k.base.split(separator: ".").map(String.init)
            while parts.count > 1 { parts.removeLast(); containers.insert(parts.joined(separator: ".")) }
        }
        for i in keyed.indices where keyed[i].scoped && (perScope[keyed[i].base]! > 1 || keyed[i].base.isEmpty || containers.contains(keyed[i].base)) {
            let op = nodes[i].opType.lowercased()
            keyed[i].base = keyed[i].base.isEmpty ? op : keyed[i].base + "." + op
        }
        var used: Set<String> = ["input"]
        var seen: [String: Int] = [:]
        return keyed.map { k in
            var id = k.base.isEmpty ? "layer" : k.base
            if used.contains(id) {
                var n = seen[k.base, default: 0]
                repeat { n += 1; id = "\(k.base)_\(n)" } while used.contains(id)
                seen[k.base] = n
            }
            used.insert(id)
            return id
        }
    }

    /// A name with characters outside letters, digits, `.`, `_`, `-` and `:` replaced by `_`.
    static func sanitize(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || "._-:".contains($0) ? $0 : "_" }).trimmingUnderscores()
    }
}

extension String {
    fileprivate func trimmingUnderscores() -> String {
        var s = Substring(self)
        while s.first == "_" { s.removeFirst() }
        return s.isEmpty ? "layer" : String(s)
    }
}

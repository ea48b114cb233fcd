/// Reading and writing Matrix Market files (`.mtx`), the exchange format of scipy.io.mmread/mmwrite.
///
/// Supported: `%%MatrixMarket matrix coordinate real|integer|pattern general|symmetric|skew-symmetric`
/// (pattern entries read as 1; symmetric files are expanded), `%` comment lines, then a size line
/// `rows columns entries` and 1-based `row column [value]` lines. Every error names the file and line.
///
/// - Complexity: O(size of the file + nnz log nnz).
public enum MatrixMarket {
    /// Parses Matrix Market text; `file` names it in errors.
    public static func read(text: String, file: String = "<input>") throws(InputError) -> SparseMatrix {
        var lineNumber = 0
        func fail(_ reason: String) -> InputError { InputError(file: file, path: "line \(lineNumber)", reason: reason) }
        var field = "", symmetry = ""
        var size: (rows: Int, columns: Int, entries: Int)?
        var entries: [(row: Int, column: Int, value: Double)] = []
        var read = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if lineNumber == 1 {
                let h = line.split(separator: " ").map { $0.lowercased() }
                guard h.count == 5, h[0] == "%%matrixmarket", h[1] == "matrix" else {
                    throw fail("expected the header '%%MatrixMarket matrix coordinate <field> <symmetry>'")
                }
                guard h[2] == "coordinate" else { throw fail("only the coordinate (sparse) format is supported, found '\(h[2])'") }
                guard ["real", "integer", "pattern"].contains(h[3]) else { throw fail("unsupported field '\(h[3])' (real, integer or pattern)") }
                guard ["general", "symmetric", "skew-symmetric"].contains(h[4]) else { throw fail("unsupported symmetry '\(h[4])'") }
                (field, symmetry) = (h[3], h[4])
                continue
            }
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.isEmpty || f[0].hasPrefix("%") { continue }
            guard let s = size else {
                guard f.count == 3, let r = Int(f[0]), let c = Int(f[1]), let n = Int(f[2]), r >= 0, c >= 0, n >= 0 else {
                    throw fail("expected the size line 'rows columns entries'")
                }
                let side = InputLimits.maxMatrixSide
                guard r <= side, c <= side else { throw fail("dimensions \(r) × \(c) exceed the limit \(side) per side") }
                // An entry line takes ≥ 4 bytes ("1 1\n"): the declared count must fit in the file.
                let room = text.utf8.count / 4
                guard n <= room else { throw fail("the size line declares \(n) entries; a file of \(text.utf8.count) bytes holds at most \(room)") }
                size = (r, c, n)
                entries.reserveCapacity(n)
                continue
            }
            guard read < s.entries else { throw fail("more entries than the \(s.entries) the size line declares") }
            let expected = field == "pattern" ? 2 : 3
            guard f.count == expected else { throw fail("expected \(expected) numbers 'row column\(field == "pattern" ? "" : " value")'") }
            guard let i = Int(f[0]), (1...max(1, s.rows)).contains(i), s.rows > 0 else { throw fail("row '\(f[0])' is not in 1...\(s.rows)") }
            guard let j = Int(f[1]), (1...max(1, s.columns)).contains(j), s.columns > 0 else { throw fail("column '\(f[1])' is not in 1...\(s.columns)") }
            var v = 1.0
            if field != "pattern" {
                guard let x = Double(f[2]), x.isFinite else { throw fail("value '\(f[2])' is not a finite number") }
                if field == "integer", Int(f[2]) == nil { throw fail("value '\(f[2])' is not an integer") }
                v = x
            }
            entries.append((i - 1, j - 1, v))
            if symmetry != "general" && i != j { entries.append((j - 1, i - 1, symmetry == "symmetric" ? v : -v)) }
            read += 1
        }
        guard let s = size else { throw fail("no size line") }
        guard read == s.entries else { throw fail("the size line declares \(s.entries) entries, the file has \(read)") }
        do {
            return try SparseMatrix(rows: s.rows, columns: s.columns, entries: entries)
        } catch {
            throw fail(error.reason)
        }
    }

    /// Reads the `.mtx` file at `path`.
    public static func read(file path: String) throws(InputError) -> SparseMatrix {
        try read(text: FileBytes.readText(path: path, location: "line 0"), file: path)
    }

    /// The matrix as `coordinate real general` text (1-based indices, shortest round-trip values).
    public static func text(_ m: SparseMatrix, comment: String? = nil) -> String {
        var out = "%%MatrixMarket matrix coordinate real general\n"
        if let comment { for line in comment.split(separator: "\n") { out += "% \(line)\n" } }
        out += "\(m.rows) \(m.columns) \(m.nonzeros)\n"
        for (i, j, v) in m.entries { out += "\(i + 1) \(j + 1) \(v)\n" }
        return out
    }
}

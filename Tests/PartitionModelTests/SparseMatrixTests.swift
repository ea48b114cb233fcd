import Testing
import PartitionModel
import TestSupport

@Suite("Sparse matrices and Matrix Market files")
struct SparseMatrixTests {
    @Test func csrAndCscHoldTheSameEntries() throws {
        var rng = SeededGenerator(seed: 4)
        let (m, n) = (17, 11)
        var dense = [[Double]](repeating: [Double](repeating: 0, count: n), count: m)
        var triples: [(row: Int, column: Int, value: Double)] = []
        for _ in 0..<60 {
            let i = Int.random(in: 0..<m, using: &rng), j = Int.random(in: 0..<n, using: &rng)
            let v = Double(Int.random(in: -5...5, using: &rng))
            dense[i][j] += v
            triples.append((i, j, v))
        }
        let a = try SparseMatrix(rows: m, columns: n, entries: triples)
        for i in 0..<m { for j in 0..<n { #expect(a[i, j] == dense[i][j]) } }
        #expect(a.nonzeros == dense.flatMap { $0 }.filter { $0 != 0 }.count)
        let x = (0..<n).map { Double($0) - 3 }, y = (0..<m).map { Double($0 % 4) }
        #expect(a.multiply(x) == (0..<m).map { i in (0..<n).reduce(0.0) { $0 + dense[i][$1] * x[$1] } })
        #expect(a.multiplyTransposed(y) == (0..<n).map { j in (0..<m).reduce(0.0) { $0 + dense[$1][j] * y[$1] } })
        for j in 0..<n {
            for k in a.columnStart[j]..<a.columnStart[j + 1] { #expect(a.columnValues[k] == dense[Int(a.rowIndex[k])][j]) }
        }
    }

    @Test func roundTripsThroughMatrixMarket() throws {
        let a = try SparseMatrix(rows: 3, columns: 4, entries: [(0, 1, 2.5), (2, 3, -1e-7), (1, 0, 4)])
        let text = MatrixMarket.text(a, comment: "test")
        #expect(text.hasPrefix("%%MatrixMarket matrix coordinate real general\n% test\n3 4 3\n"))
        #expect(try MatrixMarket.read(text: text) == a)
    }

    @Test func readsSymmetricAndPatternFiles() throws {
        // As scipy.io.mmwrite writes a symmetric matrix: the lower triangle only.
        let sym = try MatrixMarket.read(text: "%%MatrixMarket matrix coordinate real symmetric\n%\n3 3 3\n1 1 2.0\n3 1 -1.5\n3 3 4\n")
        #expect(sym[0, 2] == -1.5 && sym[2, 0] == -1.5 && sym.nonzeros == 4)
        let pattern = try MatrixMarket.read(text: "%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 1\n")
        #expect(pattern[0, 2] == 1 && pattern[1, 0] == 1 && pattern.nonzeros == 2)
        let skew = try MatrixMarket.read(text: "%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n2 1 3\n")
        #expect(skew[1, 0] == 3 && skew[0, 1] == -3)
    }

    @Test(arguments: [
        ("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", "line 1", "coordinate"),
        ("hello\n", "line 1", "expected the header"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n", "line 3", "row '3' is not in 1...2"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 x\n", "line 3", "not a finite number"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n", "line", "declares 2 entries"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", "line 4", "more entries"),
        ("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", "line 3", "not an integer"),
        ("%%MatrixMarket matrix coordinate real general\n% only comments\n", "line", "no size line"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", "line 3", "expected 3 numbers"),
    ])
    func malformedFilesNameTheLine(text: String, line: String, reason: String) {
        do {
            _ = try MatrixMarket.read(text: text, file: "w.mtx")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.file == "w.mtx" && error.path.hasPrefix(line), "\(error)")
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func refusesEntriesOutsideTheMatrix() {
        #expect(throws: SparseMatrix.InvalidEntry.self) { try SparseMatrix(rows: 2, columns: 2, entries: [(2, 0, 1)]) }
        #expect(throws: SparseMatrix.InvalidEntry.self) { try SparseMatrix(rows: 2, columns: 2, entries: [(0, 0, .nan)]) }
    }
}

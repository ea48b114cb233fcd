import ArgumentParser
import PartitionModel
import PartitionSolvers
import ModelZoo

#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandleStderr.write(message + "\n")
}

/// Runs `body`; an ``InputError`` or ``SolverInputError`` is printed and becomes exit code 2.
func withInputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as InputError {
        printError("error: \(e.description)")
        throw ExitCode(2)
    } catch let e as SolverInputError {
        printError("error: \(e.reason)")
        throw ExitCode(2)
    } catch let e as PresetError {
        printError("error: \(e.reason)")
        throw ExitCode(2)
    } catch let e as FileBytes.IOError {
        printError("error: \(e.description)")
        throw ExitCode(2)
    }
}

/// Prints JSON to standard output.
func printJSON(_ value: JSONValue) {
    print(value.serialized(), terminator: "")
}

/// Left-aligned text table with a header row.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns whose cells are right-aligned (numbers).
    var rightAligned: Set<Int> = []

    func render() -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// The problems the tier-assignment commands accept.
extension ProblemKind: ExpressibleByArgument {}

/// Standard error without touching the C global `stderr` (not concurrency-safe in Swift 6).
enum FileHandleStderr {
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

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

/// The problems the tier-assignment commands accept.
extension ProblemKind: ExpressibleByArgument {}

/// Standard error without touching the C global `stderr` (not concurrency-safe in Swift 6).
enum FileHandleStderr {
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes on top of the C library (no Foundation needed).
public enum FileBytes {
    /// An I/O failure with the C library's reason.
    public struct IOError: Error, CustomStringConvertible, Sendable {
        /// What went wrong, with the path.
        public let description: String
    }

    /// Reads the whole file at `path`.
    public static func read(path: String) throws(IOError) -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw IOError(description: String(cString: strerror(errno))) }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { out.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(f) != 0 { throw IOError(description: "read error") }
                break
            }
        }
        return out
    }

    /// Reads the whole file at `path` as UTF-8 text.
    public static func readText(path: String) throws(IOError) -> String {
        let bytes = try read(path: path)
        guard let s = String(validating: bytes, as: UTF8.self) else { throw IOError(description: "the file is not valid UTF-8") }
        return s
    }

    /// Reads the whole file at `path` as UTF-8 text; a failure is an ``InputError`` naming the file,
    /// with `location` as its position (e.g. `"line 0"` for line-oriented formats).
    public static func readText(path: String, location: String) throws(InputError) -> String {
        do { return try readText(path: path) } catch {
            throw InputError(file: path, path: location, reason: "cannot read the file: \(error)")
        }
    }

    /// Writes `text` to `path`, replacing the file.
    public static func write(_ text: String, path: String) throws(IOError) {
        guard let f = fopen(path, "wb") else { throw IOError(description: "cannot open \(path) for writing: " + String(cString: strerror(errno))) }
        defer { fclose(f) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        guard n == bytes.count else { throw IOError(description: "short write to \(path)") }
    }
}

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

    /// Reads the whole file at `path`: a regular file of at most `limit` bytes
    /// (``InputLimits/maxFileBytes`` by default). Devices, FIFOs and directories are refused
    /// before reading, so `/dev/zero` cannot exhaust memory.
    public static func read(path: String, limit: Int = InputLimits.maxFileBytes) throws(IOError) -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw IOError(description: String(cString: strerror(errno))) }
        defer { fclose(f) }
        var info = stat()
        guard fstat(fileno(f), &info) == 0 else { throw IOError(description: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw IOError(description: "not a regular file") }
        guard info.st_size <= limit else {
            throw IOError(description: "the file has \(info.st_size) bytes, above the limit of \(limit) bytes")
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { out.append(contentsOf: buffer[0..<n]) }
            if out.count > limit { throw IOError(description: "the file grew past the limit of \(limit) bytes while being read") }
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
        try write(bytes: Array(text.utf8), path: path)
    }

    /// Writes `bytes` to `path`, replacing the file.
    public static func write(bytes: [UInt8], path: String) throws(IOError) {
        guard let f = fopen(path, "wb") else { throw IOError(description: "cannot open \(path) for writing: " + String(cString: strerror(errno))) }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        let writeErrno = errno
        // fclose flushes the buffer: a full disk (/dev/full) shows up here, not at fwrite.
        let closed = fclose(f)
        let closeErrno = errno
        guard n == bytes.count else { throw IOError(description: "cannot write \(path): " + String(cString: strerror(writeErrno))) }
        guard closed == 0 else { throw IOError(description: "cannot write \(path): " + String(cString: strerror(closeErrno))) }
    }
}

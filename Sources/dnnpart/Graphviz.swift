import Foundation

/// Graphviz's `dot`, when installed: lays out DOT text as SVG for `report`.
enum Graphviz {
    /// The path of `dot` on PATH, or nil.
    static var dotPath: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The SVG `dot -Tsvg` makes of `text`, or nil when dot is absent or fails (the caller falls back).
    /// Goes through temporary files, so a large output cannot fill a pipe.
    static func svg(_ text: String) -> String? {
        guard let dot = dotPath else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnnpart-dot-\(ProcessInfo.processInfo.globallyUniqueString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let input = dir.appendingPathComponent("plan.dot"), output = dir.appendingPathComponent("plan.svg")
            try Data(text.utf8).write(to: input)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: dot)
            p.arguments = ["-Tsvg", input.path, "-o", output.path]
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            return String(decoding: try Data(contentsOf: output), as: UTF8.self)
        } catch {
            return nil
        }
    }
}

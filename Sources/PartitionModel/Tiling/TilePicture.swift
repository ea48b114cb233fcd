/// A tiling drawn in characters: one character per sampled output element, the symbol of its device.
///
/// Device d is drawn as the d-th of `0…9a…z` (cycling after 36 devices), an element no tile covers
/// as `.`. Maps larger than `maxRows` × `maxColumns` are sampled at the centres of equal cells.
///
/// - Complexity: O(maxRows · maxColumns · tiles).
public enum TilePicture {
    /// The symbols of devices 0, 1, 2, …
    public static let symbols = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// The symbol of device `d`.
    public static func symbol(_ d: Int) -> Character { symbols[d % symbols.count] }

    /// The tiles of one `height` × `width` map as lines of characters, each ending in a newline.
    public static func render(_ tiles: [DeviceTile], height: Int, width: Int, maxColumns: Int = 64, maxRows: Int = 24) -> String {
        let cols = min(width, maxColumns), rows = min(height, maxRows)
        var out = ""
        for i in 0..<rows {
            let r = (2 * i + 1) * height / (2 * rows)
            var line = ""
            for j in 0..<cols {
                let c = (2 * j + 1) * width / (2 * cols)
                let tile = tiles.first { r >= $0.rect.r0 && r <= $0.rect.r1 && c >= $0.rect.c0 && c <= $0.rect.c1 }
                line.append(tile.map { symbol($0.device) } ?? ".")
            }
            out += line + "\n"
        }
        return out
    }
}

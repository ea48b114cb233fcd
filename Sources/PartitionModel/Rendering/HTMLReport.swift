/// One self-contained HTML page: a summary, a table and sections of inline SVG figures.
///
/// No external scripts, styles, fonts or images: the file works offline and can be mailed.
/// A short inline script shows the tooltip of the hovered layer, bar or cut edge in a fixed
/// box, and records the rendered size of every SVG in the body's `data-svg-sizes` attribute
/// (what the browser test reads). `dnnpart report` fills it; Swift programs can too.
///
/// - Complexity: O(size of the figures).
public struct HTMLReport: Sendable {
    /// A figure: a caption and its SVG (an `<svg>` element; an XML prolog or doctype is stripped).
    public struct Figure: Sendable {
        /// Shown above the figure.
        public let caption: String
        /// The SVG text.
        public let svg: String
        /// A figure captioned `caption`.
        public init(caption: String, svg: String) {
            self.caption = caption
            self.svg = svg
        }
    }

    /// A heading, a paragraph and figures laid side by side (wrapping when narrow).
    public struct Section: Sendable {
        /// The section's heading.
        public let heading: String
        /// A paragraph under the heading (may be empty).
        public let note: String
        /// The figures.
        public let figures: [Figure]
        /// A section with a heading, a note and figures.
        public init(heading: String, note: String = "", figures: [Figure]) {
            self.heading = heading
            self.note = note
            self.figures = figures
        }
    }

    /// The page title and top heading.
    public var title: String
    /// Key–value lines of the instance summary.
    public var summary: [(key: String, value: String)]
    /// The comparison table's header.
    public var tableHeader: [String]
    /// The comparison table's rows; `highlighted` rows are shown in bold.
    public var tableRows: [(cells: [String], highlighted: Bool)]
    /// The figure sections, in order.
    public var sections: [Section]
    /// The line at the bottom (how the report was made).
    public var footer: String

    /// An empty report titled `title`.
    public init(title: String, footer: String = "") {
        self.title = title
        self.summary = []
        self.tableHeader = []
        self.tableRows = []
        self.sections = []
        self.footer = footer
    }

    /// The whole HTML document.
    public func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(Self.escape(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        out += "<h1>\(Self.escape(title))</h1>\n"
        out += "<dl class=\"summary\">\n" + summary.map { "<dt>\(Self.escape($0.key))</dt><dd>\(Self.escape($0.value))</dd>" }.joined(separator: "\n") + "\n</dl>\n"
        out += tableHTML()
        for s in sections { out += sectionHTML(s) }
        out += "<div id=\"info\" role=\"status\"></div>\n"
        if !footer.isEmpty { out += "<footer>\(Self.escape(footer))</footer>\n" }
        out += "<script>\n\(Self.script)</script>\n</body>\n</html>\n"
        return out
    }

    private func tableHTML() -> String {
        guard !tableHeader.isEmpty else { return "" }
        var out = "<h2>Comparison</h2>\n<table class=\"compare\">\n<thead><tr>"
        out += tableHeader.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in tableRows {
            out += "<tr\(row.highlighted ? " class=\"best\"" : "")>" + row.cells.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private func sectionHTML(_ s: Section) -> String {
        var out = "<section>\n<h2>\(Self.escape(s.heading))</h2>\n"
        if !s.note.isEmpty { out += "<p>\(Self.escape(s.note))</p>\n" }
        out += "<div class=\"figures\">\n"
        for f in s.figures {
            out += "<figure><figcaption>\(Self.escape(f.caption))</figcaption>\n<div class=\"scroll\">\(Self.bareSVG(f.svg))</div></figure>\n"
        }
        return out + "</div>\n</section>\n"
    }

    /// The `<svg …>…</svg>` part of an SVG file (drops an XML prolog, doctype and comments before it).
    public static func bareSVG(_ svg: String) -> String {
        let bytes = Array(svg.utf8), key = Array("<svg".utf8)
        guard bytes.count >= key.count,
              let start = (0...(bytes.count - key.count)).first(where: { bytes[$0..<($0 + key.count)].elementsEqual(key) }) else { return "" }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Text escaped for HTML content and attribute values.
    public static func escape(_ s: String) -> String { SVGLineChart.escape(s) }

    static let css = """
    body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #222; }
    h1 { font-size: 22px; margin-bottom: 8px; }
    h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    dl.summary { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; font-size: 14px; }
    dl.summary dt { color: #555; }
    dl.summary dd { margin: 0; }
    table.compare { border-collapse: collapse; font-size: 14px; }
    table.compare th, table.compare td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
    table.compare th:first-child, table.compare td:first-child, table.compare td:nth-child(2), table.compare td:nth-child(3) { text-align: left; }
    table.compare tr.best { font-weight: bold; background: #eef6ee; }
    .figures { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
    figure { margin: 0; flex: 1 1 480px; min-width: 0; }
    figure:has(svg.tiles) { flex: 0 0 auto; }
    figcaption { font-size: 13px; color: #444; margin-bottom: 4px; }
    .scroll { overflow: auto; max-height: 900px; border: 1px solid #eee; }
    .scroll svg { display: block; }
    #info { position: fixed; right: 12px; bottom: 12px; max-width: 420px; background: #fffbe6; border: 1px solid #d9c77a;
            padding: 6px 10px; font-size: 13px; display: none; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
    footer { margin-top: 32px; font-size: 12px; color: #777; }

    """

    static let script = """
    (function () {
      var sizes = [];
      document.querySelectorAll("svg").forEach(function (s) {
        var r = s.getBoundingClientRect();
        sizes.push(Math.round(r.width) + "x" + Math.round(r.height));
      });
      document.body.setAttribute("data-svg-sizes", sizes.join(" "));
      var info = document.getElementById("info");
      document.querySelectorAll("g.node, g.bar, g.cut, g.edge").forEach(function (g) {
        g.addEventListener("mouseenter", function () {
          var t = g.querySelector("title");
          if (!t) { return; }
          info.textContent = t.textContent;
          info.style.display = "block";
        });
        g.addEventListener("mouseleave", function () { info.style.display = "none"; });
      });
    })();

    """
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects the polylines of an SVG document and whether it parsed.
public final class SVGInspector: NSObject, XMLParserDelegate {
    public var seriesNames: [String] = []
    public var pointCounts: [Int] = []
    public var texts: [String] = []
    public var root: String?
    private var inText = false
    private var current = ""

    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if root == nil { root = name }
        if name == "polyline", attributes["class"] == "series" {
            seriesNames.append(attributes["data-name"] ?? "?")
            pointCounts.append((attributes["points"] ?? "").split(separator: " ").count)
        }
        inText = name == "text"
        current = ""
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if inText { texts.append(current) }
        inText = false
    }

    public static func inspect(_ svg: String) -> (ok: Bool, SVGInspector) {
        let p = XMLParser(data: Data(svg.utf8))
        let i = SVGInspector()
        p.delegate = i
        return (p.parse(), i)
    }
}

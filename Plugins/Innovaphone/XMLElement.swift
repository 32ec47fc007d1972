/// One element of the small XML subset innovaphone writes: a name, attributes in document order
/// and child elements. Text content other than white space is not part of the subset.
struct XMLElement {
    /// The tag name.
    var name: [UInt8]
    /// Attributes in document order, values with entity references decoded.
    var attributes: [(name: [UInt8], value: [UInt8])]
    /// Child elements in document order.
    var children: [XMLElement]

    /// The value of the attribute `name`, or nil when the element does not have it.
    func attribute(_ name: StaticString) -> [UInt8]? {
        name.withUTF8Buffer { wanted in
            for attribute in attributes where attribute.name.elementsEqual(wanted) { return attribute.value }
            return nil
        }
    }

    /// Whether the tag name equals `name`.
    func isNamed(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { self.name.elementsEqual($0) }
    }

    /// The first child named `name`.
    func child(_ name: StaticString) -> XMLElement? {
        children.first { $0.isNamed(name) }
    }
}

import CTollbookPlugin

/// The C functions of the descriptor: thin adapters from the ABI to `CSVParser`. None of them
/// throws or traps on input: every failure becomes a `tb_status` (a Swift error must never cross
/// the boundary).

/// Probe: how sure the plugin is that it can read a source starting with `head`.
func pluginProbe(_ head: UnsafePointer<UInt8>?, _ length: Int) -> Int32 {
    guard let head, length > 0 else { return 0 }
    return CSVDialect.probe(UnsafeBufferPointer(start: head, count: length))
}

/// Create: validates the options and makes a parser.
func pluginCreate(_ host: UnsafePointer<tb_host>?, _ config: UnsafePointer<tb_parser_config>?,
                  _ out: UnsafeMutablePointer<OpaquePointer?>?) -> tb_status {
    guard let out else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
    out.pointee = nil
    guard let host, let config else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
    // Version 1.0 callbacks must be there; a newer host only appends. Any host at least as
    // large as a version 1.0 host will do: never compare with our own MemoryLayout<tb_host>.size,
    // which would refuse older hosts once this plugin is rebuilt against a newer header.
    let hostSize = UnsafeRawPointer(host).load(as: UInt32.self)
    guard hostSize >= tb_host_v1_0_size(), host.pointee.emit_records != nil, host.pointee.emit_reject != nil,
          UnsafeRawPointer(config).load(as: UInt32.self) >= tb_parser_config_v1_0_size() else {
        return tb_status(TB_ERR_INVALID_ARGUMENT)
    }
    let json = config.pointee.options_json
    let bytes = json.ptr.map { UnsafeRawBufferPointer(start: $0, count: json.len) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
    let options: Options
    switch Options.parse(bytes) {
    case .success(let parsed):
        options = parsed
    case .failure(let failure):
        report(host, failure.key, failure.message)
        return tb_status(TB_ERR_CONFIG)
    }
    let parser = CSVParser(host: host, options: options)
    out.pointee = OpaquePointer(Unmanaged.passRetained(parser).toOpaque())
    return tb_status(TB_OK)
}

/// Feed: parses the complete lines of the chunk.
func pluginFeed(_ handle: OpaquePointer?, _ data: UnsafePointer<UInt8>?, _ length: Int, _ streamOffset: UInt64,
                _ flags: UInt32, _ consumed: UnsafeMutablePointer<Int>?) -> tb_status {
    guard let handle, let consumed else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
    consumed.pointee = 0
    guard length > 0 else { return tb_status(TB_OK) }
    guard let data else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
    let parser = Unmanaged<CSVParser>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    let endOfInput = flags & UInt32(TB_FEED_END_OF_INPUT) != 0
    return parser.feed(UnsafeBufferPointer(start: data, count: length), streamOffset: streamOffset,
                       endOfInput: endOfInput, consumed: &consumed.pointee)
}

/// Destroy: frees the parser.
func pluginDestroy(_ handle: OpaquePointer?) {
    guard let handle else { return }
    Unmanaged<CSVParser>.fromOpaque(UnsafeRawPointer(handle)).release()
}

/// Calls the host's `report_error` (messages never contain input values).
private func report(_ host: UnsafePointer<tb_host>, _ key: String, _ message: StaticString) {
    guard structHas(UnsafeRawPointer(host).load(as: UInt32.self), \tb_host.report_error),
          let callback = host.pointee.report_error else { return }
    var key = key
    key.withUTF8 { k in
        let keyText = k.baseAddress.map { Text.slice($0, k.count) } ?? tb_str(ptr: nil, len: 0)
        callback(host, keyText, Text.str(message))
    }
}

/// `TB_STRUCT_HAS(ptr, type, field)` of the header, for Swift (which cannot expand the macro):
/// whether a struct whose `struct_size` is `size` reaches past the end of `field`. Use it before
/// touching any field or callback appended after version 1.0 to a struct the other side wrote.
func structHas<Struct, Field>(_ size: UInt32, _ field: KeyPath<Struct, Field>) -> Bool {
    guard let offset = MemoryLayout<Struct>.offset(of: field) else { return false }
    return Int(size) >= offset + MemoryLayout<Field>.size
}

import PluginAPI

/// The C functions of the descriptor: thin adapters from the ABI to the plugin's parser class
/// (`PluginParser`, a type alias each plugin declares) and its `PluginOptions`.

/// Probe: the plugin's `Probe.score` of the first bytes.
func pluginProbe(_ head: UnsafePointer<UInt8>?, _ length: Int) -> Int32 {
    guard let head, length > 0 else { return 0 }
    return Probe.score(UnsafeBufferPointer(start: head, count: length))
}

/// Create: validates the options and makes a parser.
func pluginCreate(_ host: UnsafePointer<tb_host>?, _ config: UnsafePointer<tb_parser_config>?,
                  _ out: UnsafeMutablePointer<OpaquePointer?>?) -> tb_status {
    guard let out else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
    out.pointee = nil
    guard let host, let config else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
    // Any host at least as large as a version 1.0 host will do (a newer one only appends);
    // never compare with our own MemoryLayout<tb_host>.size, which would refuse older hosts.
    let hostSize = UnsafeRawPointer(host).load(as: UInt32.self)
    guard hostSize >= tb_host_v1_0_size(), host.pointee.emit_records != nil, host.pointee.emit_reject != nil else {
        report(host, "", "the host lacks required callbacks")
        return tb_status(TB_ERR_INVALID_ARGUMENT)
    }
    guard UnsafeRawPointer(config).load(as: UInt32.self) >= tb_parser_config_v1_0_size() else {
        report(host, "", "the parser configuration is smaller than a version 1.0 configuration")
        return tb_status(TB_ERR_INVALID_ARGUMENT)
    }
    var json: [UInt8] = []
    let options = config.pointee.options_json
    if options.len > 0, let pointer = options.ptr {
        json = Array(UnsafeRawBufferPointer(start: pointer, count: options.len))
    }
    let parsed: PluginOptions
    do {
        parsed = try PluginOptions.parse(json)
    } catch {
        report(host, error.key, error.message)
        return tb_status(TB_ERR_CONFIG)
    }
    let parser = PluginParser(host: host, options: parsed)
    out.pointee = OpaquePointer(Unmanaged.passRetained(parser).toOpaque())
    return tb_status(TB_OK)
}

/// Feed: parses the complete lines of the chunk.
func pluginFeed(_ handle: OpaquePointer?, _ data: UnsafePointer<UInt8>?, _ length: Int, _ streamOffset: UInt64,
                _ flags: UInt32, _ consumed: UnsafeMutablePointer<Int>?) -> tb_status {
    guard let handle, let consumed else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
    consumed.pointee = 0
    let parser = Unmanaged<PluginParser>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    let endOfInput = flags & UInt32(TB_FEED_END_OF_INPUT) != 0
    guard length > 0 else { return tb_status(TB_OK) }
    guard let data else {
        report(parser.host, "", "data is NULL")
        return tb_status(TB_ERR_INVALID_ARGUMENT)
    }
    var used = 0
    let status = parser.feed(data, length, streamOffset: streamOffset, endOfInput: endOfInput, consumed: &used)
    consumed.pointee = used
    return status
}

/// Destroy: frees the parser.
func pluginDestroy(_ handle: OpaquePointer?) {
    guard let handle else { return }
    Unmanaged<PluginParser>.fromOpaque(UnsafeRawPointer(handle)).release()
}

/// Calls the host's `report_error` with Swift strings (no personal data in them).
private func report(_ host: UnsafePointer<tb_host>, _ key: String, _ message: String) {
    guard structHas(UnsafeRawPointer(host).load(as: UInt32.self), \tb_host.report_error),
          let callback = host.pointee.report_error else { return }
    var key = key, message = message
    key.withUTF8 { k in
        message.withUTF8 { m in
            callback(host,
                     tb_str(ptr: UnsafeRawPointer(k.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }, len: k.count),
                     tb_str(ptr: UnsafeRawPointer(m.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }, len: m.count))
        }
    }
}

/// `TB_STRUCT_HAS(ptr, type, field)` of the header, for Swift (which cannot expand the macro):
/// whether a struct whose `struct_size` is `size` reaches past the end of `field`. Use it before
/// touching any field or callback appended after version 1.0 to a struct the other side wrote.
func structHas<Struct, Field>(_ size: UInt32, _ field: KeyPath<Struct, Field>) -> Bool {
    guard let offset = MemoryLayout<Struct>.offset(of: field) else { return false }
    return Int(size) >= offset + MemoryLayout<Field>.size
}

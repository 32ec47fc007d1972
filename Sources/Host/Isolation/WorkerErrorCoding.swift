/// Errors as they cross the worker pipe: ``HostError`` keeps its case and fields, anything else
/// becomes ``WorkerFailure/workerError(detail:)`` with its description.
enum WorkerErrorCoding {
    static func encode(_ error: Error) -> [UInt8] {
        var writer = WireWriter()
        switch error {
        case let HostError.invalidOptions(connector, key, message):
            writer.append(UInt8(1))
            [connector, key, message].forEach { writer.append(string: $0) }
        case let HostError.pluginFailed(connector, operation, status, message):
            writer.append(UInt8(2))
            [connector, operation, message].forEach { writer.append(string: $0) }
            writer.append(status)
        case let HostError.contractViolation(connector, detail):
            writer.append(UInt8(3))
            [connector, detail].forEach { writer.append(string: $0) }
        case let WorkerFailure.workerError(detail):
            writer.append(UInt8(0))
            writer.append(string: detail)
        default:
            writer.append(UInt8(0))
            writer.append(string: "\(error)")
        }
        return writer.bytes
    }

    static func decode(_ payload: UnsafeRawBufferPointer) throws -> Error {
        var reader = WireReader(payload)
        switch try reader.read(UInt8.self) {
        case 1:
            return HostError.invalidOptions(connector: try reader.readString(), key: try reader.readString(),
                                            message: try reader.readString())
        case 2:
            let connector = try reader.readString(), operation = try reader.readString(), message = try reader.readString()
            return HostError.pluginFailed(connector: connector, operation: operation, status: try reader.read(Int32.self),
                                          message: message)
        case 3:
            return HostError.contractViolation(connector: try reader.readString(), detail: try reader.readString())
        default:
            return WorkerFailure.workerError(detail: try reader.readString())
        }
    }
}

import TollbookConfiguration
import Foundation
import Logging
import NIOCore

/// Builds the transport a connector instance's configuration names.
enum TransportFactory {
    /// The transport for `settings`, writing into `journal`.
    /// - Throws: ``CaptureError/transportFailed(instance:transport:reason:)`` for settings that cannot work.
    static func make(settings: ConnectorInstanceSettings, stateDirectory: String, journal: CaptureJournal,
                     group: EventLoopGroup, logger: Logger) throws -> any CaptureTransport {
        let name = settings.name
        switch settings.transport {
        case let .spool(spool):
            return SpoolTransport(instance: name, settings: spool, journal: journal, logger: logger)
        case let .tcp(tcp):
            return TCPTransport(instance: name, settings: tcp, journal: journal, group: group, logger: logger)
        case let .http(http):
            return try HTTPTransport(instance: name, settings: http, journal: journal, group: group, logger: logger)
        case let .sftpServer(server):
            return try FileTransportFactory.sftpServer(instance: name, settings: server, stateDirectory: stateDirectory,
                                                       journal: journal, logger: logger)
        case let .sftpPickup(pickup):
            return try FileTransportFactory.sftpPickup(instance: name, settings: pickup, stateDirectory: stateDirectory,
                                                       journal: journal, logger: logger)
        case let .ftpPickup(pickup):
            return try FileTransportFactory.ftpPickup(instance: name, settings: pickup, stateDirectory: stateDirectory,
                                                      journal: journal, logger: logger)
        }
    }
}

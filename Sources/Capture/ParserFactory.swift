import TollbookConfiguration
import Host
import TollbookCore

/// Makes the stream parsers of a connector instance, in this process or in worker processes.
enum ParserFactory {
    /// A factory for `plugin` with the instance's options and isolation.
    /// - Parameter pool: idle workers shared by the instance's streams (worker isolation).
    static func make(plugin: PluginLibrary, optionsJSON: String, converter: WallClockConverter,
                     isolation: PluginIsolationSetting, timeoutSeconds: Double, memoryBytes: UInt64,
                     pool: WorkerPool) -> StreamParserFactory {
        switch isolation {
        case .inProcess:
            return { origin, _ in
                try ParserSession(plugin: plugin, optionsJSON: optionsJSON, sourceName: origin, timeZone: converter)
            }
        case .worker:
            let worker = WorkerSettings(timeoutSeconds: timeoutSeconds, memoryBytes: memoryBytes)
            return { origin, replay in
                try IsolatedStreamParser(plugin: plugin, optionsJSON: optionsJSON, sourceName: origin, timeZone: converter,
                                         isolation: .worker(worker), pool: pool, replay: replay)
            }
        }
    }
}

extension IsolatedStreamParser: WorkerRestartCounting {}

import Foundation
import Host

/// Runs one check inside the current process: the body of a worker process.
public enum CheckWorker {
    /// Runs check `id` and returns its reply (never throws: problems become the result).
    public static func run(_ id: CheckID, context: CheckContext) -> WorkerReply {
        if !id.needsLoadedPlugin {
            let (result, identity) = LoadChecks.raw(id, context: context)
            return WorkerReply(result: result, plugin: identity)
        }
        let plugin: PluginLibrary
        do {
            plugin = try PluginLibrary(path: context.pluginPath)
        } catch {
            return WorkerReply(result: CheckResult(id: id, status: .skipped, detail: "the host refuses the plugin: \(error)"), plugin: nil)
        }
        let info = plugin.info
        let identity = PluginIdentity(id: info.id, name: info.name, vendor: info.vendor, version: info.version,
                                      path: context.pluginPath, sha256: "")
        let corpus: Corpus
        do {
            corpus = try context.loadCorpus()
        } catch {
            return WorkerReply(result: CheckResult(id: id, status: .failed, detail: "\(error)"), plugin: identity)
        }
        return WorkerReply(result: run(id, plugin: plugin, corpus: corpus, context: context), plugin: identity)
    }

    private static func run(_ id: CheckID, plugin: PluginLibrary, corpus: Corpus, context: CheckContext) -> CheckResult {
        let parse = ParseRun(plugin: plugin, timeZone: context.timeZone)
        let generator = context.generator(for: id)
        switch id {
        case .loadOptionsSchema: return LoadChecks.optionsSchema(plugin)
        case .loadInvalidOptions: return LoadChecks.invalidOptions(plugin)
        case .loadCreateDestroy: return LoadChecks.createDestroy(plugin)
        case .corpusChunking, .corpusDeterminism, .corpusByteAccounting, .corpusFieldSanity:
            guard !corpus.isEmpty else {
                let reason = context.corpusDirectory == nil ? "no --corpus given" : "the corpus directory has no sample files"
                return CheckResult(id: id, status: .skipped, detail: reason)
            }
            switch id {
            case .corpusChunking: return CorpusChecks.chunking(parse, corpus: corpus, generator: generator)
            case .corpusDeterminism: return CorpusChecks.determinism(parse, corpus: corpus)
            case .corpusByteAccounting: return CorpusChecks.byteAccounting(parse, corpus: corpus)
            default: return CorpusChecks.fieldSanity(parse, corpus: corpus)
            }
        case .resourcesMemoryGrowth: return ResourceChecks.memoryGrowth(parse, corpus: corpus, generator: generator)
        case .resourcesFDThreadLeak: return ResourceChecks.fdThreadLeak(parse, corpus: corpus, generator: generator)
        case .resourcesThroughput: return ResourceChecks.throughput(parse, corpus: corpus, generator: generator)
        default: return RobustnessChecks.run(id, parse, corpus: corpus, generator: generator)
        }
    }

    /// The reply as the one JSON line a worker prints.
    public static func encode(_ reply: WorkerReply) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(reply) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// What one check works on: the plugin, the corpus and the seed.
public struct CheckContext: Sendable {
    /// Path of the plugin's shared object.
    public var pluginPath: String
    /// The `--corpus` directory, if given.
    public var corpusDirectory: String?
    /// The suite seed (each check derives its own stream from it and its id).
    public var seed: UInt64
    /// The IANA time zone of the corpus's local wall-clock times (`--timezone`, default UTC).
    public var timeZone: String

    /// Creates a context.
    public init(pluginPath: String, corpusDirectory: String?, seed: UInt64, timeZone: String = "UTC") {
        self.pluginPath = pluginPath
        self.corpusDirectory = corpusDirectory
        self.seed = seed
        self.timeZone = timeZone
    }

    /// The generator of check `id`.
    func generator(for id: CheckID) -> SplitMix64 {
        SplitMix64(seed: seed, stream: id.rawValue)
    }

    /// The corpus (empty without `--corpus`).
    func loadCorpus() throws -> Corpus {
        guard let corpusDirectory else { return Corpus() }
        return try Corpus(directory: corpusDirectory)
    }
}

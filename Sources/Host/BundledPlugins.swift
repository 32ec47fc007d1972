/// The connector plugins built and shipped with this host: their file names in the executable's
/// directory and the connector ids they provide.
///
/// Only these names count as bundled: any other shared object in the executable's directory is an
/// unsigned plugin like one anywhere else, so dropping a file beside `tollbook` gains it nothing.
/// Knowing the ids here lets the host load exactly the one file a command needs.
public enum BundledPlugins {
    /// File name → connector id.
    public static let files: [String: String] = [
        "libTollbookCisco.so": "cisco.cucm",
        "libTollbookUnify.so": "unify.osbiz",
        "libTollbookInnovaphone.so": "innovaphone.pbx",
        "libTollbookSwyx.so": "swyx.swyxware",
    ]

    /// The connector id of the bundled plugin named `fileName`, if it is one.
    public static func id(ofFile fileName: String) -> String? {
        files[fileName]
    }
}

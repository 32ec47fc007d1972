/// The validated options of one parser (see the options schema in `Descriptor.swift`).
struct PluginOptions {
    /// How the charge column is read.
    enum ChargeMode {
        /// By layout: compressed → units, long → amount, pipe → amount if it has a decimal point.
        case auto
        /// Always charge units (pulses).
        case units
        /// Always an amount of money.
        case amount
    }

    /// The `charges` option.
    var charges = ChargeMode.auto
    /// The `currency` option (ISO 4217), empty when not set.
    var currency: [UInt8] = []
    /// The `year_pivot` option: two-digit years below it are 20YY, the others 19YY.
    var yearPivot = 70

    /// A rejected option: the key and a message without personal data.
    struct Failure: Error {
        /// The option's name (empty when the whole object is unreadable).
        let key: String
        /// What is wrong.
        let message: String
    }

    /// Parses and validates the options JSON. Values given as JSON strings (as `--set KEY=VALUE`
    /// delivers them) and as JSON numbers are accepted alike.
    static func parse(_ json: [UInt8]) throws(Failure) -> PluginOptions {
        var parser = FlatJSONParser(json)
        let members: [(key: String, value: FlatJSONValue)]
        do {
            members = try parser.parseObject()
        } catch {
            throw Failure(key: "", message: error.message)
        }
        var options = PluginOptions()
        for (key, value) in members {
            switch key {
            case "charges":
                guard case .string(let text) = value else {
                    throw Failure(key: key, message: "must be \"auto\", \"units\" or \"amount\"")
                }
                switch text {
                case "auto": options.charges = .auto
                case "units": options.charges = .units
                case "amount": options.charges = .amount
                default: throw Failure(key: key, message: "must be \"auto\", \"units\" or \"amount\"")
                }
            case "currency":
                guard case .string(let text) = value, text.utf8.count == 3,
                      text.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
                    throw Failure(key: key, message: "must be an ISO 4217 code of three upper-case letters")
                }
                options.currency = Array(text.utf8)
            case "year_pivot":
                let text: String
                switch value {
                case .string(let s): text = s
                case .number(let n): text = n
                default: throw Failure(key: key, message: "must be an integer from 0 to 100")
                }
                guard text.utf8.count <= 3, let pivot = Int(text), pivot >= 0, pivot <= 100 else {
                    throw Failure(key: key, message: "must be an integer from 0 to 100")
                }
                options.yearPivot = pivot
            default:
                throw Failure(key: key, message: "unknown option")
            }
        }
        return options
    }
}

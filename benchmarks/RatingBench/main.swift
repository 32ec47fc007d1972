// The rating engine benchmark (`make bench`): rates synthetic calls against a tariff with many
// prefixes on one core and prints calls per second. Not a test: the figure depends on the machine.
import Foundation
import Rating

let arguments = CommandLine.arguments
let calls = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let prefixes = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
for (name, summary) in [("full derivation", false), ("summary (import)", true)] {
    var rates: [Double] = []
    for run in 1...3 {
        let result = RatingBenchmark.run(calls: calls, prefixes: prefixes, summary: summary)
        rates.append(result.callsPerSecond)
        print("run \(run) rating engine, \(name): \(result.calls) calls, \(result.prefixes) prefixes, "
              + "\(result.rated) rated, \(String(format: "%.3f", result.seconds)) s, \(Int(result.callsPerSecond)) calls/s")
    }
    let median = rates.sorted()[rates.count / 2]
    print("median rating engine, \(name): \(Int(median)) calls/s on one core (target >= 1,000,000)")
}

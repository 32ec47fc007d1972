// The pricing-stage benchmark (`make bench`): normalises every party number and rates synthetic
// CUCM-like legs (45 % outgoing, 30 % incoming, 20 % internal, 5 % hunt group; 20 % unanswered)
// with the bench site's numbering plan and the shipped `nordtel` tariff, on one core. Prints
// legs per second and microseconds per leg. Not a test: the figure depends on the machine.
import TollbookConfiguration
import Foundation
import Numbering
import Pricing
import TollbookCore

let arguments = CommandLine.arguments
let legs = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let tariffs = arguments.count > 2 ? arguments[2] : "tariffs"

var numbering = NumberingSettings(countryCode: "49", areaCode: "30", outsideLinePrefixes: ["0"])
numbering.extensions = [DigitRange("2000", "2799")]
let site = SiteConfiguration(name: "bench", timeZone: "Europe/Berlin", sources: ["bench"], numbering: numbering,
                             providers: ProviderSettings(defaultProvider: "nordtel"))
let pricer: CallPricer
do {
    pricer = try CallPricer(site: site, tariffsDirectory: tariffs)
} catch {
    FileHandle.standardError.write(Data("PricingBench: \(error)\n".utf8))
    exit(1)
}

/// A deterministic generator (SplitMix64).
struct Generator {
    var state: UInt64
    mutating func next(_ bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % bound
    }
}

var generator = Generator(state: 7)
var batches: [CallBatch] = []
var batch = CallBatch()
for index in 0..<legs {
    let kind = generator.next(100)
    let ext = String(2000 + generator.next(800))
    let start = Int64(1_767_225_600_000) + Int64(index) * 3000
    let answered = generator.next(100) >= 20
    let talk = answered ? Int64(generator.next(900) + 1) * 1000 : 0
    var call = CallRecord(vendorRecordID: "r\(index)", correlationID: "c\(index)", startMs: start,
                          answerMs: answered ? start + 5000 : nil, endMs: start + 5000 + talk, talkMs: talk,
                          direction: .outgoing, disposition: answered ? .answered : .noAnswer)
    switch kind {
    case 0..<45:
        let external = String(30_000_000 + generator.next(70_000_000))
        call.parties = CallParties(calling: ext, called: "0" + external, originalCalled: "0" + external,
                                   extension: ext, remote: external)
        call.flags = .remoteNetworkFormat
    case 45..<75:
        let external = "+49" + String(300_000_000 + generator.next(600_000_000))
        call.direction = .incoming
        call.parties = CallParties(calling: external, called: ext, originalCalled: ext, extension: ext, remote: external)
    default:
        let other = String(2000 + generator.next(800))
        call.direction = .internal
        call.parties = CallParties(calling: ext, called: other, originalCalled: other, extension: ext, remote: other)
    }
    batch.append(call)
    if batch.count == 4096 {
        batches.append(batch)
        batch = CallBatch()
    }
}
if !batch.isEmpty { batches.append(batch) }

var rates: [Double] = []
for run in 1...5 {
    var work = batches
    let session = PricingSession(pricer: pricer)
    let clock = ContinuousClock()
    let begin = clock.now
    for index in work.indices { session.price(&work[index]) }
    let elapsed = clock.now - begin
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    rates.append(Double(legs) / seconds)
    print("run \(run) pricing stage: \(legs) legs, \(String(format: "%.3f", seconds)) s, "
          + "\(Int(Double(legs) / seconds)) legs/s, \(String(format: "%.2f", seconds / Double(legs) * 1e6)) µs/leg")
}
let median = rates.sorted()[rates.count / 2]
print("median pricing stage: \(Int(median)) legs/s, \(String(format: "%.2f", 1e6 / median)) µs/leg on one core")

// The normaliser alone: one presented number per call (what most of the stage's reading is).
if arguments.count > 3, arguments[3] == "normalise" {
    let plan = try NumberingPlan.from(numbering, site: "bench")
    let normaliser = NumberNormaliser(plan: plan)
    var numbers: [String] = []
    var numberGenerator = Generator(state: 11)
    for _ in 0..<200_000 { numbers.append("0" + String(30_000_000 + numberGenerator.next(70_000_000))) }
    for run in 1...3 {
        let clock = ContinuousClock()
        let begin = clock.now
        var local = 0
        for number in numbers where normaliser.normalise(number, role: .dialled).category == .local { local += 1 }
        let elapsed = clock.now - begin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("run \(run) normaliser: \(String(format: "%.0f", seconds / Double(numbers.count) * 1e9)) ns/number (\(local) local)")
    }
}

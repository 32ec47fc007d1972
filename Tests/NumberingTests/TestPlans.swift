import Numbering
import XCTest

/// The plans the tests use, one per connector fixture office (all fictitious Berlin offices).
enum TestPlans {
    /// Cisco CUCM (`Tests/Fixtures/cisco`): 4-digit extensions, outside line `0` in dialled numbers,
    /// DID block +4930555 2000–2999, further extensions 6000–6999.
    static let cisco: NumberingPlan = plan {
        NumberingPlan(
            siteID: "ber-cucm", areaCode: "30", outsideLinePrefixes: ["0"],
            extensionRanges: [try ExtensionRange("6000", "6999")],
            didBlocks: [try DIDBlock(e164Prefix: "+4930555", extensions: ExtensionRange("2000", "2999"))]
        )
    }

    /// A second CUCM in Munich with the same extensions as ``cisco``.
    static let ciscoMunich: NumberingPlan = plan {
        NumberingPlan(
            siteID: "muc-cucm", areaCode: "89", outsideLinePrefixes: ["0"],
            didBlocks: [try DIDBlock(e164Prefix: "+4989444", extensions: ExtensionRange("2000", "2999"))]
        )
    }

    /// Unify OpenScape Business (`Tests/Fixtures/unify`): extensions 101–126, numbers written without
    /// the outside-line prefix.
    static let unify: NumberingPlan = plan {
        NumberingPlan(siteID: "ber-osbiz", areaCode: "30", extensionRanges: [try ExtensionRange("101", "126")])
    }

    /// innovaphone (`Tests/Fixtures/innovaphone`): 3-digit extensions, trunk object `0`.
    static let innovaphone = NumberingPlan(siteID: "lab", areaCode: "30", outsideLinePrefixes: ["0"],
                                           extensionLengths: [3])

    /// SwyxWare (`Tests/Fixtures/swyx`): extensions 2xx/3xx/800, public access prefix `0`.
    static let swyx: NumberingPlan = plan {
        NumberingPlan(siteID: "swyx", areaCode: "30", outsideLinePrefixes: ["0"],
                      extensionRanges: [try ExtensionRange("200", "399"), try ExtensionRange("800", "899")])
    }

    private static func plan(_ make: () throws -> NumberingPlan) -> NumberingPlan {
        do { return try make() } catch {
            XCTFail("test plan does not build: \(error)")
            return NumberingPlan(siteID: "broken", areaCode: "30")
        }
    }
}

/// Normalises `raw` with a fresh normaliser for `plan`.
func normalise(_ raw: String, _ role: NumberRole, _ plan: NumberingPlan = TestPlans.cisco) -> NormalisedNumber {
    NumberNormaliser(plan: plan).normalise(raw, role: role)
}

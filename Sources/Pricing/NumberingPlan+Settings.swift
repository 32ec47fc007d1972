import TollbookConfiguration
import Numbering

extension NumberingPlan {
    /// The numbering plan a site's configuration describes.
    /// - Throws: ``PricingSetupError/numberingPlan(site:problem:)``.
    public static func from(_ settings: NumberingSettings, site: String) throws -> NumberingPlan {
        do {
            let ranges = try settings.extensions.map { try ExtensionRange($0.first, $0.last) }
            let blocks = try settings.didBlocks.map {
                try DIDBlock(e164Prefix: $0.prefix, extensions: try ExtensionRange($0.extensions.first, $0.extensions.last))
            }
            let patterns = try settings.callByCallPatterns.map { try $0.map { try CallByCallPattern($0) } }
            let plan = NumberingPlan(
                siteID: site, countryCode: settings.countryCode, areaCode: settings.areaCode,
                internationalPrefix: settings.internationalPrefix, nationalPrefix: settings.nationalPrefix,
                outsideLinePrefixes: settings.outsideLinePrefixes, extensionRanges: ranges, didBlocks: blocks,
                callByCallPatterns: patterns)
            if let problem = plan.validate().first {
                throw PricingSetupError.numberingPlan(site: site, problem: "\(problem)")
            }
            return plan
        } catch let error as PricingSetupError {
            throw error
        } catch {
            throw PricingSetupError.numberingPlan(site: site, problem: "\(error)")
        }
    }
}

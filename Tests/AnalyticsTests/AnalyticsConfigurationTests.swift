import Analytics
import TollbookConfiguration
import XCTest

/// The `analytics:` section of a site: defaults, every key, errors naming file, line and key, and
/// which site's parameters an entity gets.
final class AnalyticsConfigurationTests: XCTestCase {
    private func site(_ name: String, _ analytics: String) -> String {
        """
          - name: \(name)
            time_zone: Europe/Berlin
            sources: [\(name)-pbx]
            numbering: {country_code: "49", area_code: "30", outside_line_prefixes: ["0"]}
            providers: {default: telekom}
        \(analytics)
        """
    }

    private func parse(_ sites: String...) throws -> ConfigurationFile {
        try ConfigurationFile.parse("sites:\n" + sites.joined(separator: "\n") + "\n", path: "/etc/tollbook.yaml")
    }

    func testDefaultsWithoutTheSection() throws {
        let file = try parse(site("berlin", ""))
        XCTAssertEqual(file.sites[0].analytics, AnalyticsSettings())
        let p = KPIParameters(configuration: file, entity: KPIEntity(kind: .enterprise, id: ""))
        XCTAssertEqual([p.slThresholdMs, p.shortAbandonMs, p.answeredMinTalkMs, p.callbackWindowMs, p.repeatWindowMs, p.transferGapMs],
                       [20_000, 5_000, 0, 86_400_000, 604_800_000, 900_000])
        XCTAssertEqual(p.slVariant, .ignoreShort)
        XCTAssertEqual(p.sites, ["berlin": ["berlin-pbx"]])
    }

    func testEveryKeyAndTheSiteAnEntityBelongsTo() throws {
        let file = try parse(site("berlin", """
                analytics:
                  sl_threshold_s: 30
                  short_abandon_s: 6
                  answered_min_talk_s: 1
                  sl_variant: negative
                  callback_window: 48h
                  repeat_window: 3d
                  transfer_gap: 10m
                  trunk_groups:
                    - {name: pstn, channels: 30, trunks: [BER-GW01, SIP-PSTN-TRUNK]}
                  hunt_groups:
                    - {name: sales, pilots: ["2300"], members: ["2301", "2302"]}
                    - {name: support, sl_threshold_s: 60, sl_variant: positive, short_abandon_s: 3, answered_min_talk_s: 2}
            """), site("hamburg", """
                analytics:
                  sl_threshold_s: 10
            """))
        let berlin = file.sites[0].analytics
        XCTAssertEqual(berlin.trunkGroups, [TrunkGroupSettings(name: "pstn", channels: 30, trunks: ["BER-GW01", "SIP-PSTN-TRUNK"])])
        XCTAssertEqual(berlin.huntGroups.first, HuntGroupSettings(name: "sales", pilots: ["2300"], members: ["2301", "2302"]))
        // A group's own parameters override the site's; the others stay the site's.
        let support = KPIParameters(configuration: file, entity: KPIEntity(kind: .group, id: "support"))
        XCTAssertEqual([support.slThresholdMs, support.shortAbandonMs, support.answeredMinTalkMs, support.callbackWindowMs],
                       [60_000, 3_000, 2_000, 172_800_000])
        XCTAssertEqual(support.slVariant, .positive)
        XCTAssertEqual(KPIParameters(configuration: file, entity: KPIEntity(kind: .group, id: "sales")).slThresholdMs, 30_000)
        let trunk = KPIParameters(configuration: file, entity: KPIEntity(kind: .trunk, id: "pstn"))
        XCTAssertEqual([trunk.slThresholdMs, trunk.shortAbandonMs, trunk.answeredMinTalkMs, trunk.callbackWindowMs,
                        trunk.repeatWindowMs, trunk.transferGapMs], [30_000, 6_000, 1_000, 172_800_000, 259_200_000, 600_000])
        XCTAssertEqual(trunk.slVariant, .negative)
        XCTAssertEqual(KPIParameters(configuration: file, entity: KPIEntity(kind: .site, id: "hamburg")).slThresholdMs, 10_000)
        XCTAssertEqual(KPIParameters(configuration: file, entity: KPIEntity(kind: .enterprise, id: "")).slThresholdMs, 30_000,
                       "the first site with a section")
        XCTAssertEqual(KPIParameters(configuration: file, entity: KPIEntity(kind: .site, id: "hamburg")).trunkGroups.count, 1,
                       "groups of every site")
    }

    func testBadValuesNameFileLineAndKey() {
        let cases: [(String, String)] = [
            ("    analytics:\n      sl_threshold_s: -1", "/etc/tollbook.yaml:8: sites[0].analytics.sl_threshold_s: must be a whole number from 0 to 86400"),
            ("    analytics:\n      sl_variant: best", "/etc/tollbook.yaml:8: sites[0].analytics.sl_variant: unknown variant 'best'"),
            ("    analytics:\n      callback_window: 2 weeks", "/etc/tollbook.yaml:8: sites[0].analytics.callback_window: must be a positive duration"),
            ("    analytics:\n      trunk_groups:\n        - {name: pstn}", "/etc/tollbook.yaml:9: sites[0].analytics.trunk_groups[0].channels: missing"),
            ("    analytics:\n      slthreshold: 3", "/etc/tollbook.yaml:8: sites[0].analytics.slthreshold: unknown key"),
            ("    analytics:\n      hunt_groups:\n        - {name: q, sl_variant: quick}",
             "/etc/tollbook.yaml:9: sites[0].analytics.hunt_groups[0].sl_variant: unknown variant 'quick'"),
        ]
        for (section, message) in cases {
            XCTAssertThrowsError(try parse(site("berlin", section))) { error in
                XCTAssertTrue("\(error)".hasPrefix(message), "\(error)")
            }
        }
    }

    /// `KPIParameters.configured` (what roll-ups are built with) gives every configured entity the
    /// parameters `init(configuration:entity:)` gives it: its site's scalars, a group's overrides,
    /// the first site defining a group owning it.
    func testConfiguredParametersAreThoseOfEachEntity() throws {
        let file = try parse(site("berlin", """
                analytics:
                  sl_threshold_s: 30
                  short_abandon_s: 6
                  trunk_groups:
                    - {name: carrier, channels: 30, trunks: [gw1, gw2]}
                  hunt_groups:
                    - {name: sales, pilots: ["2300"], members: ["2301"], sl_threshold_s: 10, answered_min_talk_s: 2}
            """), site("munich", """
                analytics:
                  callback_window: 48h
                  hunt_groups:
                    - {name: support, members: ["3301"]}
                    - {name: sales, members: ["3302"], sl_threshold_s: 40}
            """))
        let configured = KPIParameters.configured(file)
        let entities = [KPIEntity(kind: .site, id: "berlin"), KPIEntity(kind: .site, id: "munich"),
                        KPIEntity(kind: .group, id: "sales"), KPIEntity(kind: .group, id: "support"),
                        KPIEntity(kind: .trunk, id: "carrier")]
        XCTAssertEqual(Set(configured.keys), Set(entities))
        for entity in entities {
            XCTAssertEqual(configured[entity], KPIParameters(configuration: file, entity: entity), "\(entity)")
        }
        XCTAssertEqual(configured[KPIEntity(kind: .group, id: "sales")]?.slThresholdMs, 10_000, "berlin defines sales first")
        XCTAssertEqual(configured[KPIEntity(kind: .group, id: "support")]?.callbackWindowMs, 172_800_000)
        XCTAssertEqual(RollupSettings(configuration: file).fingerprint, RollupSettings(configuration: file).fingerprint)
    }
}

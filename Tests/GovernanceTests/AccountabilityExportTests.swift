import Documents
import Foundation
import Governance
import TollbookConfiguration
import XCTest

/// The works-agreement annex (P8), the Art. 30 record and the DPIA inputs (P16) from the configuration.
final class AccountabilityExportTests: XCTestCase {
    private func configuration(_ privacy: String) throws -> ConfigurationFile {
        try ConfigurationFile.parse("""
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            \(privacy)
            """, path: "/etc/tollbook/tollbook.yaml")
    }

    func testProfileSwitchesComeFromTheConfigurationWithDocumentedDefaults() throws {
        let settings = GovernanceSettings(configuration: try configuration("""
            privacy:
              min_group_size: 7
              profile:
                agreement: "BV Telefonie 2026"
                per_person_duration: false
                per_person_ranking: true
            """))
        XCTAssertTrue(settings.isGoverned)
        XCTAssertEqual(settings.minimumGroupSize, 7)
        XCTAssertFalse(settings.isEnabled(.perPersonDuration))
        XCTAssertTrue(settings.isEnabled(.perPersonRanking))
        XCTAssertTrue(settings.isEnabled(.costReportByOrg), "default on")
        XCTAssertFalse(settings.isEnabled(.huntGroupKPIs), "default off")
        // A privacy section without a profile governs with the defaults; no privacy section: nothing is switched off.
        let defaults = GovernanceSettings(configuration: try configuration("privacy:\n  min_group_size: 5"))
        XCTAssertTrue(defaults.isGoverned)
        XCTAssertFalse(defaults.isEnabled(.costReportByParticipant))
        let legacy = GovernanceSettings(configuration: try configuration(""))
        XCTAssertFalse(legacy.isGoverned)
        XCTAssertTrue(MonitoringFunction.allCases.allSatisfy { legacy.isEnabled($0) })
    }

    func testUnknownProfileSwitchesAreErrorsNamingFileLineAndKey() throws {
        XCTAssertThrowsError(try configuration("""
            privacy:
              profile:
                per_person_durations: false
            """)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/etc/tollbook/tollbook.yaml"), text)
            XCTAssertTrue(text.contains(":9:"), text)
            XCTAssertTrue(text.contains("privacy.profile.per_person_durations"), text)
        }
        XCTAssertThrowsError(try configuration("""
            privacy:
              profile:
                alarms: sometimes
            """)) { error in
            XCTAssertTrue("\(error)".contains("privacy.profile.alarms"), "\(error)")
        }
    }

    func testAnnexListsEverySwitchWithItsStatusFieldsRolesAndRetention() throws {
        let settings = GovernanceSettings(profile: CoDeterminationProfile(switches: [.perPersonDuration: false]),
                                          minimumGroupSize: 6)
        let english = MarkdownRenderer().render(ProfileAnnex.document(settings: settings, language: .en,
                                                                      generatedOn: "2026-12-07"))
        XCTAssertTrue(english.contains(
            "| Talk time per person | per_person_duration | disabled | tollbook report costs --by participant (talk_seconds) | superuser, manager |"),
                      english)
        XCTAssertTrue(english.contains("| Cost report by org unit | cost_report_by_org | enabled |"), english)
        XCTAssertTrue(english.contains("| Four-eyes unlock | unlock | enabled | tollbook unlock | superuser, manager |"), english)
        XCTAssertTrue(english.contains("- **Minimum group size:** 6"), english)
        XCTAssertTrue(english.contains("| Call detail | private | 3 months |"), english)
        XCTAssertTrue(english.contains("| Call detail | business | 6 months |"), english)
        XCTAssertTrue(english.contains("| Cost-centre sums, billed private charges | all | 10 years |"), english)
        XCTAssertTrue(english.contains("Approval only by a different person holding: superuser, works_council, dpo"), english)
        XCTAssertEqual(MonitoringFunction.allCases.filter { english.contains("| \($0.rawValue) |") }.count,
                       MonitoringFunction.allCases.count, "every switch is listed")
        let german = MarkdownRenderer().render(ProfileAnnex.document(settings: settings, language: .de,
                                                                     generatedOn: "2026-12-07"))
        XCTAssertTrue(german.contains("| Gesprächsdauer je Person | per_person_duration | deaktiviert |"), german)
        XCTAssertTrue(german.contains("| Einzelverbindungen | privat | 3 Monate |"), german)
    }

    func testArt30ShowsTheConfiguredErasurePeriods() throws {
        var retention = RetentionSchedule.defaults
        retention.detailMonths["private"] = 2
        let settings = GovernanceSettings(profile: CoDeterminationProfile(), retention: retention, encryptionAtRest: true)
        let record = Art30Record(settings: settings)
        let markdown = MarkdownRenderer().render(record.document(language: .en, generatedOn: "2026-12-07",
                                                                 configurationPath: "tollbook.yaml"))
        XCTAssertTrue(markdown.contains("- private detail: 2 months"), markdown)
        XCTAssertTrue(markdown.contains("- business detail: 6 months"), markdown)
        XCTAssertTrue(markdown.contains("- raw journal: 2 months"), "the journal never outlives the shortest detail period")
        XCTAssertTrue(markdown.contains("- Encryption at rest: enabled"), markdown)
        XCTAssertTrue(markdown.contains("- Minimum group size: 5"), markdown)
        XCTAssertTrue(markdown.contains("- works_council: calls.read_own, audit.read, unlock.approve"), markdown)
        let german = MarkdownRenderer().render(record.document(language: .de, generatedOn: "2026-12-07",
                                                               configurationPath: "tollbook.yaml"))
        XCTAssertTrue(german.contains("- Einzelverbindungen privat: 2 Monate"), german)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(record), as: UTF8.self)
        XCTAssertTrue(json.contains(#"{"item":"private detail","months":2}"#), json)
        XCTAssertTrue(json.contains(#""encryption_at_rest":true"#), json)
        // The configuration's retention is read through one function; without retention keys: the spec's defaults.
        XCTAssertEqual(RetentionSchedule.configured(in: try configuration("")).detailMonths["private"], 3)
    }

    func testDPIAInputsFollowTheProfile() throws {
        let off = DPIAInputs(settings: GovernanceSettings(profile: CoDeterminationProfile()), configuration: nil)
        XCTAssertEqual(off.criteria.map(\.number), Array(1...9))
        XCTAssertEqual(off.criteria.filter(\.met).map(\.key), ["systematic_monitoring", "sensitive_data", "vulnerable_subjects"])
        XCTAssertTrue(off.assessmentRequired)
        let on = DPIAInputs(settings: GovernanceSettings(profile: CoDeterminationProfile(switches: [.perPersonRanking: true])),
                            configuration: nil)
        let scoring = try XCTUnwrap(on.criteria.first { $0.key == "evaluation_or_scoring" })
        XCTAssertTrue(scoring.met)
        XCTAssertEqual(scoring.reason, "performance statistics on: per_person_ranking")
        XCTAssertEqual(on.metCount, 4)
    }
}

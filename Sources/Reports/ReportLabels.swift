import Documents

/// Every word the accounting reports print, in German and English — one table per language, so a
/// label is changed or added in one place. Keys are stable (`column.cost`, `title.itemised`, …);
/// both tables have the same keys (a test checks it).
public enum ReportLabels {
    /// English.
    public static let english: [String: String] = [
        "title.itemised": "Itemised call list",
        "title.cost-summary": "Cost summary",
        "title.top-destinations": "Top destinations",
        "section.calls": "Calls",
        "section.summary": "Summary",
        "section.destinations": "Destinations",
        "period": "Period",
        "to": "to",
        "subject.participant": "Participant",
        "subject.node": "Org unit",
        "subject.all": "All calls you may see",
        "grouping": "Grouped by",
        "ranking": "Ranked by",
        "totals": "Totals",
        "column.start": "Start",
        "column.extension": "Extension",
        "column.number": "Number",
        "column.direction": "Direction",
        "column.duration": "Duration",
        "column.destination": "Destination",
        "column.provider": "Provider",
        "column.zone": "Zone",
        "column.trunk": "Trunk",
        "column.site": "Site",
        "column.node": "Org unit",
        "column.rank": "Rank",
        "column.calls": "Calls",
        "column.talk": "Talk time",
        "column.cost": "Cost",
        "column.share": "Share",
        "column.currency": "Currency",
        "direction.incoming": "incoming",
        "direction.outgoing": "outgoing",
        "direction.internal": "internal",
        "direction.unknown": "unknown",
        "value.none": "(none)",
        "value.total": "Total",
        "chart.cost": "Cost",
        "chart.calls": "Calls",
        "note.withheld": "Cells shown as \"< {k}\" are withheld: fewer people than the minimum group size.",
    ]

    /// German.
    public static let german: [String: String] = [
        "title.itemised": "Einzelverbindungsnachweis",
        "title.cost-summary": "Kostenübersicht",
        "title.top-destinations": "Top-Ziele",
        "section.calls": "Verbindungen",
        "section.summary": "Übersicht",
        "section.destinations": "Ziele",
        "period": "Zeitraum",
        "to": "bis",
        "subject.participant": "Teilnehmer",
        "subject.node": "Organisationseinheit",
        "subject.all": "Alle für Sie sichtbaren Verbindungen",
        "grouping": "Gruppiert nach",
        "ranking": "Sortiert nach",
        "totals": "Summen",
        "column.start": "Beginn",
        "column.extension": "Nebenstelle",
        "column.number": "Rufnummer",
        "column.direction": "Richtung",
        "column.duration": "Dauer",
        "column.destination": "Ziel",
        "column.provider": "Anbieter",
        "column.zone": "Zone",
        "column.trunk": "Leitung",
        "column.site": "Standort",
        "column.node": "Organisationseinheit",
        "column.rank": "Rang",
        "column.calls": "Verbindungen",
        "column.talk": "Gesprächszeit",
        "column.cost": "Kosten",
        "column.share": "Anteil",
        "column.currency": "Währung",
        "direction.incoming": "eingehend",
        "direction.outgoing": "ausgehend",
        "direction.internal": "intern",
        "direction.unknown": "unbekannt",
        "value.none": "(ohne)",
        "value.total": "Summe",
        "chart.cost": "Kosten",
        "chart.calls": "Verbindungen",
        "note.withheld": "Als \"< {k}\" gezeigte Werte sind zurückgehalten: weniger Personen als die Mindestgruppengröße.",
    ]

    /// The label `key` in `language` (the key itself when missing, which the test rules out).
    public static func text(_ key: String, _ language: DocumentLanguage) -> String {
        (language == .de ? german : english)[key] ?? key
    }
}

import Foundation
import TollbookCore

/// Subject and body of a mailed report, in its language (German or English).
enum MailText {
    /// A day as the language writes it: `31.03.2025` or `2025-03-31`.
    static func day(_ day: CalendarDay, german: Bool) -> String {
        let (year, month, dayOfMonth) = day.civil
        return german ? String(format: "%02d.%02d.%04d", Int(dayOfMonth), Int(month), Int(year)) : day.description
    }

    /// The message carrying `rendered` to `to`.
    static func message(for rendered: RenderedReport, request: ReportRequest, from: String, to: String, date: Date) -> MailMessage {
        let german = request.language == "de"
        let period = "\(day(request.period.from, german: german)) – \(day(request.period.lastDay, german: german))"
        let subject = "\(rendered.title) (\(request.scheduleName)), \(period)"
        let text = german
            ? """
              Guten Tag,

              im Anhang finden Sie den Bericht „\(rendered.title)“ für den Zeitraum \(period) \
              (Zeitplan \(request.scheduleName), Datei \(rendered.fileName)).

              Diese Nachricht wurde von Tollbook automatisch versandt.
              """
            : """
              Hello,

              attached is the report "\(rendered.title)" for the period \(period) \
              (schedule \(request.scheduleName), file \(rendered.fileName)).

              This message was sent automatically by Tollbook.
              """
        return MailMessage(from: from, to: [to], subject: subject, date: date, text: text + "\n",
                           attachments: [MailAttachment(fileName: rendered.fileName, mimeType: rendered.mimeType, bytes: rendered.bytes)])
    }
}

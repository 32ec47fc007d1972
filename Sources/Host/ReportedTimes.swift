internal import PluginAPI

/// A record's times exactly as the plugin reported them, before the host converted local
/// wall-clock times to UTC or derived missing values.
public struct ReportedTimes: Sendable, Equatable {
    /// `utc` or `local` (`TB_TIME_UTC` / `TB_TIME_LOCAL`), or the unknown code as a number.
    public var timeBasis: String
    /// Start in microseconds since the epoch (of the basis), `nil` when absent.
    public var startMicroseconds: Int64?
    /// Answer, `nil` when absent (never answered).
    public var answerMicroseconds: Int64?
    /// End, `nil` when absent.
    public var endMicroseconds: Int64?
    /// Ring time the plugin reported, `nil` when absent (the host derives it).
    public var ringMilliseconds: Int64?
    /// Talk time the plugin reported, `nil` when absent (the host derives it).
    public var talkMilliseconds: Int64?
    /// The record's `struct_size`.
    public var structSize: UInt32

    init(_ record: tb_record) {
        func present(_ value: Int64) -> Int64? { value == Int64.min ? nil : value }
        switch record.time_basis {
        case tb_time_basis(TB_TIME_UTC): timeBasis = "utc"
        case tb_time_basis(TB_TIME_LOCAL): timeBasis = "local"
        default: timeBasis = String(record.time_basis)
        }
        startMicroseconds = present(record.start_us)
        answerMicroseconds = present(record.answer_us)
        endMicroseconds = present(record.end_us)
        ringMilliseconds = present(record.ring_ms)
        talkMilliseconds = present(record.talk_ms)
        structSize = record.struct_size
    }
}

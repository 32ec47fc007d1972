#!/usr/bin/env python3
"""Writes the SwyxWare fixtures of this folder. All numbers, names and devices are fictitious.

Run from this folder: python3 make_fixtures.py
"""

TEXT_COLUMNS = ["CallId", "OriginationNumber", "OriginationName", "CalledNumber", "CalledName",
                "DestinationNumber", "DestinationName", "StartDate", "StartTime", "ScriptConnectDate",
                "ScriptConnectTime", "DeliveredDate", "DeliveredTime", "ConnectDate", "ConnectTime",
                "EndDate", "EndTime", "Currency", "Costs", "State", "PublicAccessPrefix", "LCRProvider",
                "ProjectNumber", "AOC", "OriginationDevice", "DestinationDevice", "TransferredByNumber",
                "TransferredByName", "TransferredCallId1", "TransferredCallId2", "TransferredToCallId",
                "TransferDate", "TransferTime", "DisconnectReason"]

DB_COLUMNS = ["CallID", "OriginationNumber", "OriginationName", "CalledNumber", "CalledName",
              "DestinationNumber", "DestinationName", "StartTime", "ScriptConnectTime", "DeliveredTime",
              "ConnectTime", "EndTime", "Currency", "Costs", "State", "PublicAccessPrefix", "LCRProvider",
              "ProjectNumber", "AOC", "OriginationDevice", "DestinationDevice", "TransferredByNumber",
              "TransferredByName", "TransferredCallId1", "TransferredCallId2", "TransferredToCallId",
              "TransferTime", "DisconnectReason"]

TRUNK = "SIP Trunk Telekom"
D = "03.03.2025"


def text_row(call_id, orig, orig_name, called, called_name, dest, dest_name, start, end,
             connect="", script="", delivered="", currency="", costs="", state="", prefix="",
             lcr="", project="", aoc="", orig_dev="", dest_dev="", by_number="", by_name="",
             tc1="0", tc2="0", to="0", transfer="", reason="", date=D, end_date=None):
    """One text-file row; times are hh:mm:ss on `date` (end on `end_date`), "" = did not happen."""
    def dt(t, d=date):
        return (d, t) if t else ("", "")
    cells = [str(call_id), orig, orig_name, called, called_name, dest, dest_name, *dt(start), *dt(script),
             *dt(delivered), *dt(connect), *dt(end, end_date or date), currency, costs, state, prefix, lcr,
             project, aoc, orig_dev, dest_dev, by_number, by_name, tc1, tc2, to, *dt(transfer), reason]
    assert len(cells) == 34, len(cells)
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


def header(columns):
    return ",".join('"' + c + '"' for c in columns)


TEXT_ROWS = [
    # 1 outgoing, answered, charged
    text_row(1001, "201", "Anna Beispiel", "+4930555010", "", "+4930555010", "", "08:00:00", "08:03:12",
             connect="08:00:12", currency="EUR", costs="0,12", prefix="0", lcr="Telekom", aoc="1",
             orig_dev="SwyxIt! 201", dest_dev=TRUNK, reason="OriginatorDisconnected"),
    # 2 outgoing, no answer
    text_row(1002, "202", "Bernd Muster", "+4930555011", "", "+4930555011", "", "08:05:00", "08:05:30",
             prefix="0", orig_dev="SwyxIt! 202", dest_dev=TRUNK, reason="NoAnswer"),
    # 3 outgoing, busy
    text_row(1003, "203", "Clara Probe", "+4989555012", "", "+4989555012", "", "08:10:00", "08:10:04",
             prefix="0", orig_dev="SwyxIt! 203", dest_dev=TRUNK, reason="Busy"),
    # 4 outgoing, unknown number
    text_row(1004, "203", "Clara Probe", "+4989555013", "", "+4989555013", "", "08:11:00", "08:11:02",
             prefix="0", orig_dev="SwyxIt! 203", dest_dev=TRUNK, reason="UnknownNumber"),
    # 5 outgoing, permission denied
    text_row(1005, "204", "Dora Test", "+1555010014", "", "+1555010014", "", "08:12:00", "08:12:01",
             prefix="0", orig_dev="SwyxPhone 204", dest_dev=TRUNK, reason="PermissionDenied"),
    # 6 incoming, answered
    text_row(1006, "+4930555020", "Firma Fiktiv", "210", "Emil Exempel", "210", "Emil Exempel",
             "08:20:00", "08:25:00", connect="08:20:08", orig_dev=TRUNK, dest_dev="SwyxIt! 210",
             reason="CallDisconnected"),
    # 7 incoming, withheld number, no answer
    text_row(1007, "", "", "211", "Frida Fall", "211", "Frida Fall", "08:30:00", "08:30:25",
             orig_dev=TRUNK, dest_dev="SwyxIt! 211", reason="NoAnswer"),
    # 8 incoming, busy
    text_row(1008, "+4930555021", "", "212", "Gustav Gast", "212", "Gustav Gast", "08:31:00", "08:31:01",
             orig_dev=TRUNK, dest_dev="SwyxIt! 212", reason="Busy"),
    # 9 internal, answered
    text_row(1009, "201", "Anna Beispiel", "202", "Bernd Muster", "202", "Bernd Muster", "08:40:00",
             "08:42:00", connect="08:40:05", orig_dev="SwyxIt! 201", dest_dev="SwyxIt! 202",
             reason="CallDisconnected"),
    # 10 internal, ignored
    text_row(1010, "203", "Clara Probe", "204", "Dora Test", "204", "Dora Test", "08:45:00", "08:45:15",
             orig_dev="SwyxIt! 203", dest_dev="SwyxPhone 204", reason="CallIgnored"),
    # 11 internal, busy
    text_row(1011, "204", "Dora Test", "201", "Anna Beispiel", "201", "Anna Beispiel", "08:46:00",
             "08:46:01", orig_dev="SwyxPhone 204", dest_dev="SwyxIt! 201", reason="Busy"),
    # 12-13 blind transfer: 220 answers, transfers to 221
    text_row(1012, "+4930555030", "", "220", "Hanna Hilfe", "220", "Hanna Hilfe", "09:00:00", "09:01:00",
             connect="09:00:05", orig_dev=TRUNK, dest_dev="SwyxIt! 220", to="1013", transfer="09:01:00",
             reason="CallTransferred"),
    text_row(1013, "+4930555030", "", "221", "Ida Info", "221", "Ida Info", "09:01:00", "09:04:00",
             connect="09:01:10", orig_dev=TRUNK, dest_dev="SwyxIt! 221", by_number="220",
             by_name="Hanna Hilfe", tc1="1012", transfer="09:01:00", reason="CallDisconnected"),
    # 14-16 consultative transfer: 230 answers, consults 231, joins caller and 231
    text_row(1014, "+4930555040", "", "230", "Jan Job", "230", "Jan Job", "09:10:00", "09:12:30",
             connect="09:10:04", orig_dev=TRUNK, dest_dev="SwyxIt! 230", to="1016", transfer="09:12:30",
             reason="CallTransferred"),
    text_row(1015, "230", "Jan Job", "231", "Kai Kunde", "231", "Kai Kunde", "09:11:00", "09:12:30",
             connect="09:11:05", orig_dev="SwyxIt! 230", dest_dev="SwyxIt! 231", to="1016",
             transfer="09:12:30", reason="CallTransferred"),
    text_row(1016, "+4930555040", "", "231", "Kai Kunde", "231", "Kai Kunde", "09:12:30", "09:15:00",
             connect="09:12:30", orig_dev=TRUNK, dest_dev="SwyxIt! 231", by_number="230", by_name="Jan Job",
             tc1="1014", tc2="1015", transfer="09:12:30", reason="OriginatorDisconnected"),
    # 17 incoming, forwarded internally (called 240, picked up by 241)
    text_row(1017, "+4930555050", "", "240", "Lena Lang", "241", "Max Mittel", "09:20:00", "09:22:00",
             connect="09:20:09", orig_dev=TRUNK, dest_dev="SwyxIt! 241", reason="CallDisconnected"),
    # 18 incoming, forwarded to an outside mobile (trunk to trunk)
    text_row(1018, "+4930555051", "", "242", "Nina Nord", "+491705550052", "", "09:30:00", "09:33:00",
             connect="09:30:11", orig_dev=TRUNK, dest_dev=TRUNK, reason="CallDisconnected"),
    # 19 queue / hunt group: script takes the call, delivers it, 301 answers
    text_row(1019, "+4930555060", "", "300", "Hotline", "301", "Otto Ost", "10:00:00", "10:05:00",
             script="10:00:02", delivered="10:00:20", connect="10:00:30", orig_dev=TRUNK,
             dest_dev="SwyxIt! 301", reason="OriginatorDisconnected"),
    # 20 queue, caller gives up
    text_row(1020, "+4930555061", "", "300", "Hotline", "300", "Hotline", "10:10:00", "10:11:00",
             script="10:10:01", delivered="10:10:10", orig_dev=TRUNK, reason="OriginatorDisconnected"),
    # 21 conference room
    text_row(1021, "201", "Anna Beispiel", "800", "Konferenzraum 1", "800", "Konferenzraum 1", "10:30:00",
             "11:00:00", connect="10:30:01", orig_dev="SwyxIt! 201", dest_dev="Conference Room 1",
             reason="OriginatorDisconnected"),
    # 22 project code, charged 1.5 EUR
    text_row(1022, "205", "Paul Plan", "+4930555070", "", "+4930555070", "", "10:40:00", "10:50:00",
             connect="10:40:15", currency="EUR", costs="1.5", prefix="0", project="4711", aoc="1",
             orig_dev="SwyxIt! 205", dest_dev=TRUNK, reason="OriginatorDisconnected"),
    # 23 incoming, caller masked (last three digits)
    text_row(1023, "+4930555XXX", "", "206", "Quirin Quer", "206", "Quirin Quer", "10:45:00", "10:46:00",
             connect="10:45:03", orig_dev=TRUNK, dest_dev="SwyxIt! 206", reason="CallDisconnected"),
    # 24 outgoing, destination fully masked
    text_row(1024, "207", "Rita Rand", "XXX", "", "XXX", "", "10:47:00", "10:48:00", connect="10:47:07",
             prefix="0", orig_dev="SwyxIt! 207", dest_dev=TRUNK, reason="OriginatorDisconnected"),
    # 25 autumn DST: 02:30 local exists twice on 26.10.2025
    text_row(1025, "201", "Anna Beispiel", "202", "Bernd Muster", "202", "Bernd Muster", "02:30:00",
             "02:45:00", connect="02:30:10", orig_dev="SwyxIt! 201", dest_dev="SwyxIt! 202",
             reason="CallDisconnected", date="26.10.2025"),
    # 26 spring DST: 02:30 local does not exist on 30.03.2025
    text_row(1026, "203", "Clara Probe", "204", "Dora Test", "204", "Dora Test", "02:30:00", "03:40:00",
             connect="03:35:00", orig_dev="SwyxIt! 203", dest_dev="SwyxPhone 204",
             reason="CallDisconnected", date="30.03.2025"),
    # 27 across midnight
    text_row(1027, "208", "Sven Spaet", "+4930555080", "", "+4930555080", "", "23:58:00", "00:03:00",
             connect="23:58:10", prefix="0", orig_dev="SwyxIt! 208", dest_dev=TRUNK,
             reason="OriginatorDisconnected", end_date="04.03.2025"),
    # 28 outgoing without destination device (public access prefix decides), costs rounded
    text_row(1028, "209", "Tina Tal", "+4930555090", "", "+4930555090", "", "11:00:00", "11:01:00",
             connect="11:00:05", currency="EUR", costs="0,0850", prefix="0", orig_dev="SwyxIt! 209",
             reason="OriginatorDisconnected"),
    # 29 outgoing, no channel
    text_row(1029, "209", "Tina Tal", "+4930555091", "", "+4930555091", "", "11:05:00", "11:05:00",
             prefix="0", orig_dev="SwyxIt! 209", dest_dev=TRUNK, reason="NoChannelAvailable"),
    # 30 internal, a reason text this plugin does not know
    text_row(1030, "210", "Emil Exempel", "211", "Frida Fall", "211", "Frida Fall", "11:10:00", "11:10:20",
             orig_dev="SwyxIt! 210", dest_dev="SwyxIt! 211", reason="SomethingNew"),
    # 31 the same call id on the next day: another record
    text_row(1001, "211", "Frida Fall", "212", "Gustav Gast", "212", "Gustav Gast", "08:00:00", "08:01:00",
             connect="08:00:02", orig_dev="SwyxIt! 211", dest_dev="SwyxIt! 212",
             reason="CallDisconnected", date="04.03.2025"),
]

MALFORMED_ROWS = [
    # 1 impossible date
    text_row(2001, "201", "", "202", "", "202", "", "08:00:00", "08:01:00", date="31.02.2025"),
    # 2 empty call id
    text_row("", "201", "", "202", "", "202", "", "08:00:00", "08:01:00"),
    # 3 call id is not a number
    text_row("A17", "201", "", "202", "", "202", "", "08:00:00", "08:01:00"),
    # 4 end before start
    text_row(2004, "201", "", "202", "", "202", "", "08:00:00", "07:59:00"),
    # 5 costs not a number
    text_row(2005, "201", "", "+4930555010", "", "+4930555010", "", "08:00:00", "08:01:00",
             currency="EUR", costs="zwölf", dest_dev=TRUNK),
    # 6 connect after end
    text_row(2006, "201", "", "202", "", "202", "", "08:00:00", "08:01:00", connect="08:02:00"),
    # 7 transfer link not a number
    text_row(2007, "201", "", "202", "", "202", "", "08:00:00", "08:01:00", to="x1"),
    # 8 empty end time
    text_row(2008, "201", "", "202", "", "202", "", "08:00:00", ""),
    # 9 time with an hour of 25
    text_row(2009, "201", "", "202", "", "202", "", "25:00:00", "25:01:00"),
    # 10 a good row: parsing goes on
    text_row(2010, "201", "", "202", "", "202", "", "08:00:00", "08:01:00", connect="08:00:03",
             orig_dev="SwyxIt! 201", dest_dev="SwyxIt! 202", reason="CallDisconnected"),
]


def db_row(cells):
    assert len(cells) == 28, len(cells)
    out = []
    for c in cells:
        out.append("NULL" if c is None else ('"' + c + '"' if any(x in c for x in ', !') else c))
    return ",".join(out)


DB_ROWS = [
    # 1 outgoing answered, milliseconds, costs 0.2300 EUR
    ["3001", "201", "Anna Beispiel", "+4930555010", None, "+4930555010", None, "2025-03-03 08:00:00",
     None, None, "2025-03-03 08:00:12.347", "2025-03-03 08:03:12.5", "EUR", "0.2300", None, "0",
     "Telekom", None, "1", "SwyxIt! 201", TRUNK, None, None, "0", "0", "0", None, "OriginatorDisconnected"],
    # 2 incoming, no answer
    ["3002", "+4930555020", None, "210", "Emil Exempel", "210", "Emil Exempel", "2025-03-03 08:20:00",
     None, None, None, "2025-03-03 08:20:30", None, None, None, None, None, None, "0", TRUNK,
     "SwyxIt! 210", None, None, "0", "0", "0", None, "NoAnswer"],
    # 3-4 blind transfer
    ["3003", "+4930555030", None, "220", None, "220", None, "2025-03-03 09:00:00", None, None,
     "2025-03-03 09:00:05", "2025-03-03 09:01:00", None, None, None, None, None, None, "0", TRUNK,
     "SwyxIt! 220", None, None, "0", "0", "3004", "2025-03-03 09:01:00", "CallTransferred"],
    ["3004", "+4930555030", None, "221", None, "221", None, "2025-03-03 09:01:00", None, None,
     "2025-03-03 09:01:10", "2025-03-03 09:04:00", None, None, None, None, None, None, "0", TRUNK,
     "SwyxIt! 221", "220", "Hanna Hilfe", "3003", "0", "0", "2025-03-03 09:01:00", "CallDisconnected"],
    # 5 queue
    ["3005", "+4930555060", None, "300", "Hotline", "301", "Otto Ost", "2025-03-03T10:00:00",
     "2025-03-03T10:00:02", "2025-03-03T10:00:20", "2025-03-03T10:00:30", "2025-03-03T10:05:00", None,
     None, None, None, None, "42", "0", TRUNK, "SwyxIt! 301", None, None, "0", "0", "0", None,
     "OriginatorDisconnected"],
    # 6 bad datetime
    ["3006", "201", None, "202", None, "202", None, "03.03.2025 08:00", None, None, None,
     "2025-03-03 08:01:00", None, None, None, None, None, None, "0", "SwyxIt! 201", "SwyxIt! 202", None,
     None, "0", "0", "0", None, "CallDisconnected"],
]


def main():
    with open("swyx_cdr.txt", "w", newline="") as f:
        f.write(header(TEXT_COLUMNS) + "\r\n")
        for row in TEXT_ROWS:
            f.write(row + "\r\n")
    with open("swyx_malformed.txt", "w", newline="", encoding="utf-8") as f:
        f.write(header(TEXT_COLUMNS) + "\n")
        for i, row in enumerate(MALFORMED_ROWS):
            if i == 3:
                f.write('"2011","201","","202"\n')               # wrong number of fields
                f.write('"2012","201,"202"\n')                   # broken quoting
                f.write("\n")                                   # blank line
            f.write(row + "\n")
    with open("swyx_ippbxcdr.csv", "w", newline="") as f:
        f.write(",".join(DB_COLUMNS) + "\n")
        for row in DB_ROWS:
            f.write(db_row(row) + "\n")


if __name__ == "__main__":
    main()

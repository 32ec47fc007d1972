#!/usr/bin/env python3
"""Writes cdr_alarms.txt, the CUCM fixture of the alarm tests, from the first row of
../cisco/cdr_133_basic.txt (an outgoing call from extension 2001 through the gateway): every row is
that call with other extensions, numbers, times and durations. All numbers are fictitious.

Calls (times UTC; Berlin is UTC+1 in March 2025; business hours 08:00-18:00 Mon-Fri):
  1  2003 -> +44 20 7946 0001 (WORLD)    Mon 2025-03-03 10:00:00, 7201 s  -> long_call (limit 7200 s)
  2  2002 -> +44 20 7946 0002 (WORLD)    Mon 2025-03-03 16:59:00, 60 s    -> nothing (17:59 local)
  3  2001 -> +1 876 555 0100 (JAMAICA)   Mon 2025-03-03 17:00:00, 95 s    -> after_hours (18:00 local), high_risk_destination
  4  2002 -> 030 5550123 (DE_FIXED)      Sat 2025-03-08 09:00:00, 60 s    -> nothing (national)
  5  2001 -> +1 876 555 0101 (JAMAICA)   Tue 2025-03-04 10:00:00, 3001 s  -> high_risk_destination, call_cost (51.00 > 50.00)
Run:  python3 make_fixture.py   (writes next to itself)
"""
import csv, io, os

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, '..', 'cisco', 'cdr_133_basic.txt'), newline='') as f:
    rows = list(csv.reader(f))
header, types, template = rows[0], rows[1], rows[2]
index = {name: i for i, name in enumerate(header)}

def render(values):
    cells = []
    for value, kind in zip(values, types):
        cells.append('"%s"' % value.replace('"', '""') if not kind.startswith('INTEGER') else value)
    return ','.join(cells)

with open(os.path.join(HERE, '..', 'cisco', 'cdr_133_basic.txt'), newline='') as f:
    original = f.read().split('\n')
assert render(template) == original[2], 'the template does not round-trip'

T = 1740996000  # 2025-03-03 10:00:00 UTC, a Monday
CALLS = [
    (90001, '2003', '00442079460001', '+442079460001', T, 7201),
    (90002, '2002', '00442079460002', '+442079460002', T + 6 * 3600 + 59 * 60, 60),
    (90003, '2001', '00018765550100', '+18765550100', T + 7 * 3600, 95),
    (90004, '2002', '00305550123', '+49305550123', T + 5 * 86400 - 3600, 60),
    (90005, '2001', '00018765550101', '+18765550101', T + 86400, 3001),
]
lines = [render(header), render(types)]
for number, extension, dialled, outpulsed, start, talk in CALLS:
    row = list(template)
    def put(name, value):
        row[index[name]] = str(value)
    put('globalCallID_callId', number)
    put('pkid', 'a1a1a1a1-0000-4000-8000-%012d' % number)
    put('dateTimeOrigination', start)
    put('dateTimeConnect', start + 5)
    put('dateTimeDisconnect', start + 5 + talk)
    put('duration', talk)
    put('callingPartyNumber', extension)
    put('originalCalledPartyNumber', dialled)
    put('finalCalledPartyNumber', dialled)
    put('outpulsedCalledPartyNumber', outpulsed)
    put('outpulsedCallingPartyNumber', '+4930555' + extension)
    for name in ('clientMatterCode', 'authorizationCodeValue', 'authCodeDescription', 'comment'):
        put(name, '')
    put('authorizationLevel', 0)
    lines.append(render(row))
with open(os.path.join(HERE, 'cdr_alarms.txt'), 'w', newline='') as f:
    f.write('\n'.join(lines) + '\n')

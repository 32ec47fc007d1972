#!/usr/bin/env python3
"""Generates the analytics benchmark's calls (issue 19 §6) as Cisco CUCM CDR files, one per UTC day.

Deterministic for a seed. N calls (one correlation id each) over --days days from --start (default
the year 2025), --groups hunt groups (pilots 7000…, ten members each), --extensions extensions
(20000…), --trunk-groups trunk groups (two gateways each, 30/60/120 channels), a business-hours
daily and a weekday/weekend weekly profile. The mix (fresh calls):

  50 % incoming through a hunt group: answered 72 % (a third after a first member rang without
       answer), abandoned 10 % (wait 5–120 s), short abandoned 4 % (wait 1–4 s), busy 3 %,
       overflow after 30 s to the group's overflow group 6 % (answered there 80 %, else abandoned),
       voicemail after 20 s of ringing 5 %;
  30 % outgoing from an extension: national 50 %, mobile 30 %, international 20 %; answered 75 %,
       busy 8 %, no answer 12 %, failed (unallocated number) 5 %;
  20 % internal between extensions: answered 80 %, no answer 15 %, busy 5 %.

Missed hunt-group calls (never answered by a person) are called back by a member of the group in
60 % of cases (70 % of those within 24 h, the rest after 24–72 h; 85 % of callbacks answered);
20 % of the missed callers try again (an incoming group call 1–48 h later); 8 % of the answered
callers call the same group again within 1 h–6 days (repeats). Those calls take the place of fresh
calls, so the total is exactly N.

Writes, into --out: cdr_BenchCluster_01_<YYYYMMDD>0000_<n> (one file per day with calls; the
133-column CUCM layout with a header and a type line), tollbook.yaml (the site with its analytics:
section — hunt groups named by their pilot with their members, trunk groups with channels — and tariffs), and
expected.json: per hunt group and per month (UTC) the counts the KPI engine must report (offered,
answered, abandoned, short_abandoned, lost_busy, overflowed, talk_seconds; docs/kpis.md's rules),
the same for the enterprise (offered, answered), and the busiest trunk groups and hunt groups.
"""
import argparse
import calendar
import heapq
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate_cucm import HEADER, STRING_COLUMNS  # noqa: E402  (the 133 CUCM columns, shared with the import benchmark)

CLUSTER = "BenchCluster"
VOICEMAIL_DEVICE = "CiscoUM1-VI1"
VOICEMAIL_PILOT = "8999"
# UTC hour weights (Berlin business hours, peaks in the late morning and early afternoon).
HOUR_WEIGHTS = [0.02, 0.02, 0.02, 0.02, 0.02, 0.05, 0.3, 0.9, 1.0, 1.0, 0.8, 0.6,
                0.8, 0.95, 0.85, 0.6, 0.35, 0.15, 0.08, 0.04, 0.03, 0.03, 0.02, 0.02]
# Monday … Sunday.
WEEKDAY_WEIGHTS = [1.0, 1.0, 1.0, 1.0, 0.9, 0.25, 0.1]

# The columns a leg sets; every other column keeps the template's constant.
VARIABLE = ["globalCallID_callId", "origLegCallIdentifier", "dateTimeOrigination", "origCause_value",
            "callingPartyNumber", "destLegIdentifier", "originalCalledPartyNumber", "finalCalledPartyNumber",
            "destCause_value", "dateTimeConnect", "dateTimeDisconnect", "lastRedirectDn", "pkid", "duration",
            "origDeviceName", "destDeviceName", "outpulsedCalledPartyNumber", "huntPilotDN",
            "calledPartyPatternUsage", "huntPilotPattern"]


def row_template():
    """A %-format string of one CDR row: constants in place, %s for the VARIABLE columns (in column order)."""
    index = {name: i for i, name in enumerate(HEADER)}
    cells = ['""' if name in STRING_COLUMNS else "0" for name in HEADER]
    constants = {
        "cdrRecordType": "1", "globalCallID_callManagerId": "1", "origNodeId": "1", "destNodeId": "1",
        "origPrecedenceLevel": "4", "destPrecedenceLevel": "4", "globalCallId_ClusterID": f'"{CLUSTER}"',
        "origMediaCap_payloadCapability": "4", "destMediaCap_payloadCapability": "4",
        "origMediaCap_maxFramesPerPacket": "20", "destMediaCap_maxFramesPerPacket": "20",
        "callingPartyNumberPartition": '"PT_Internal"', "origDTMFMethod": "3", "destDTMFMethod": "3",
    }
    for name, value in constants.items():
        cells[index[name]] = value
    order = sorted(VARIABLE, key=index.__getitem__)
    for name in order:
        cells[index[name]] = '"%s"' if name in STRING_COLUMNS else "%s"
    return ",".join(cells) + "\n", order


def type_line():
    return ",".join("UNIQUEIDENTIFIER" if n == "pkid" else ("VARCHAR(50)" if n in STRING_COLUMNS else "INTEGER")
                    for n in HEADER) + "\n"


class Plan:
    """The entities: hunt groups, extensions, trunk groups and how calls pick them."""

    def __init__(self, groups, extensions, trunk_groups, seed):
        rng = random.Random(seed * 7919 + 1)
        self.groups = [str(7000 + g) for g in range(groups)]
        self.extensions = [str(20000 + e) for e in range(extensions)]
        per_group = max(1, extensions // groups)
        self.members = {pilot: self.extensions[(g * per_group) % extensions:(g * per_group) % extensions + per_group]
                        or [self.extensions[g % extensions]] for g, pilot in enumerate(self.groups)}
        self.trunk_groups = ["TG%02d" % (t + 1) for t in range(trunk_groups)]
        self.channels = {name: (30, 60, 120)[t % 3] for t, name in enumerate(self.trunk_groups)}
        self.gateways = {name: ["GW-%s-A" % name, "GW-%s-B" % name] for name in self.trunk_groups}
        # Each group's home trunk group (incoming) and overflow group; each extension's trunk group (outgoing).
        self.home_trunk = {pilot: self.trunk_groups[g % trunk_groups] for g, pilot in enumerate(self.groups)}
        self.overflow_to = {pilot: self.groups[(g + 1) % groups] for g, pilot in enumerate(self.groups)}
        self.ext_trunk = {ext: self.trunk_groups[(e // per_group) % trunk_groups] for e, ext in enumerate(self.extensions)}
        # Zipf-like popularity, shuffled so that the busiest groups are spread over the trunk groups.
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(groups)]
        rng.shuffle(weights)
        self.group_weights = weights
        self.group_cumulative = []
        total = 0.0
        for w in weights:
            total += w
            self.group_cumulative.append(total)

    def phone(self, ext):
        return "SEP%012d" % int(ext)

    def pick_group(self, rng):
        x = rng.random() * self.group_cumulative[-1]
        lo, hi = 0, len(self.group_cumulative) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.group_cumulative[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return self.groups[lo]

    def yaml(self, tariffs):
        lines = [
            "# Written by benchmarks/generate_analytics.py: the analytics benchmark's site (issue 19 §6).",
            f"tariffs: {tariffs}",
            "sites:",
            "  - name: bench",
            "    time_zone: Europe/Berlin",
            "    sources: [bench]",
            "    numbering:",
            '      country_code: "49"',
            '      area_code: "30"',
            '      outside_line_prefixes: ["0"]',
            f'      extensions: ["{self.extensions[0]}-{self.extensions[-1]}"]',
            "    providers: { default: nordtel }",
            "    analytics:",
            "      sl_threshold_s: 20",
            "      short_abandon_s: 5",
            "      callback_window: 24h",
            "      repeat_window: 7d",
            "      transfer_gap: 15m",
            "      trunk_groups:",
        ]
        for name in self.trunk_groups:
            trunks = ", ".join(self.gateways[name])
            lines.append(f"        - {{name: {name}, channels: {self.channels[name]}, trunks: [{trunks}]}}")
        # CUCM names the hunt pilot on every leg (huntPilotDN), and the engine matches a group by that
        # name: pilots are for PBXs that do not (docs/kpis.md). Listing them here would also match the
        # overflow leg at the next group, whose originalCalledPartyNumber is still the first pilot, and
        # book the call as answered at both groups.
        lines.append("      hunt_groups:")
        for pilot in self.groups:
            members = ", ".join(f'"{m}"' for m in self.members[pilot])
            lines.append(f'        - {{name: "{pilot}", members: [{members}]}}')
        return "\n".join(lines) + "\n"


def external_number(rng, kind):
    if kind == "national":
        return "+49%d%07d" % (rng.choice((30, 40, 89, 69, 221, 711)), rng.randrange(10_000_000))
    if kind == "mobile":
        return "+49%d%07d" % (rng.choice((151, 160, 170, 176, 179)), rng.randrange(10_000_000))
    return "+%d%09d" % (rng.choice((44, 33, 1, 39, 34, 41, 43, 31)), rng.randrange(1_000_000_000))


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.plan = Plan(args.groups, args.extensions, args.trunk_groups, args.seed)
        self.template, self.order = row_template()
        self.call_id = 0
        self.leg_no = 0
        self.legs = 0
        callers = max(50, args.calls // 20)
        caller_rng = random.Random(args.seed * 31 + 5)
        self.callers = [external_number(caller_rng, "mobile" if caller_rng.random() < 0.4 else "national")
                        for _ in range(callers)]
        self.expected_groups = {}
        self.expected_enterprise = {}
        self.trunk_legs = {}
        self.buffer = []

    # -- output -----------------------------------------------------------------------------------
    def leg(self, start, connect, end, calling, original, final, orig_dev, dest_dev, orig_cause=16, dest_cause=0,
            redirect="", outpulsed="", hunt="", usage=2):
        self.leg_no += 1
        self.legs += 1
        values = {
            "globalCallID_callId": self.call_id, "origLegCallIdentifier": 2 * self.leg_no,
            "dateTimeOrigination": start, "origCause_value": orig_cause, "callingPartyNumber": calling,
            "destLegIdentifier": 2 * self.leg_no + 1, "originalCalledPartyNumber": original,
            "finalCalledPartyNumber": final, "destCause_value": dest_cause, "dateTimeConnect": connect,
            "dateTimeDisconnect": end, "lastRedirectDn": redirect,
            "pkid": "%08x-0000-4000-8000-%012x" % (self.args.seed & 0xFFFFFFFF, self.leg_no),
            "duration": (end - connect) if connect else 0, "origDeviceName": orig_dev, "destDeviceName": dest_dev,
            "outpulsedCalledPartyNumber": outpulsed, "huntPilotDN": hunt, "calledPartyPatternUsage": usage,
            "huntPilotPattern": hunt,
        }
        self.buffer.append((start, self.template % tuple(values[n] for n in self.order)))
        for device in (orig_dev, dest_dev):
            if device.startswith("GW-"):
                group = device[3:-2]
                self.trunk_legs[group] = self.trunk_legs.get(group, 0) + 1

    def book(self, pilot, at, outcome, wait, talk):
        month = time.strftime("%Y-%m", time.gmtime(at))
        counts = self.expected_groups.setdefault(pilot, {}).setdefault(month, {
            "offered": 0, "answered": 0, "abandoned": 0, "short_abandoned": 0, "lost_busy": 0, "overflowed": 0,
            "talk_seconds": 0})
        counts["offered"] += 1
        counts[outcome] += 1
        if outcome == "abandoned" and wait < 5:
            counts["short_abandoned"] += 1
        counts["talk_seconds"] += talk

    def book_enterprise(self, at, answered):
        month = time.strftime("%Y-%m", time.gmtime(at))
        counts = self.expected_enterprise.setdefault(month, {"offered": 0, "answered": 0})
        counts["offered"] += 1
        counts["answered"] += 1 if answered else 0

    # -- calls ------------------------------------------------------------------------------------
    def group_call(self, t, pilot, caller, schedule):
        """An incoming call to hunt group `pilot`; returns nothing, schedules follow-up calls."""
        rng, plan = self.rng, self.plan
        self.call_id += 1
        members = plan.members[pilot]
        gateway = rng.choice(plan.gateways[plan.home_trunk[pilot]])
        x = rng.random()
        missed = False
        end_of_call = t
        if x < 0.72:
            wait = 2 + int(rng.expovariate(1 / 12.0))
            talk = max(5, int(rng.lognormvariate(4.6, 0.9)))
            first = rng.choice(members)
            if rng.random() < 1 / 3 and len(members) > 1:
                ring = max(1, min(wait - 1, 10 + rng.randrange(10)))
                self.leg(t, 0, t + ring, caller, pilot, first, gateway, plan.phone(first), orig_cause=0,
                         redirect=pilot, hunt=pilot, usage=7)
                second = members[(members.index(first) + 1) % len(members)]
            else:
                second = first
            self.leg(t, t + wait, t + wait + talk, caller, pilot, second, gateway, plan.phone(second),
                     redirect=pilot, hunt=pilot, usage=7)
            self.book(pilot, t, "answered", wait, talk)
            self.book_enterprise(t, True)
            end_of_call = t + wait + talk
            if rng.random() < 0.08:
                schedule(end_of_call + rng.randrange(3600, 6 * 86400), ("group", pilot, caller))
        elif x < 0.86:
            wait = rng.randrange(5, 121) if x < 0.82 else rng.randrange(1, 5)
            member = rng.choice(members)
            self.leg(t, 0, t + wait, caller, pilot, member, gateway, plan.phone(member), redirect=pilot, hunt=pilot,
                     usage=7)
            self.book(pilot, t, "abandoned", wait, 0)
            self.book_enterprise(t, False)
            missed, end_of_call = True, t + wait
        elif x < 0.89:
            member = rng.choice(members)
            self.leg(t, 0, t, caller, pilot, member, gateway, plan.phone(member), orig_cause=0, dest_cause=17,
                     redirect=pilot, hunt=pilot, usage=7)
            self.book(pilot, t, "lost_busy", 0, 0)
            self.book_enterprise(t, False)
            missed = True
        elif x < 0.95:
            target = plan.overflow_to[pilot]
            member = rng.choice(members)
            self.leg(t, 0, t + 30, caller, pilot, member, gateway, plan.phone(member), redirect=pilot, hunt=pilot,
                     usage=7)
            self.book(pilot, t, "overflowed", 0, 0)
            t2 = t + 30
            other = rng.choice(plan.members[target])
            if rng.random() < 0.8:
                wait = 2 + int(rng.expovariate(1 / 10.0))
                talk = max(5, int(rng.lognormvariate(4.6, 0.9)))
                self.leg(t2, t2 + wait, t2 + wait + talk, caller, pilot, other, gateway, plan.phone(other),
                         redirect=target, hunt=target, usage=7)
                self.book(target, t2, "answered", wait, talk)
                self.book_enterprise(t, True)
                end_of_call = t2 + wait + talk
            else:
                wait = rng.randrange(5, 91)
                self.leg(t2, 0, t2 + wait, caller, pilot, other, gateway, plan.phone(other), redirect=target,
                         hunt=target, usage=7)
                self.book(target, t2, "abandoned", wait, 0)
                self.book_enterprise(t, False)
                missed, end_of_call = True, t2 + wait
        else:
            member = rng.choice(members)
            self.leg(t, 0, t + 20, caller, pilot, member, gateway, plan.phone(member), redirect=pilot, hunt=pilot,
                     usage=7)
            message = rng.randrange(8, 60)
            self.leg(t + 20, t + 21, t + 21 + message, caller, pilot, VOICEMAIL_PILOT, gateway, VOICEMAIL_DEVICE,
                     redirect=member)
            self.book(pilot, t, "overflowed", 0, 0)
            self.book_enterprise(t, False)
            missed, end_of_call = True, t + 21 + message
        if missed:
            if rng.random() < 0.6:
                delay = rng.randrange(60, 20 * 3600) if rng.random() < 0.7 else rng.randrange(86400 + 60, 3 * 86400)
                schedule(end_of_call + delay, ("callback", pilot, caller))
            if rng.random() < 0.2:
                schedule(end_of_call + rng.randrange(3600, 48 * 3600), ("group", pilot, caller))

    def outgoing_call(self, t, ext, number, answered_share=0.75):
        rng, plan = self.rng, self.plan
        self.call_id += 1
        gateway = rng.choice(plan.gateways[plan.ext_trunk[ext]])
        dialled = ("0" + number[3:]) if number.startswith("+49") else ("00" + number[1:])
        x = rng.random()
        if x < answered_share:
            ring = rng.randrange(3, 26)
            talk = max(3, int(rng.lognormvariate(4.8, 1.0)))
            self.leg(t, t + ring, t + ring + talk, ext, dialled, dialled, plan.phone(ext), gateway, outpulsed=number,
                     usage=5)
        elif x < answered_share + 0.08:
            self.leg(t, 0, t + rng.randrange(1, 4), ext, dialled, dialled, plan.phone(ext), gateway, orig_cause=0,
                     dest_cause=17, outpulsed=number, usage=5)
        elif x < answered_share + 0.20:
            self.leg(t, 0, t + rng.randrange(20, 46), ext, dialled, dialled, plan.phone(ext), gateway, orig_cause=0,
                     dest_cause=19, outpulsed=number, usage=5)
        else:
            self.leg(t, 0, t + 1, ext, dialled, dialled, plan.phone(ext), gateway, orig_cause=0, dest_cause=1,
                     outpulsed=number, usage=5)

    def internal_call(self, t):
        rng, plan = self.rng, self.plan
        self.call_id += 1
        a, b = rng.sample(plan.extensions, 2) if len(plan.extensions) > 1 else (plan.extensions[0], plan.extensions[0])
        x = rng.random()
        if x < 0.80:
            ring = rng.randrange(2, 16)
            talk = max(3, int(rng.lognormvariate(4.0, 0.9)))
            self.leg(t, t + ring, t + ring + talk, a, b, b, plan.phone(a), plan.phone(b))
        elif x < 0.95:
            self.leg(t, 0, t + rng.randrange(10, 31), a, b, b, plan.phone(a), plan.phone(b))
        else:
            self.leg(t, 0, t + 1, a, b, b, plan.phone(a), plan.phone(b), orig_cause=0, dest_cause=17)
        self.book_enterprise(t, x < 0.80)

    def fresh_call(self, t, schedule):
        rng = self.rng
        x = rng.random()
        if x < 0.5:
            self.group_call(t, self.plan.pick_group(rng), rng.choice(self.callers), schedule)
        elif x < 0.8:
            y = rng.random()
            kind = "national" if y < 0.5 else ("mobile" if y < 0.8 else "international")
            number = rng.choice(self.callers) if rng.random() < 0.1 else external_number(rng, kind)
            self.outgoing_call(t, rng.choice(self.plan.extensions), number)
        else:
            self.internal_call(t)

    # -- the year ---------------------------------------------------------------------------------
    def run(self):
        args, rng = self.args, self.rng
        os.makedirs(args.out, exist_ok=True)
        start_day = calendar.timegm(time.strptime(args.start, "%Y-%m-%d"))
        weights = [WEEKDAY_WEIGHTS[time.gmtime(start_day + d * 86400).tm_wday] for d in range(args.days)]
        total_weight = sum(weights)
        hour_total = sum(HOUR_WEIGHTS)
        hour_cumulative = []
        acc = 0.0
        for w in HOUR_WEIGHTS:
            acc += w
            hour_cumulative.append(acc / hour_total)
        header = ",".join(f'"{name}"' for name in HEADER) + "\n" + type_line()
        pending = []  # heap of (time, sequence, kind) of calls that follow earlier ones
        sequence = 0
        emitted = 0
        cumulative = 0.0
        files = []
        end_of_period = start_day + args.days * 86400
        for day in range(args.days):
            day_start = start_day + day * 86400
            day_end = day_start + 86400
            cumulative += weights[day]
            quota = (args.calls if day == args.days - 1 else round(args.calls * cumulative / total_weight)) - emitted
            last_day = day == args.days - 1
            events = []
            carried = 0
            while pending and pending[0][0] < day_end:
                events.append(heapq.heappop(pending))
                carried += 1
            if last_day and carried > quota:
                events.sort()
                events = events[:max(0, quota)]
                carried = len(events)
            for _ in range(max(0, quota - carried)):
                u = rng.random()
                hour = next(h for h, c in enumerate(hour_cumulative) if u <= c)
                sequence += 1
                events.append((day_start + hour * 3600 + rng.randrange(3600), sequence, None))
            heapq.heapify(events)
            self.buffer = []

            def schedule(at, what):
                nonlocal sequence
                if last_day or at >= end_of_period:
                    return
                sequence += 1
                if at < day_end:
                    heapq.heappush(events, (at, sequence, what))
                else:
                    heapq.heappush(pending, (at, sequence, what))

            while events and emitted < args.calls:
                t, _, what = heapq.heappop(events)
                emitted += 1
                if what is None:
                    self.fresh_call(t, schedule)
                elif what[0] == "callback":
                    _, pilot, caller = what
                    self.outgoing_call(t, rng.choice(self.plan.members[pilot]), caller, answered_share=0.85)
                else:
                    _, pilot, caller = what
                    self.group_call(t, pilot, caller, schedule)
            # Calls of the day that were pushed back (over the quota) go to the next day.
            for event in events:
                heapq.heappush(pending, event)
            if not self.buffer:
                continue
            self.buffer.sort(key=lambda item: item[0])
            name = os.path.join(args.out, "cdr_%s_01_%s0000_%d" % (CLUSTER, time.strftime("%Y%m%d", time.gmtime(day_start)),
                                                                 day + 1))
            with open(name, "w", newline="") as f:
                f.write(header)
                f.writelines(line for _, line in self.buffer)
            files.append(os.path.basename(name))
        self.buffer = []
        return emitted, files


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", default="2025-01-01", help="first UTC day (YYYY-MM-DD)")
    parser.add_argument("--groups", type=int, default=500)
    parser.add_argument("--extensions", type=int, default=5000)
    parser.add_argument("--trunk-groups", type=int, default=50)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--tariffs", default=os.path.join(os.path.dirname(HERE), "tariffs"))
    parser.add_argument("--out", required=True, help="folder for the CDR files, tollbook.yaml and expected.json")
    args = parser.parse_args()
    if args.calls < 1 or args.days < 1 or args.groups < 2 or args.extensions < args.groups or args.trunk_groups < 1:
        sys.exit("generate_analytics.py: need --calls ≥ 1, --days ≥ 1, --groups ≥ 2, --extensions ≥ --groups, --trunk-groups ≥ 1")
    started = time.perf_counter()
    generator = Generator(args)
    calls, files = generator.run()
    with open(os.path.join(args.out, "tollbook.yaml"), "w") as f:
        f.write(generator.plan.yaml(os.path.abspath(args.tariffs)))
    group_totals = {pilot: sum(m["offered"] for m in months.values()) for pilot, months in generator.expected_groups.items()}
    expected = {
        "calls": calls, "legs": generator.legs, "seed": args.seed, "start": args.start, "days": args.days,
        "files": files,
        "groups": generator.expected_groups,
        "enterprise": generator.expected_enterprise,
        "busiest_groups": sorted(group_totals, key=lambda p: (-group_totals[p], p)),
        "busiest_trunk_groups": sorted(generator.trunk_legs, key=lambda g: (-generator.trunk_legs[g], g)),
        "trunk_group_legs": generator.trunk_legs,
    }
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print(f"generated {calls} calls ({generator.legs} legs) in {len(files)} files in {time.perf_counter() - started:.1f} s"
          f" → {args.out}", flush=True)


if __name__ == "__main__":
    main()

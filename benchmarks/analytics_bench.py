#!/usr/bin/env python3
"""Analytics benchmark (issue 19 §6; docs/benchmarks.md, "Analytics (issue 19)"). Not a test: the
figures depend on the machine.

1. Generates --calls calls over a year (benchmarks/generate_analytics.py: CUCM CDR files, one per
   day, the site configuration with its analytics: section, the expected counts), cached in --out
   by parameters.
2. Roll-up maintenance cost: imports the files into fresh stores with `rollups: {enabled: false}`
   and `{enabled: true}` (the refresh at the end of the import included), --runs pairs in turn;
   medians of rows/s and the median of the per-pair ratios (target ≥ 0.85). Roll-up support is
   detected with `tollbook rollups status --db …`; without it the rows say "roll-ups: not available
   in this build" and the import is timed once per run without the section.
3. KPI latency: `tollbook kpi --entity group:<busiest> --bucket day` over 30 days and the
   enterprise dashboard query set over the year (DASHBOARD below), median wall time of --runs,
   against DuckDB computing the same fields in memory over the same CDR files (loaded first; the
   load is reported separately). DuckDB's figures are compared with tollbook's field by field;
   every disagreement is printed.
4. Peak concurrency over the year for the busiest trunk group (`--bucket all`) and DuckDB's
   sweep line (window function over start/end events).
5. `tollbook report management-summary --format pdf` over a month and over the year.

Prints every figure with the command that produced it and writes <out>/analytics.json.
"""
import argparse
import calendar
import datetime
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DAY_MS = 86_400_000
NOT_AVAILABLE = "roll-ups: not available in this build"


# -- DuckDB: from PyPI, into a venv under --out when the running Python lacks it ------------------------------------
def ensure_duckdb(out):
    try:
        import duckdb  # noqa: F401
        return
    except ImportError:
        pass
    venv = os.path.join(os.path.abspath(out), "venv")
    python = os.path.join(venv, "bin", "python")
    if os.environ.get("ANALYTICS_BENCH_IN_VENV"):
        sys.exit("analytics_bench.py: duckdb is still missing in " + venv)
    if not os.path.exists(python):
        print(f"installing duckdb (PyPI) into {venv} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    if subprocess.run([python, "-c", "import duckdb"], stderr=subprocess.DEVNULL).returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "-q", "duckdb"], check=True)
    os.environ["ANALYTICS_BENCH_IN_VENV"] = "1"
    os.execv(python, [python] + sys.argv)


# -- running tollbook -------------------------------------------------------------------------------------------------
def run(command, capture=False, timeout=None):
    """Runs a command; returns (seconds, peak RSS MiB, stdout bytes or None). Exits on failure; with
    `timeout`, kills the command after that many seconds and returns (None, None, None)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=errors)
        output = process.stdout.read() if capture else None
        while True:
            pid, status, usage = os.wait4(process.pid, 0 if timeout is None else os.WNOHANG)
            if pid != 0:
                break
            if time.perf_counter() - started > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                return None, None, None
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        errors.seek(0)
        error = errors.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"command failed ({status}): {' '.join(command)}\n{error[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024.0, output


def shell(command):
    """The command as one would type it (paths as given)."""
    return " ".join(c if c and " " not in c else repr(c) for c in command)


def remove_store(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def rollups_supported(tollbook, out):
    probe = os.path.join(out, "analytics-probe.db")
    remove_store(probe)
    status = subprocess.run([tollbook, "rollups", "status", "--db", probe],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    remove_store(probe)
    return status == 0


# -- the period --------------------------------------------------------------------------------------------------------
def day_ms(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%d")) * 1000


def day_text(ms):
    return time.strftime("%Y-%m-%d", time.gmtime(ms // 1000))


def buckets(from_ms, to_ms, size):
    """UTC bucket bounds as the engine cuts them (docs/kpis.md)."""
    if size == "all":
        return [(from_ms, to_ms)]
    result = []
    start = from_ms
    while start < to_ms:
        if size == "day":
            end = (start // DAY_MS + 1) * DAY_MS
        elif size == "month":
            d = datetime.datetime.fromtimestamp(start / 1000, datetime.timezone.utc)
            nxt = datetime.datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, tzinfo=datetime.timezone.utc)
            end = int(nxt.timestamp() * 1000)
        else:
            raise ValueError(size)
        result.append((start, min(end, to_ms)))
        start = min(end, to_ms)
    return result


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms // 1000))


def rnd(value, places):
    """As the engine rounds (KPIMath.round): x · 10^places to the nearest integer, halves away from
    zero, on the binary double (260.775 is 260.77499… and gives 260.77), then / 10^places."""
    if value is None:
        return None
    factor = 10.0 ** places
    scaled = float(value) * factor
    whole = math.floor(abs(scaled))
    rounded = whole + 1 if abs(scaled) - whole >= 0.5 else whole
    return math.copysign(rounded, scaled) / factor


def percent(n, d):
    return None if not d else rnd(100.0 * n / d, 2)


def seconds_avg(ms, n):
    return None if not n else rnd(ms / 1000.0 / n, 2)


def erlang_b(traffic, channels):
    b = 1.0
    for n in range(1, channels + 1):
        b = traffic * b / (n + traffic * b)
    return b


# -- DuckDB: the calls in memory and the same aggregates -------------------------------------------------------------
class DuckKPI:
    """The CDR files in an in-memory DuckDB table (one row per leg, with the columns the store keeps per
    leg: direction, disposition, trunk, hunt group, times) and SQL computing the KPI fields of
    docs/kpis.md for an entity, period and bucket size — per call grouping, outcomes, callbacks and
    repeats, occupancy, sweep line and busy hour, all inside each timed query."""

    def __init__(self, files, config):
        import duckdb
        self.db = duckdb.connect(":memory:")
        self.db.execute("SET preserve_insertion_order = false")
        self.config = config
        started = time.perf_counter()
        listing = "[" + ",".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
        self.db.execute(f"""
            CREATE TABLE legs AS
            WITH raw AS (
                SELECT * FROM read_csv({listing}, header = true, all_varchar = true, quote = '"', escape = '"',
                                       union_by_name = false)
                WHERE cdrRecordType = '1'),
            typed AS (
                SELECT CAST(globalCallID_callId AS BIGINT) AS call,
                       CAST(origLegCallIdentifier AS BIGINT) AS id,
                       CAST(dateTimeOrigination AS BIGINT) * 1000 AS start_ms,
                       NULLIF(CAST(dateTimeConnect AS BIGINT), 0) * 1000 AS answer_ms,
                       CAST(dateTimeDisconnect AS BIGINT) * 1000 AS end_ms,
                       CAST(duration AS BIGINT) * 1000 AS talk_ms,
                       CASE WHEN CAST(destCause_value AS BIGINT) <> 0 THEN CAST(destCause_value AS BIGINT)
                            ELSE CAST(origCause_value AS BIGINT) END AS cause,
                       COALESCE(origDeviceName, '') AS od, COALESCE(destDeviceName, '') AS dd,
                       COALESCE(callingPartyNumber, '') AS calling, COALESCE(finalCalledPartyNumber, '') AS final,
                       COALESCE(outpulsedCalledPartyNumber, '') AS outpulsed, COALESCE(huntPilotDN, '') AS hunt
                FROM raw),
            kinds AS (
                SELECT *,
                    CASE WHEN od = '' THEN 'none' WHEN regexp_matches(od, '^(SEP|CSF|BOT|TCT|TAB|ATA|CIPC)') THEN 'internal'
                         WHEN regexp_matches(od, '^(CiscoUM|Unity|CFB|MTP|ANN|MOH)') THEN 'internal' ELSE 'trunk' END AS ok,
                    CASE WHEN dd = '' THEN 'none' WHEN regexp_matches(dd, '^(SEP|CSF|BOT|TCT|TAB|ATA|CIPC)') THEN 'internal'
                         WHEN regexp_matches(dd, '^(CiscoUM|Unity|CFB|MTP|ANN|MOH)') THEN 'internal' ELSE 'trunk' END AS dk
                FROM typed)
            SELECT call, id, start_ms, answer_ms, end_ms, talk_ms, hunt,
                CASE WHEN ok = 'trunk' AND dk = 'trunk' THEN 'outgoing' WHEN ok = 'trunk' THEN 'incoming'
                     WHEN ok = 'internal' AND dk = 'trunk' THEN 'outgoing' WHEN ok = 'internal' AND dk = 'internal' THEN 'internal'
                     ELSE 'unknown' END AS direction,
                CASE WHEN answer_ms IS NOT NULL THEN 'answered' WHEN cause = 17 THEN 'busy' WHEN cause = 21 THEN 'rejected'
                     WHEN cause IN (1, 2, 3, 22, 27, 28, 34, 38, 41, 42, 44, 47, 58, 63, 65, 79, 88, 102, 111, 127) THEN 'failed'
                     ELSE 'no_answer' END AS disposition,
                regexp_matches(dd, '^(CiscoUM|Unity)') AS voicemail,
                CASE WHEN ok = 'trunk' AND dk <> 'trunk' THEN od WHEN dk = 'trunk' THEN dd ELSE '' END AS trunk,
                CASE WHEN ok = 'trunk' AND dk <> 'trunk' THEN NULLIF(calling, '')
                     WHEN dk = 'trunk' THEN NULLIF(COALESCE(NULLIF(outpulsed, ''), final), '') END AS remote,
                greatest(0, COALESCE(answer_ms, end_ms) - start_ms) AS ring_ms,
                CASE WHEN end_ms > start_ms THEN start_ms WHEN answer_ms IS NOT NULL AND talk_ms > 0 THEN answer_ms
                     ELSE start_ms END AS occ_start,
                CASE WHEN end_ms > start_ms THEN end_ms WHEN answer_ms IS NOT NULL AND talk_ms > 0 THEN answer_ms + talk_ms
                     ELSE start_ms END AS occ_end
            FROM kinds""")
        # The store's time-ordered index: legs by (start, id) as one ordinal.
        self.db.execute("CREATE TABLE legs2 AS SELECT *, row_number() OVER (ORDER BY start_ms, id) AS seq FROM legs")
        self.db.execute("DROP TABLE legs")
        self.db.execute("ALTER TABLE legs2 RENAME TO legs")
        self.load_seconds = time.perf_counter() - started
        self.legs = self.db.execute("SELECT count(*) FROM legs").fetchone()[0]

    def compute(self, kind, entity_id, from_ms, to_ms, size):
        """The buckets of the entity as dicts with tollbook's JSON field names."""
        cfg = self.config
        bounds = buckets(from_ms, to_ms, size)
        values = ",".join(f"({s}, {e})" for s, e in bounds)
        lo, hi = from_ms - DAY_MS, to_ms + max(cfg["callback_ms"], cfg["repeat_ms"]) + DAY_MS
        if kind == "group":
            offered = f"direction <> 'outgoing' AND hunt = '{entity_id}'"
            touches = offered
        elif kind == "trunk":
            trunks = ",".join(f"'{t}'" for t in cfg["trunk_groups"][entity_id]["trunks"])
            offered = f"direction = 'incoming' AND trunk IN ({trunks})"
            touches = f"trunk IN ({trunks})"
        elif kind == "enterprise":
            offered = "direction <> 'outgoing'"
            touches = "true"
        else:
            raise ValueError(kind)
        per_leg_occupancy = kind == "trunk"
        sql = f"""
        WITH b(bs, be) AS (VALUES {values}),
        l AS (SELECT *, COALESCE(({offered}), false) AS is_off, COALESCE(({touches}), false) AS is_touch FROM legs WHERE start_ms >= {lo} AND start_ms < {hi}),
        calls AS (
            SELECT call, min(start_ms) AS cstart, max(end_ms) AS cend,
                   arg_min(direction, seq) AS cdir,
                   arg_min(remote, seq) FILTER (WHERE remote IS NOT NULL) AS ckey,
                   bool_or(answer_ms IS NOT NULL AND talk_ms >= {cfg['min_talk_ms']} AND NOT voicemail) AS canswered,
                   -- at the entity
                   bool_or(is_off) AS offered,
                   min(start_ms) FILTER (WHERE is_off) AS first_ms,
                   arg_min(answer_ms, seq) FILTER (WHERE is_off AND answer_ms IS NOT NULL
                        AND talk_ms >= {cfg['min_talk_ms']} AND NOT voicemail) AS connect_ms,
                   bool_or(is_off AND voicemail) AS off_vm,
                   bool_and(disposition IN ('busy', 'rejected') OR (disposition <> 'no_answer' AND ring_ms < 1000
                        AND talk_ms = 0)) FILTER (WHERE is_off) AS all_busy,
                   max(end_ms) FILTER (WHERE is_off) AS off_end,
                   sum(ring_ms) FILTER (WHERE is_off) AS ring_sum, count(*) FILTER (WHERE is_off) AS ring_n,
                   sum(talk_ms) FILTER (WHERE is_touch) AS talk, min(start_ms) FILTER (WHERE is_touch) AS touch_ms,
                   min(occ_start) FILTER (WHERE is_touch) AS occ_s, max(occ_end) FILTER (WHERE is_touch) AS occ_e,
                   max(start_ms) FILTER (WHERE NOT is_off) AS other_last
            FROM l GROUP BY call),
        facts AS (
            SELECT *,
                CASE WHEN connect_ms IS NOT NULL THEN 'answered'
                     WHEN off_vm OR other_last >= first_ms THEN 'overflowed'
                     WHEN all_busy THEN 'lost_busy' ELSE 'abandoned' END AS outcome,
                CASE WHEN connect_ms IS NOT NULL THEN greatest(0, connect_ms - first_ms) ELSE 0 END AS wait_a,
                CASE WHEN connect_ms IS NOT NULL THEN greatest(0, connect_ms - cstart) ELSE 0 END AS wait_caller
            FROM calls WHERE offered),
        facts2 AS (
            SELECT f.*, CASE WHEN outcome = 'abandoned' THEN greatest(0, off_end - first_ms) ELSE wait_a END AS wait,
                   b.bs FROM facts f ASOF JOIN b ON f.first_ms >= b.bs WHERE f.first_ms < b.be),
        missed AS (
            SELECT call, bs, cstart, cend, ckey FROM facts2 WHERE NOT canswered AND cdir = 'incoming' AND ckey IS NOT NULL),
        cb AS (
            SELECT m.call, min(o.cstart) - any_value(m.cend) AS cb_ms FROM missed m JOIN calls o
              ON o.ckey = m.ckey AND o.cdir = 'outgoing' AND o.canswered AND o.cstart >= m.cend
                 AND o.cstart <= m.cend + {cfg['callback_ms']} GROUP BY m.call),
        rt AS (
            SELECT DISTINCT m.call FROM missed m JOIN calls o
              ON o.ckey = m.ckey AND o.cdir = 'incoming' AND o.canswered AND o.cstart > m.cstart AND o.cstart >= m.cend
                 AND o.cstart <= m.cend + {cfg['callback_ms']}),
        ms AS (
            SELECT m.*, cb.cb_ms, (cb.call IS NOT NULL OR rt.call IS NOT NULL) AS resolved
            FROM missed m LEFT JOIN cb USING (call) LEFT JOIN rt USING (call)),
        callers AS (
            SELECT bs, ckey, arg_max(resolved, (cstart, call)) AS last_resolved FROM ms GROUP BY bs, ckey),
        rep AS (
            SELECT DISTINCT f.call FROM facts2 f JOIN calls o
              ON o.ckey = f.ckey AND o.cdir = 'incoming' AND o.cstart - f.cend > {cfg['gap_ms']}
                 AND o.cstart - f.cend <= {cfg['repeat_ms']}
            WHERE f.outcome = 'answered' AND f.cdir = 'incoming' AND f.ckey IS NOT NULL),
        agg AS (
            SELECT bs, count(*) AS offered, count(*) FILTER (WHERE outcome = 'answered') AS answered,
                count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
                count(*) FILTER (WHERE outcome = 'abandoned' AND wait < {cfg['short_ms']}) AS short_abandoned,
                count(*) FILTER (WHERE outcome = 'lost_busy') AS lost_busy,
                count(*) FILTER (WHERE outcome = 'overflowed') AS overflowed,
                count(*) FILTER (WHERE outcome = 'answered' AND wait <= {cfg['sl_ms']}) AS answered_t,
                count(*) FILTER (WHERE outcome = 'abandoned' AND wait <= {cfg['sl_ms']}) AS abandoned_t,
                sum(wait) FILTER (WHERE outcome = 'answered') AS wait_sum,
                sum(wait_caller) FILTER (WHERE outcome = 'answered') AS caller_wait_sum,
                sum(ring_sum) AS ring_sum, sum(ring_n) AS ring_n,
                count(*) FILTER (WHERE call IN (SELECT call FROM rep)) AS repeated
            FROM facts2 GROUP BY bs),
        cbagg AS (
            SELECT bs, count(*) AS callbackable, count(*) FILTER (WHERE resolved) AS resolved,
                   median(cb_ms) AS cb_median, list(cb_ms ORDER BY cb_ms) FILTER (WHERE cb_ms IS NOT NULL) AS cb_list
            FROM ms GROUP BY bs),
        calleragg AS (
            SELECT bs, count(*) FILTER (WHERE last_resolved) AS callers_resolved,
                   count(*) FILTER (WHERE NOT last_resolved) AS callers_unreturned FROM callers GROUP BY bs),
        talks AS (
            SELECT b.bs, sum(talk) AS talk FROM calls c ASOF JOIN b ON c.touch_ms >= b.bs
            WHERE c.touch_ms IS NOT NULL AND c.touch_ms < b.be GROUP BY b.bs),
        seiz AS (
            SELECT b.bs, count(*) AS seizures, count(*) FILTER (WHERE answer_ms IS NOT NULL) AS seized_answered,
                   count(*) FILTER (WHERE answer_ms IS NOT NULL OR disposition IN ('busy', 'no_answer', 'rejected')) AS effective
            FROM l ASOF JOIN b ON l.start_ms >= b.bs WHERE l.start_ms < b.be AND l.direction = 'outgoing' AND l.is_touch
            GROUP BY b.bs),
        iv AS ({"SELECT occ_start AS s, occ_end AS e FROM l WHERE is_touch" if per_leg_occupancy
                else "SELECT occ_s AS s, occ_e AS e FROM calls WHERE occ_s IS NOT NULL"}),
        iv0 AS (SELECT greatest(s, {from_ms}) AS s0, s, e FROM iv WHERE e > s AND e > {from_ms} AND s < {to_ms}),
        firstb AS (SELECT iv0.s, iv0.e, b.bs, b.be FROM iv0 ASOF JOIN b ON iv0.s0 >= b.bs),
        clipped AS (
            SELECT bs, greatest(s, bs) AS s, least(e, be) AS e FROM firstb
            UNION ALL
            SELECT b.bs, greatest(f.s, b.bs) AS s, least(f.e, b.be) AS e
            FROM (SELECT s, e, be FROM firstb WHERE e > be) f JOIN b ON b.bs >= f.be AND b.bs < f.e),
        carried AS (SELECT bs, sum(e - s) AS carried_ms FROM clipped GROUP BY bs),
        ev AS (SELECT bs, s AS t, 1 AS d FROM clipped UNION ALL SELECT bs, e AS t, -1 AS d FROM clipped),
        sweep AS (SELECT bs, sum(d) OVER (PARTITION BY bs ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS open FROM ev),
        peak AS (SELECT bs, max(open) AS peak FROM sweep GROUP BY bs),
        slots AS (
            SELECT b.bs, b.be, q.q AS qs FROM b, LATERAL (SELECT unnest(range(b.bs, b.be - 899999, 900000)) AS q) q
            WHERE b.be - b.bs >= 3600000),
        pieces AS (
            SELECT bs, qs, sum(ms) AS ms FROM (
                SELECT bs, bs + ((s - bs) // 900000) * 900000 AS qs, e - s AS ms FROM clipped
                WHERE (s - bs) // 900000 = (e - 1 - bs) // 900000
                UNION ALL
                SELECT c.bs, t.q AS qs, least(c.e, t.q + 900000) - greatest(c.s, t.q) AS ms
                FROM (SELECT * FROM clipped WHERE (s - bs) // 900000 <> (e - 1 - bs) // 900000) c,
                     unnest(range(c.bs + ((c.s - c.bs) // 900000) * 900000, c.e, 900000)) AS t(q))
            GROUP BY bs, qs),
        slotms AS (
            SELECT sl.bs, sl.qs, COALESCE(p.ms, 0) AS ms FROM slots sl LEFT JOIN pieces p ON p.bs = sl.bs AND p.qs = sl.qs),
        hours AS (
            SELECT bs, qs, sum(ms) OVER (PARTITION BY bs ORDER BY qs ROWS BETWEEN CURRENT ROW AND 3 FOLLOWING) AS ms,
                   count(*) OVER (PARTITION BY bs ORDER BY qs ROWS BETWEEN CURRENT ROW AND 3 FOLLOWING) AS n
            FROM slotms),
        busy AS (
            SELECT bs, arg_max(qs, (ms, -qs)) AS bh_start, max(ms) AS bh_ms,
                   arg_max(qs, (ms, -qs)) FILTER (WHERE qs % 3600000 = 0) AS cbh_start,
                   max(ms) FILTER (WHERE qs % 3600000 = 0) AS cbh_ms
            FROM hours WHERE n = 4 GROUP BY bs)
        SELECT b.bs, b.be, agg.*, cbagg.*, calleragg.*, talks.talk, seiz.*, carried.carried_ms, peak.peak, busy.*
        FROM b LEFT JOIN agg ON agg.bs = b.bs LEFT JOIN cbagg ON cbagg.bs = b.bs LEFT JOIN calleragg ON calleragg.bs = b.bs
             LEFT JOIN talks ON talks.bs = b.bs LEFT JOIN seiz ON seiz.bs = b.bs LEFT JOIN carried ON carried.bs = b.bs
             LEFT JOIN peak ON peak.bs = b.bs LEFT JOIN busy ON busy.bs = b.bs
        ORDER BY b.bs"""
        cursor = self.db.execute(sql)
        names = [d[0] for d in cursor.description]
        channels = cfg["trunk_groups"][entity_id]["channels"] if kind == "trunk" else None
        entity = "enterprise" if kind == "enterprise" else f"{kind}:{entity_id}"
        return [self.fields(dict(zip(names, row)), entity, channels) for row in cursor.fetchall()]

    def fields(self, r, entity, channels):
        def n(key):
            return r.get(key) or 0
        offered, answered, abandoned, short = n("offered"), n("answered"), n("abandoned"), n("short_abandoned")
        bucket_ms = r["be"] - r["bs"]
        carried = n("carried_ms")
        erlang = carried / bucket_ms
        times = r.get("cb_list") or []
        p90 = times[math.ceil(0.9 * len(times)) - 1] if times else None
        out = {
            "entity": entity, "bucket_start": iso(r["bs"]), "bucket_end": iso(r["be"]),
            "offered": offered, "answered": answered, "abandoned": abandoned, "short_abandoned": short,
            "lost_busy": n("lost_busy"), "overflowed": n("overflowed"),
            "service_level": percent(n("answered_t"), offered - short),
            "answer_rate": percent(answered, offered - short),
            "abandon_rate": percent(abandoned - short, offered - short),
            "abandon_rate_raw": percent(abandoned, offered),
            "asa_seconds": seconds_avg(n("wait_sum"), answered),
            "asa_seconds_caller_view": seconds_avg(n("caller_wait_sum"), answered),
            "avg_ring_seconds": seconds_avg(n("ring_sum"), n("ring_n")),
            "talk_seconds": rnd(n("talk") / 1000.0, 2),
            "avg_talk_seconds": seconds_avg(n("talk"), answered),
            "missed_callbackable": n("callbackable"), "missed_resolved": n("resolved"),
            "missed_resolution_rate": percent(n("resolved"), n("callbackable")),
            "missed_resolution_rate_callers": percent(n("callers_resolved"),
                                                      n("callers_resolved") + n("callers_unreturned")),
            "unreturned": n("callers_unreturned"),
            "callback_median_seconds": None if r.get("cb_median") is None else rnd(float(r["cb_median"]) / 1000, 2),
            "callback_p90_seconds": None if p90 is None else rnd(p90 / 1000, 2),
            "carried_erlang": rnd(erlang, 4),
            "peak_concurrency": n("peak"),
            "asr": percent(n("seized_answered"), n("seizures")),
            "ner": percent(n("effective"), n("seizures")),
            "repeat_call_rate": percent(n("repeated"), answered),
            "utilisation": None if channels is None else rnd(100.0 * carried / (bucket_ms * channels), 2),
            "blocking": None if channels is None else rnd(100 * erlang_b(erlang, channels), 2),
        }
        if bucket_ms >= 3_600_000:
            out["busy_hour_erlang"] = rnd(n("bh_ms") / 3_600_000, 4)
            out["busy_hour_start"] = iso(r["bh_start"]) if n("bh_ms") > 0 else None
            out["clock_busy_hour_erlang"] = rnd(n("cbh_ms") / 3_600_000, 4)
            out["clock_busy_hour_start"] = iso(r["cbh_start"]) if n("cbh_ms") > 0 else None
        return out


def compare(label, ours, theirs, fields=None):
    """Field-by-field disagreements between tollbook's buckets and DuckDB's (a list of strings)."""
    problems = []
    if len(ours) != len(theirs):
        return [f"{label}: {len(ours)} buckets from tollbook, {len(theirs)} from DuckDB"]
    for a, b in zip(ours, theirs):
        for key in (fields or b.keys()):
            x, y = a.get(key), b.get(key)
            same = x == y or (isinstance(x, (int, float)) and isinstance(y, (int, float)) and abs(x - y) < 1e-6)
            if not same:
                problems.append(f"{label} {a.get('bucket_start')} {key}: tollbook {x!r}, DuckDB {y!r}")
    return problems


# -- the benchmark ---------------------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--tollbook", default=".build/release/tollbook")
    parser.add_argument("--out", default="bench-out")
    parser.add_argument("--pdf-timeout", type=int, default=900,
                        help="stop the year's management-summary PDF after this many seconds (default 900)")
    parser.add_argument("--skip-import-pairs", action="store_true",
                        help="import once (roll-ups on when available) instead of --runs pairs")
    parser.add_argument("--skip-detail", action="store_true",
                        help="time the KPI commands on the roll-ups only, not also on the detail (at 10 M calls the "
                             "detail path takes about half an hour); needs a build with roll-ups")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ensure_duckdb(args.out)
    tollbook = os.path.abspath(args.tollbook)
    if not os.access(tollbook, os.X_OK):
        sys.exit(f"analytics_bench.py: no tollbook at {tollbook} (make release)")
    out = os.path.abspath(args.out)
    results = {"calls": args.calls, "runs": args.runs, "seed": args.seed, "commands": {}}
    commands = results["commands"]

    # 1. Data (cached by parameters).
    data = os.path.join(out, f"analytics-{args.calls}-s{args.seed}")
    generator = os.path.join(HERE, "generate_analytics.py")
    marker = os.path.join(data, "expected.json")
    if not os.path.exists(marker) or os.path.getmtime(marker) < os.path.getmtime(generator):
        if os.path.exists(data):
            shutil.rmtree(data)
        command = [sys.executable, generator, "--calls", str(args.calls),
                   "--seed", str(args.seed), "--out", data]
        print(f"$ {shell(command)}", flush=True)
        seconds, _, _ = run(command)
        results["generate_seconds"] = round(seconds, 1)
        print(f"generated in {seconds:.1f} s", flush=True)
    with open(os.path.join(data, "expected.json")) as f:
        expected = json.load(f)
    files = [os.path.join(data, name) for name in expected["files"]]
    size = sum(os.path.getsize(p) for p in files)
    legs = expected["legs"]
    print(f"input: {expected['calls']} calls, {legs} legs in {len(files)} files, {size / 1e6:.0f} MB ({data})")
    results.update(legs=legs, input_mb=round(size / 1e6, 1))
    base_config = os.path.join(data, "tollbook.yaml")
    with open(base_config) as f:
        base_text = f.read()

    # 2. Import with and without roll-ups.
    supported = rollups_supported(tollbook, out)
    results["rollups_available"] = supported
    print(f"$ {shell([tollbook, 'rollups', 'status', '--db', '…'])} → "
          f"{'roll-ups available' if supported else NOT_AVAILABLE}")
    configs = {}
    for mode, enabled in (("off", "false"), ("on", "true")):
        path = os.path.join(out, f"analytics-rollups-{mode}.yaml")
        with open(path, "w") as f:
            f.write(base_text + (f"rollups: {{ enabled: {enabled}, refresh_seconds: 60 }}\n" if supported else ""))
        configs[mode] = path
    modes = ["off", "on"] if supported else ["off"]
    stores = {mode: os.path.join(out, f"analytics-{mode}.db") for mode in modes}
    timings = {mode: [] for mode in modes}
    pairs = 1 if args.skip_import_pairs else args.runs
    for index in range(pairs):
        for mode in (modes if index % 2 == 0 else list(reversed(modes))):
            remove_store(stores[mode])
            command = [tollbook, "import", "--db", stores[mode], "--config", configs[mode], "--connector", "cisco.cucm",
                       "--source", "bench"] + files
            os.sync()
            seconds, rss, _ = run(command)
            timings[mode].append(seconds)
            commands[f"import_rollups_{mode}"] = shell(command[:9]) + f" <{len(files)} files>"
            label = f"roll-ups {mode}" if supported else "no rollups section"
            print(f"run {index + 1} import ({label}): {seconds:7.1f} s  {legs / seconds:9.0f} rows/s  peak RSS {rss:6.0f} MiB",
                  flush=True)
    imports = {mode: {"seconds": [round(s, 2) for s in timings[mode]],
                      "median_rows_per_s": round(statistics.median(legs / s for s in timings[mode]))} for mode in modes}
    results["import"] = imports
    if supported:
        ratios = [b / a for a, b in zip(timings["on"], timings["off"])]  # throughput on / off = time off / time on
        imports["ratio_on_off_median_of_pairs"] = round(statistics.median(ratios), 3)
    kpi_store = stores["on" if supported else "off"]
    kpi_config = configs["on" if supported else "off"]

    # 3.–4. KPI latency, tollbook against DuckDB.
    year_from = expected["start"]
    year_to = day_text(day_ms(year_from) + (expected["days"] - 1) * DAY_MS)
    month_from = day_text(day_ms(year_from) + min(59, expected["days"] - 1) * DAY_MS)
    month_to = day_text(min(day_ms(month_from) + 29 * DAY_MS, day_ms(year_to)))
    top_group = expected["busiest_groups"][0]
    top_trunk = expected["busiest_trunk_groups"][0]
    queries = {"group_30d_day": ("group", top_group, month_from, month_to, "day")}
    dashboard = [("enterprise", "", "month"), ("enterprise", "", "day")]
    dashboard += [("trunk", t, "month") for t in expected["busiest_trunk_groups"][:3]]
    dashboard += [("group", g, "month") for g in expected["busiest_groups"][:5]]
    for kind, ident, bucket in dashboard:
        queries[f"dashboard_{kind}{'_' + ident if ident else ''}_{bucket}"] = (kind, ident, year_from, year_to, bucket)
    queries["peak_trunk_year_all"] = ("trunk", top_trunk, year_from, year_to, "all")

    def kpi_command(store, kind, ident, start, end, bucket):
        entity = "enterprise" if kind == "enterprise" else f"{kind}:{ident}"
        return [tollbook, "kpi", "--db", store, "--config", kpi_config, "--entity", entity, "--from", start, "--to", end,
                "--bucket", bucket, "--format", "json"]

    config = duck_config(expected, data)
    print("loading the CDR files into DuckDB (in memory) …", flush=True)
    duck = DuckKPI(files, config)
    print(f"DuckDB load: {duck.load_seconds:.1f} s, {duck.legs} legs (not counted below)", flush=True)
    results["duckdb_load_seconds"] = round(duck.load_seconds, 2)
    if duck.legs != legs:
        print(f"DISAGREEMENT: DuckDB loaded {duck.legs} legs, the generator wrote {legs}")

    detail = not (args.skip_detail and supported)
    paths = ([("detail", stores["off"])] if detail else []) + ([("rollups", stores["on"])] if supported else [])
    latency = {}
    disagreements = []
    for name, (kind, ident, start, end, bucket) in queries.items():
        entry = latency.setdefault(name, {})
        for path_name, store in paths:
            command = kpi_command(store, kind, ident, start, end, bucket)
            commands[f"kpi_{name}_{path_name}"] = shell(command)
            times, output = [], None
            for _ in range(args.runs):
                seconds, rss, output = run(command, capture=True)
                times.append(seconds)
            entry[f"tollbook_{path_name}_seconds"] = round(statistics.median(times), 3)
            entry[f"tollbook_{path_name}_peak_rss_mib"] = round(rss)
            ours = json.loads(output)
            entry.setdefault("tollbook_buckets", ours)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            theirs = duck.compute(kind, ident, day_ms(start), day_ms(end) + DAY_MS, bucket)
            times.append(time.perf_counter() - started)
        entry["duckdb_seconds"] = round(statistics.median(times), 3)
        problems = compare(name, entry.pop("tollbook_buckets"), theirs)
        entry["disagreements"] = len(problems)
        disagreements += problems
        if name == "peak_trunk_year_all":
            entry["peak_concurrency_duckdb"] = theirs[0]["peak_concurrency"]
        cells = "  ".join(f"{k}={v}" for k, v in entry.items() if k.endswith("seconds"))
        print(f"{name:40s} {cells}  disagreements={len(problems)}", flush=True)
    results["kpi"] = latency
    # The tollbook peak for the trunk group, from the detail path's output (with --skip-detail: the roll-ups').
    command = kpi_command(stores["off"] if detail else kpi_store, "trunk", top_trunk, year_from, year_to, "all")
    _, _, output = run(command, capture=True)
    latency["peak_trunk_year_all"]["peak_concurrency_tollbook"] = json.loads(output)[0]["peak_concurrency"]
    dash = [k for k in queries if k.startswith("dashboard_")]
    for path_name, _ in paths:
        latency[f"dashboard_set_{path_name}_seconds"] = round(sum(latency[k][f"tollbook_{path_name}_seconds"] for k in dash), 3)
    latency["dashboard_set_duckdb_seconds"] = round(sum(latency[k]["duckdb_seconds"] for k in dash), 3)

    # Counts against the generator's own (group-month, the busiest group).
    months = expected["groups"].get(top_group, {})
    check = json.loads(run(kpi_command(stores["off"] if detail else kpi_store, "group", top_group, year_from, year_to, "month"),
                           capture=True)[2])
    for bucket in check:
        want = months.get(bucket["bucket_start"][:7])
        if want is None:
            continue
        for key in ("offered", "answered", "abandoned", "short_abandoned", "lost_busy", "overflowed", "talk_seconds"):
            if bucket[key] != want[key]:
                disagreements.append(f"generator group:{top_group} {bucket['bucket_start'][:7]} {key}: "
                                     f"tollbook {bucket[key]}, generated {want[key]}")
    results["disagreements"] = disagreements

    # 5. The management summary as PDF.
    # The year's summary computes the enterprise KPIs once per day over all the legs read (it grows with
    # days × calls): one run, stopped after --pdf-timeout seconds.
    pdf = {}
    for label, (start, end) in {"month": (month_from, month_to), "year": (year_from, year_to)}.items():
        target = os.path.join(out, f"analytics-summary-{label}.pdf")
        command = [tollbook, "report", "management-summary", "--db", kpi_store, "--config", kpi_config, "--from", start,
                   "--to", end, "--format", "pdf", "--out", target]
        commands[f"pdf_{label}"] = shell(command)
        times = []
        for _ in range(args.runs if label == "month" else 1):
            seconds, rss, _ = run(command, timeout=args.pdf_timeout)
            if seconds is None:
                break
            times.append(seconds)
        if not times:
            pdf[label] = {"seconds": None, "timed_out_after": args.pdf_timeout}
            print(f"management-summary pdf ({label}): stopped after {args.pdf_timeout} s", flush=True)
            continue
        pdf[label] = {"seconds": round(statistics.median(times), 2), "runs": len(times), "peak_rss_mib": round(rss),
                      "bytes": os.path.getsize(target)}
        print(f"management-summary pdf ({label}): {pdf[label]['seconds']:.2f} s, {pdf[label]['bytes']} bytes", flush=True)
    results["pdf"] = pdf

    # 6. The table.
    print()
    print(f"Analytics benchmark — {expected['calls']:,} calls, {legs:,} legs, {args.runs} runs (medians)")
    print("-" * 100)
    for mode in modes:
        print(f"import, rollups {'enabled: ' + ('true' if mode == 'on' else 'false') if supported else 'section absent'}:"
              f" {imports[mode]['median_rows_per_s']:>10,} rows/s")
    if supported:
        print(f"import with roll-ups / without (median of per-pair ratios): {imports['ratio_on_off_median_of_pairs']:.3f}"
              f" (target >= 0.85)")
    else:
        print(f"import with roll-ups: {NOT_AVAILABLE}")
        print(f"ratio with / without roll-ups: {NOT_AVAILABLE}")
    header = f"{'query':42s} {'tollbook detail':>16s} {'tollbook roll-ups':>18s} {'DuckDB':>10s} {'agree':>6s}"
    print(header)
    for name in queries:
        e = latency[name]
        rollup = f"{e['tollbook_rollups_seconds']:.3f} s" if supported else "n/a"
        on_detail = f"{e['tollbook_detail_seconds']:.3f} s" if detail else "not timed"
        print(f"{name:42s} {on_detail:>16s} {rollup:>18s} {e['duckdb_seconds']:>8.3f} s "
              f"{'yes' if e['disagreements'] == 0 else 'NO':>6s}")
    rollup = f"{latency['dashboard_set_rollups_seconds']:.3f} s" if supported else "n/a"
    on_detail = f"{latency['dashboard_set_detail_seconds']:.3f} s" if detail else "not timed"
    print(f"{'dashboard set (' + str(len(dash)) + ' queries, sum)':42s} {on_detail:>16s} "
          f"{rollup:>18s} {latency['dashboard_set_duckdb_seconds']:>8.3f} s")
    if not supported:
        print(f"kpi on roll-ups: {NOT_AVAILABLE}")
    p = latency["peak_trunk_year_all"]
    print(f"peak concurrency trunk:{top_trunk} over the year: tollbook {p['peak_concurrency_tollbook']}, "
          f"DuckDB {p['peak_concurrency_duckdb']}")
    print(f"DuckDB load (not counted): {duck.load_seconds:.1f} s")
    for label in pdf:
        if pdf[label]["seconds"] is None:
            print(f"management-summary PDF, {label}: stopped after {args.pdf_timeout} s")
        else:
            print(f"management-summary PDF, {label}: {pdf[label]['seconds']:.2f} s ({pdf[label]['bytes']:,} bytes)")
    print(f"disagreements (tollbook against DuckDB and the generator): {len(disagreements)}")
    for problem in disagreements[:50]:
        print("  " + problem)
    print("commands:")
    for key, command in commands.items():
        print(f"  {key}: {command}")
    with open(os.path.join(out, "analytics.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(f"written: {os.path.join(out, 'analytics.json')}")


def duck_config(expected, data):
    """The analytics parameters of the generated site (the defaults the generator writes) and its trunk groups."""
    trunk_groups = {}
    with open(os.path.join(data, "tollbook.yaml")) as f:
        for line in f:
            line = line.strip()
            if line.startswith("- {name: TG"):
                name = line.split("name: ")[1].split(",")[0]
                channels = int(line.split("channels: ")[1].split(",")[0])
                trunks = [t.strip() for t in line.split("trunks: [")[1].split("]")[0].split(",")]
                trunk_groups[name] = {"channels": channels, "trunks": trunks}
    return {"sl_ms": 20_000, "short_ms": 5_000, "min_talk_ms": 0, "callback_ms": 86_400_000,
            "repeat_ms": 7 * 86_400_000, "gap_ms": 900_000, "trunk_groups": trunk_groups}


if __name__ == "__main__":
    main()

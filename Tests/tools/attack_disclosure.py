#!/usr/bin/env python3
"""Play the attacker against a generated pohj site (issue 5, section 2).

Usage:
    python3 Tests/tools/attack_disclosure.py SITE_DIR PROJECT_DIR [options]
    python3 Tests/tools/attack_disclosure.py SITE_DIR PROJECT_DIR --self-check [--pohj BIN | --truth FILE]
    python3 Tests/tools/attack_disclosure.py SITE_DIR PROJECT_DIR --small-floors [--pohj BIN | --truth FILE]
    python3 Tests/tools/attack_disclosure.py SITE_DIR PROJECT_DIR --explain "2020 practice:OEG03 goal.ja.count"
    python3 Tests/tools/attack_disclosure.py SITE_DIR PROJECT_DIR --sample N [--seed S] [--ipm]
        (a random sample of N hidden counts, every relation kept: for sites too large to attack
        whole, e.g. `make check-disclosure-province`)

What the attacker knows
-----------------------
* Everything in the published downloads: every ``data/<period>/indicators.csv`` under the site
  root and under ``archief/*/data/*/`` (DOMAIN.md 7.4). A count published as ``rounded`` r lies in
  r-2..r+2; a ``suppressed`` count lies in 0..7 under the public policy (primary cells), or only
  >= 0 (a cell hidden to protect another one may be larger). Both priors are run.
* The public practice -> municipality mapping (PROJECT_DIR/data/practices.csv, also on the
  practice pages), the periods and their dates (PROJECT_DIR/site.yml) and the definitions of
  DOMAIN.md section 3.

One LP variable is one true quantity: a (date interval, scope, count id). A month of the caseload
chart is one variable whatever period file publishes it; a period with the same dates as another
is the same variable too. Structural relations (all verified by ``--self-check`` on the true,
unprotected table of ``pohj indicators``):

* distributions over new cases sum to cases.new (mix detail, contacts, duration, complaint,
  referrer, age, gender, location, history); over closed cases to cases.closed (goal,
  aftercare, closed_mix);
* groups: mix.self_helped, referred_preventive, referred_jggz, bridging, referred,
  outcome.avoided_second_line, outcome.to_second_line; base.self_helped.* sums to mix.self_helped;
* scopes: region = sum of municipalities, municipality = sum of its practices (every additive
  count, including months and cases.active; TWO referral counts region = sum of municipalities);
* time: the elementary intervals cut out by all period boundaries ("atoms") carry their own
  (unpublished) tables; each period = sum of its atoms (e.g. monitoring = 2020 + 2021-Q1); the
  monthly new/closed cells tile each atom; flow: active(m+1) = active(m) - closed(m) + new(m+1)
  and active(period) = active(first month) + new(later months);
* inequalities: new, closed <= active; base.self_helped.<band> <= contacts.<band>
  (6-10 with 11plus); wait.known <= cases.new;
* reach: reach.demand_via_gp = referrals.gp + referrer.huisarts - S, 0 <= S <= both
  referrer.huisarts and outcome.to_second_line;
* derived figures (shares, cost per case, scenario money, net result, coverage): when a
  published figure equals the same formula evaluated on the published (protected) counts it
  reveals nothing more and is only checked; when it does not, it was computed from something
  else, is reported as a LEAK and added as a constraint on the true counts.

For every hidden count the LP min and max are solved (per connected component of the constraint
graph, with a pool of feasible points so that cells already seen to vary by >= 5 are not solved
again). A hidden count FAILS when max - min < rounding base (5). Exit 1 on any failure or leak.
Reported, not failed: hidden counts whose least possible value (prior hidden >= 0) lies in 3..7,
which a reader who takes them for counts the policy hides narrows to fewer than 5 values. With
``--small-floors`` (the truth from ``pohj indicators``, as for ``--self-check``) those whose true
value is at most 7, of a practice or municipality, FAIL: the reader's reading is right for them.
"""

import argparse
import csv
import glob
import json
import math
import os
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, timedelta

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

# ---------------------------------------------------------------------------------------------
# Domain (DOMAIN.md section 3)

NEW_FAMILIES = {
    "mix": ["eenmalig", "verwijzing_preventief", "verwijzing_jgt", "kortdurend_poh", "crisishulp",
            "overbrugging", "verwijzing_bggz", "verwijzing_sggz_midden", "verwijzing_sggz_hoog", "unknown"],
    "contacts": ["1", "2-5", "6-10", "11plus", "unknown"],
    "duration": ["lt1m", "lt2m", "lt3m", "3-6m", "gt6m", "unknown"],
    "complaint": ["aandacht_concentratie", "emotieregulatie", "slaapproblemen", "systeemproblemen",
                  "onzekerheid_zelfvertrouwen", "opvoedingsproblematiek", "angst_dwang_stemming",
                  "eetgedrag", "lichamelijke_klachten", "sociale_interactie", "trauma_rouw", "ass",
                  "overig", "unknown"],
    "referrer": ["huisarts", "jeugdarts", "wijkteam", "school", "ouders", "anders", "unknown"],
    "age": ["0-3", "4-11", "12-17", "18plus", "unknown"],
    "gender": ["m", "v", "x", "unknown"],
    "location": ["thuis", "school", "wijk", "gemeente", "buiten_gemeente", "unknown"],
    "history": ["nee", "ja_zelfde", "ja_andere", "ja_gezinsleden", "ja_actueel", "unknown"],
}
CLOSED_FAMILIES = {
    "goal": ["nee", "deels", "ja", "uitval", "unknown"],
    "aftercare": ["nee", "ja_poh", "ja_ander", "unknown"],
    "closed_mix": ["self_helped", "referred_preventive", "referred_jggz", "bridging", "unknown"],
}
MIX_GROUPS = {  # group -> members (both as mix.<x>.count)
    "self_helped": ["eenmalig", "kortdurend_poh"],
    "referred_preventive": ["verwijzing_preventief", "verwijzing_jgt"],
    "referred_jggz": ["verwijzing_bggz", "verwijzing_sggz_midden", "verwijzing_sggz_hoog", "crisishulp"],
    "bridging": ["overbrugging"],
}
BASE_BANDS = ["1", "2-5", "6-10", "unknown"]
# base.self_helped.<band> <= sum of contacts.<band> (11plus is treated like 6-10)
BASE_LE_CONTACTS = {"1": ["1"], "2-5": ["2-5"], "6-10": ["6-10", "11plus"], "unknown": ["unknown"]}


def cnt(fam, code):
    return f"{fam}.{code}.count"


NEW_IDS = {"cases.new", "wait.known"}
for _f, _codes in NEW_FAMILIES.items():
    NEW_IDS.update(cnt(_f, c) for c in _codes)
NEW_IDS.update(cnt("mix", g) for g in list(MIX_GROUPS) + ["referred"])
NEW_IDS.update({"outcome.avoided_second_line.count", "outcome.to_second_line.count"})
NEW_IDS.update(f"base.self_helped.{b}.count" for b in BASE_BANDS)
CLOSED_IDS = {"cases.closed"}
for _f, _codes in CLOSED_FAMILIES.items():
    CLOSED_IDS.update(cnt(_f, c) for c in _codes)
TIME_ADDITIVE = NEW_IDS | CLOSED_IDS          # counts of cases that start / end in the interval
SCOPE_ADDITIVE = TIME_ADDITIVE | {"cases.active"}
REGION_ONLY_ADDITIVE = {"referrals.gp", "referrals.total"}   # TWO data: per municipality, no practices
NOT_CASE_COUNTS = ("coverage.", "capacity.")

MONTH_RE = re.compile(r"^caseload\.(\d{4})-(\d{2})\.(new|closed|active)$")


# ---------------------------------------------------------------------------------------------
# Small helpers

def parse_date(s):
    s = str(s).strip().strip('"').strip("'")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", s)
    if m:
        return date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"not a date: {s!r}")


def month_interval(y, m):
    start = date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (start, nxt - timedelta(days=1))


def half_ulp(text):
    """Half a unit in the last printed decimal place of a number as written in the CSV."""
    text = text.strip()
    if "e" in text.lower():
        return abs(float(text)) * 1e-12 + 1e-12
    if "." in text:
        return 0.5 * 10.0 ** -(len(text.split(".")[1]))
    return 0.5


def fnum(x):
    if x is None:
        return "-"
    if x == math.inf:
        return "inf"
    if x == -math.inf:
        return "-inf"
    if abs(x - round(x)) < 1e-7:
        return str(int(round(x)))
    return f"{x:.3f}"


# ---------------------------------------------------------------------------------------------
# Project: periods, practices, policy, prices

def load_yaml(path):
    try:
        import yaml  # PyYAML, if installed
        with open(path, encoding="utf-8-sig") as f:
            return yaml.safe_load(f) or {}
    except ImportError:
        pass
    # Minimal fallback: the keys this tool reads (periods, disclosure, parameters).
    data, section, item = {}, None, None
    with open(path, encoding="utf-8-sig") as f:
        for raw in f:
            line = raw.split(" #")[0].rstrip()
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line.startswith(" ") and not line.startswith("-"):
                k, _, v = line.partition(":")
                section = k.strip()
                v = v.strip()
                data[section] = v.strip('"\'') if v else None
                item = None
                continue
            s = line.strip()
            if s.startswith("- "):
                if not isinstance(data.get(section), list):
                    data[section] = []
                s = s[2:]
                if ":" not in s:
                    data[section].append(s.strip('"\''))
                    continue
                item = {}
                data[section].append(item)
            k, _, v = s.partition(":")
            v = v.strip().strip('"\'')
            if item is not None and isinstance(data.get(section), list):
                item[k.strip()] = v
            else:
                if not isinstance(data.get(section), dict):
                    data[section] = {}
                data[section][k.strip()] = v
    return data


def practice_table(project):
    """data/practices.csv as its lower-cased header and rows."""
    path = os.path.join(project, "data", "practices.csv")
    with open(path, encoding="utf-8-sig", errors="replace") as f:
        text = f.read()
    first = text.splitlines()[0] if text else ""
    delim = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    return [h.strip().lower() for h in rows[0]], rows[1:]


def column(head, *names):
    return next((head.index(n) for n in names if n in head), None)


PRACTICE_ID = ("practice_id", "praktijk-id", "praktijkcode", "praktijk")


def read_practices(project):
    head, rows = practice_table(project)
    pi, mi = column(head, *PRACTICE_ID), column(head, "municipality", "gemeente")
    if pi is None or mi is None:
        raise SystemExit(f"{os.path.join(project, 'data', 'practices.csv')}: no column {'practice_id' if pi is None else 'municipality'}")
    out = {}
    for r in rows:
        if len(r) > max(pi, mi) and r[pi].strip():
            out[r[pi].strip()] = r[mi].strip()
    return out


def read_poh_spans(project):
    """Practice → (start, end or None) of its POH-Jeugd, or None when it never had one: public
    (each practice page says since when a POH-Jeugd works there, or that none does)."""
    head, rows = practice_table(project)
    pi = column(head, *PRACTICE_ID)
    si = column(head, "joined", "poh_start", "start poh-j", "start poh jeugd", "startdatum")
    ei = column(head, "left", "poh_end", "einde poh-j", "einde poh jeugd", "einddatum")
    out = {}
    for r in rows:
        if pi is None or si is None or len(r) <= pi or not r[pi].strip():
            continue
        start = r[si].strip() if si < len(r) else ""
        end = r[ei].strip() if ei is not None and ei < len(r) else ""
        try:
            out[r[pi].strip()] = (parse_date(start), parse_date(end) if end else None) if start else None
        except ValueError:
            continue
    return out


# ---------------------------------------------------------------------------------------------
# The model: variables, publications, constraints

class Model:
    def __init__(self):
        self.index = {}          # key -> var index
        self.keys = []
        self.pubs = []           # per var: list of (status, value, where)
        self.eq = []             # (name, {idx: coef}, rhs)
        self.ub = []             # (name, {idx: coef}, rhs)   sum <= rhs
        self.lb_extra = {}       # idx -> extra lower bound (implied rounded aux counts)
        self.ub_extra = {}

    def var(self, key):
        i = self.index.get(key)
        if i is None:
            i = len(self.keys)
            self.index[key] = i
            self.keys.append(key)
            self.pubs.append([])
        return i

    def add_eq(self, name, coefs, rhs=0.0):
        c = {}
        for k, v in coefs:
            c[k] = c.get(k, 0.0) + v
        c = {k: v for k, v in c.items() if v != 0}
        if c:
            self.eq.append((name, c, rhs))

    def add_ub(self, name, coefs, rhs=0.0):
        c = {}
        for k, v in coefs:
            c[k] = c.get(k, 0.0) + v
        c = {k: v for k, v in c.items() if v != 0}
        if c:
            self.ub.append((name, c, rhs))


class Attack:
    def __init__(self, site, project, args):
        self.site, self.project, self.args = site, project, args
        self.notes, self.leaks, self.derived, self.implied = [], [], [], []
        self.m = Model()
        cfg = load_yaml(os.path.join(project, "site.yml"))
        self.cfg = cfg
        disc = cfg.get("disclosure") or {}
        self.hide = int(disc.get("hide_at_most", 7))
        self.base = int(disc.get("rounding_base", 5))
        self.half = (self.base - 1) // 2
        self.periods = {}        # id -> (start, end)
        for p in cfg.get("periods") or []:
            self.periods[str(p["id"])] = (parse_date(p["start"]), parse_date(p["end"]))
        self.practice_muni = read_practices(project)
        self.prices()

    # -- prices -------------------------------------------------------------------------------
    def prices(self):
        a, params = self.args, (self.cfg.get("parameters") or {})

        def page_price(label):
            for path in glob.glob(os.path.join(self.site, "scenarios", "*.html")):
                text = re.sub(r"<[^>]+>", " ", open(path, encoding="utf-8").read())
                text = text.replace("\u00a0", " ").replace("&nbsp;", " ")
                m = re.search(label + r"[^()]{0,40}\(€\s*([\d.]+(?:,\d+)?)\)", text)
                if m:
                    return float(m[1].replace(".", "").replace(",", "."))
            return None
        src = {}

        def pick(name, cli, key, label, default):
            if cli is not None:
                src[name] = "option"
                return cli
            if params.get(key) not in (None, ""):
                src[name] = "site.yml"
                return float(str(params[key]).replace(",", "."))
            if label:
                v = page_price(label)
                if v:
                    src[name] = "scenarios page"
                    return v
            src[name] = "default"
            return default
        self.p_bggz = pick("B-GGZ", a.price_bggz, "price_bggz_eur", "B-GGZ-traject", 876.0)
        self.p_sggz = pick("S-GGZ", a.price_sggz, "price_sggz_eur", "S-GGZ-traject", 2994.0)
        self.p_aef_min = pick("AEF min", a.price_aef_min, "price_aef_min_eur", None, 2100.0)
        self.p_aef_max = pick("AEF max", a.price_aef_max, "price_aef_max_eur", None, 2500.0)
        self.price_src = src

    # -- reading the site ---------------------------------------------------------------------
    def load_rows(self):
        files = sorted(glob.glob(os.path.join(self.site, "data", "*", "indicators.csv")))
        files += sorted(glob.glob(os.path.join(self.site, "archief", "*", "data", "*", "indicators.csv")))
        if not files:
            raise SystemExit(f"no indicators.csv under {self.site}")
        self.files = files
        seen, rows = set(), []
        for path in files:
            rel = os.path.relpath(path, self.site)
            with open(path, encoding="utf-8-sig") as f:
                for r in csv.DictReader(f):
                    sig = tuple(r.get(k, "") for k in
                                ("period", "scope_type", "scope_id", "indicator", "value", "low", "high", "unit", "status"))
                    if sig in seen:
                        continue
                    seen.add(sig)
                    r["_file"] = rel
                    rows.append(r)
        # Periods not in site.yml: infer from their months (with a note).
        for r in rows:
            p = r["period"]
            if p not in self.periods:
                months = [MONTH_RE.match(x["indicator"]) for x in rows if x["period"] == p]
                months = sorted(month_interval(int(mm[1]), int(mm[2])) for mm in months if mm)
                if not months:
                    raise SystemExit(f"period {p}: not in site.yml and no months to infer its dates")
                self.periods[p] = (months[0][0], months[-1][1])
                self.notes.append(f"period {p} not in site.yml: dates inferred from its months {self.periods[p]}")
        self.rows = rows

    def key_of(self, period, st, sid, ind):
        iv = self.periods[period]
        mm = MONTH_RE.match(ind)
        if mm:
            ms, me = month_interval(int(mm[1]), int(mm[2]))
            return ((max(ms, iv[0]), min(me, iv[1])), st, sid, "cases." + mm[3])
        return (iv, st, sid, ind)

    @staticmethod
    def is_case_count(row):
        # reach.demand_via_gp is published as "rounded" but is derived (H + G - S of protected
        # counts): it is handled with the derived figures.
        return (row["unit"] == "count" and not row["indicator"].startswith(NOT_CASE_COUNTS)
                and row["indicator"] != "reach.demand_via_gp")

    # -- labels -------------------------------------------------------------------------------
    def iv_label(self, iv):
        ids = [p for p, v in self.periods.items() if v == iv]
        if ids:
            return "/".join(ids)
        if iv[0].day == 1 and (iv[1] + timedelta(days=1)).day == 1 and iv[0].month == iv[1].month:
            return f"{iv[0]:%Y-%m}"
        return f"{iv[0]}..{iv[1]}"

    def var_label(self, i):
        iv, st, sid, ind = self.m.keys[i]
        scope = "region" if st == "region" else f"{st}:{sid}"
        is_month = iv in self.month_ivs and iv not in self.period_ivs
        if is_month and ind in ("cases.new", "cases.closed", "cases.active"):
            ind = f"caseload.{iv[0]:%Y-%m}.{ind.split('.')[1]}"
            per = "/".join(p for p, v in self.periods.items() if v[0] <= iv[0] and iv[1] <= v[1])
            return f"{per} {scope} {ind}"
        return f"{self.iv_label(iv)} {scope} {ind}"

    # -- building -----------------------------------------------------------------------------
    def infer_prices(self):
        """A scenario price no page gives exactly (pohj derives it from the baseline year's
        referrals; the scenarios page rounds it to euros) follows from the published savings
        and the counts they were computed from: B-GGZ from the conservative scenario, then
        S-GGZ from the optimistic one, at a scope where those counts are shown. A reader can do
        this; with the page's rounded price the attacker's relations would not hold."""
        if self.price_src["B-GGZ"] not in ("scenarios page", "default"):
            return
        by = {}
        for r in self.rows:
            by[(r["period"], r["scope_type"], r["scope_id"], r["indicator"])] = r

        def shown(period, st, sid, ind):
            r = by.get((period, st, sid, ind))
            if r is None or r["status"] == "suppressed" or r["value"] in ("", None):
                return None
            return float(r["value"])
        for (period, st, sid, ind) in sorted(by):
            if ind != "savings.conservatief.gross_eur":
                continue
            n1, n2, n6 = (shown(period, st, sid, f"base.self_helped.{b}.count") for b in ("1", "2-5", "6-10"))
            gross_c = shown(period, st, sid, ind)
            if None in (n2, n6, gross_c) or n2 + n6 == 0:
                continue
            pb = gross_c / (n2 + n6)
            # The page rounds half up to whole euros.
            if self.price_src["B-GGZ"] == "scenarios page" and math.floor(pb + 0.5) != math.floor(self.p_bggz + 0.5):
                continue
            if not self.price_src["B-GGZ"].startswith("inferred"):
                self.p_bggz, self.price_src["B-GGZ"] = pb, f"inferred from {period} {sid}"
            gross_o = shown(period, st, sid, "savings.optimistisch.gross_eur")
            if self.price_src["S-GGZ"] in ("scenarios page", "default") and None not in (n1, gross_o) and n6 > 0:
                self.p_sggz = ((gross_o - 0.25 * self.p_bggz * n1 - self.p_bggz * n2) / n6 - 0.7 * self.p_bggz) / 0.3
                self.price_src["S-GGZ"] = f"inferred from {period} {sid}"
                return

    def build(self):
        m = self.m
        self.load_rows()
        self.infer_prices()
        self.period_ivs = set(self.periods.values())
        self.month_ivs = set()
        self.pub_rows = {}       # (period, st, sid, ind) -> row  (for derived figures)
        scopes = set()
        unclassified = set()
        for r in self.rows:
            st, sid, ind = r["scope_type"], r["scope_id"], r["indicator"]
            scopes.add((st, sid))
            self.pub_rows[(r["period"], st, sid, ind)] = r
            if not self.is_case_count(r):
                continue
            key = self.key_of(r["period"], st, sid, ind)
            if MONTH_RE.match(ind):
                self.month_ivs.add(key[0])
            i = m.var(key)
            status = r["status"]
            val = float(r["value"]) if r["value"] not in ("", None) else None
            m.pubs[i].append((status, val, f"{r['_file']}"))
            if key[3] not in SCOPE_ADDITIVE | REGION_ONLY_ADDITIVE and not MONTH_RE.match(ind):
                unclassified.add(key[3])
        for u in sorted(unclassified):
            self.notes.append(f"count id {u} is in no structural relation (bounds only)")

        self.munis = sorted({sid for st, sid in scopes if st == "municipality"} | set(self.practice_muni.values()))
        self.practices_of = defaultdict(list)
        for p, mu in sorted(self.practice_muni.items()):
            self.practices_of[mu].append(p)
        unknown_pr = sorted(sid for st, sid in scopes if st == "practice" and sid not in self.practice_muni)
        if unknown_pr:
            self.notes.append(f"practices published but not in practices.csv (no scope sums): {unknown_pr}")
        self.all_scopes = [("region", "region")] + [("municipality", mu) for mu in self.munis] + \
            [("practice", p) for p in sorted(self.practice_muni)]

        # Atoms: elementary intervals cut by all period boundaries.
        cuts = sorted({iv[0] for iv in self.period_ivs} | {iv[1] + timedelta(days=1) for iv in self.period_ivs})
        self.atoms = []
        for a, b in zip(cuts, cuts[1:]):
            iv = (a, b - timedelta(days=1))
            if any(p[0] <= iv[0] and iv[1] <= p[1] for p in self.period_ivs):
                self.atoms.append(iv)

        self.structure()
        self.derived_figures()
        self.time_links()
        self.scope_sums()
        self.known_zeros()

    def known_zeros(self):
        """A practice whose POH-Jeugd had not started by the end of a period (or never does) has
        no cases in it (pohj refuses a case before the start): every reader knows, its page
        says so, and the attacker uses it. Not after a POH-Jeugd left (cases may run on)."""
        if self.args.no_known_zeros:
            return
        spans = read_poh_spans(self.project)
        added = 0
        for pid, span in sorted(spans.items(), key=lambda kv: kv[0]):
            for period, iv in sorted(self.periods.items()):
                if span is not None and span[0] <= iv[1]:
                    continue
                i = self.v(iv, ("practice", pid), "cases.active")
                if any(st != "suppressed" and val not in (None, 0.0) for st, val, _ in self.m.pubs[i]):
                    self.notes.append(f"{period} practice {pid}: no POH-Jeugd yet, but the site shows cases; not taken as 0")
                    continue
                self.m.add_eq(f"no POH-Jeugd in {period} [practice:{pid}]", [(i, 1.0)])
                added += 1
        if added:
            self.notes.append(f"{added} practice periods without a POH-Jeugd: their cases are 0 (public)")

    def v(self, iv, scope, ind):
        return self.m.var((iv, scope[0], scope[1], ind))

    def structure(self):
        m = self.m
        extra_members = defaultdict(set)   # published members not in the DOMAIN lists
        for key in list(m.keys):
            ind = key[3]
            parts = ind.split(".")
            if len(parts) == 3 and parts[2] == "count" and parts[0] in {**NEW_FAMILIES, **CLOSED_FAMILIES}:
                fam, code = parts[0], parts[1]
                known = (NEW_FAMILIES.get(fam) or CLOSED_FAMILIES.get(fam))
                if code not in known and not (fam == "mix" and code in list(MIX_GROUPS) + ["referred"]):
                    extra_members[fam].add(code)
        for fam, codes in extra_members.items():
            self.notes.append(f"{fam}: published members not in DOMAIN.md, added to the distribution: {sorted(codes)}")
            TIME_ADDITIVE.update(cnt(fam, c) for c in codes)
            SCOPE_ADDITIVE.update(cnt(fam, c) for c in codes)
        for iv in self.atoms:
            lab = self.iv_label(iv)
            for sc in self.all_scopes:
                sl = "region" if sc[0] == "region" else f"{sc[0]}:{sc[1]}"
                new, closed = self.v(iv, sc, "cases.new"), self.v(iv, sc, "cases.closed")
                for fam, codes in NEW_FAMILIES.items():
                    codes = codes + sorted(extra_members.get(fam, ()))
                    m.add_eq(f"distribution {fam}.* = cases.new [{lab} {sl}]",
                             [(self.v(iv, sc, cnt(fam, c)), 1.0) for c in codes] + [(new, -1.0)])
                for fam, codes in CLOSED_FAMILIES.items():
                    codes = codes + sorted(extra_members.get(fam, ()))
                    m.add_eq(f"distribution {fam}.* = cases.closed [{lab} {sl}]",
                             [(self.v(iv, sc, cnt(fam, c)), 1.0) for c in codes] + [(closed, -1.0)])
                g = lambda code: self.v(iv, sc, cnt("mix", code))
                for grp, members in MIX_GROUPS.items():
                    m.add_eq(f"group mix.{grp} [{lab} {sl}]", [(g(grp), -1.0)] + [(g(x), 1.0) for x in members])
                m.add_eq(f"group mix.referred [{lab} {sl}]",
                         [(g("referred"), -1.0), (g("referred_preventive"), 1.0), (g("referred_jggz"), 1.0)])
                m.add_eq(f"group outcome.avoided_second_line [{lab} {sl}]",
                         [(self.v(iv, sc, "outcome.avoided_second_line.count"), -1.0),
                          (g("self_helped"), 1.0), (g("referred_preventive"), 1.0)])
                m.add_eq(f"group outcome.to_second_line [{lab} {sl}]",
                         [(self.v(iv, sc, "outcome.to_second_line.count"), -1.0),
                          (g("referred_jggz"), 1.0), (g("bridging"), 1.0)])
                m.add_eq(f"group base.self_helped.* = mix.self_helped [{lab} {sl}]",
                         [(self.v(iv, sc, f"base.self_helped.{b}.count"), 1.0) for b in BASE_BANDS] +
                         [(g("self_helped"), -1.0)])
                for b, bands in BASE_LE_CONTACTS.items():
                    m.add_ub(f"base.self_helped.{b} <= contacts [{lab} {sl}]",
                             [(self.v(iv, sc, f"base.self_helped.{b}.count"), 1.0)] +
                             [(self.v(iv, sc, cnt("contacts", x)), -1.0) for x in bands])
                m.add_ub(f"wait.known <= cases.new [{lab} {sl}]",
                         [(self.v(iv, sc, "wait.known"), 1.0), (new, -1.0)])

        # Months: tilings of atoms and of every interval with an active count, and the flow.
        months = sorted(self.month_ivs)
        active_ivs = {k[0] for k in m.keys if k[3] == "cases.active"}

        def tiling(iv):
            inside = [x for x in months if iv[0] <= x[0] and x[1] <= iv[1]]
            if not inside or inside[0][0] != iv[0] or inside[-1][1] != iv[1]:
                return None
            for a, b in zip(inside, inside[1:]):
                if b[0] != a[1] + timedelta(days=1):
                    return None
            return inside
        for iv in sorted(set(self.atoms) | active_ivs):
            tile = tiling(iv)
            if not tile or tile == [iv]:
                continue
            lab = self.iv_label(iv)
            for sc in self.all_scopes:
                sl = "region" if sc[0] == "region" else f"{sc[0]}:{sc[1]}"
                if iv in self.atoms:
                    for kind in ("new", "closed"):
                        m.add_eq(f"months: sum caseload.*.{kind} = cases.{kind} [{lab} {sl}]",
                                 [(self.v(iv, sc, f"cases.{kind}"), 1.0)] +
                                 [(self.v(x, sc, f"cases.{kind}"), -1.0) for x in tile])
                if iv in active_ivs:
                    m.add_eq(f"active = active(first month) + new(later months) [{lab} {sl}]",
                             [(self.v(iv, sc, "cases.active"), 1.0), (self.v(tile[0], sc, "cases.active"), -1.0)] +
                             [(self.v(x, sc, "cases.new"), -1.0) for x in tile[1:]])
        for a, b in zip(months, months[1:]):
            if b[0] != a[1] + timedelta(days=1):
                continue
            for sc in self.all_scopes:
                sl = "region" if sc[0] == "region" else f"{sc[0]}:{sc[1]}"
                m.add_eq(f"flow active({self.iv_label(b)}) = active - closed ({self.iv_label(a)}) + new [{sl}]",
                         [(self.v(b, sc, "cases.active"), 1.0), (self.v(a, sc, "cases.active"), -1.0),
                          (self.v(a, sc, "cases.closed"), 1.0), (self.v(b, sc, "cases.new"), -1.0)])
        for iv in sorted(active_ivs | set(months)):
            lab = self.iv_label(iv)
            for sc in self.all_scopes:
                sl = "region" if sc[0] == "region" else f"{sc[0]}:{sc[1]}"
                act = self.v(iv, sc, "cases.active")
                for kind in ("new", "closed"):
                    m.add_ub(f"cases.{kind} <= cases.active [{lab} {sl}]",
                             [(self.v(iv, sc, f"cases.{kind}"), 1.0), (act, -1.0)])


    def time_links(self):
        """A period that is not an atom = the sum of its atoms (time-additive counts)."""
        m = self.m
        for i, (iv, st, sid, ind) in enumerate(list(m.keys)):
            if ind not in TIME_ADDITIVE or iv not in self.period_ivs or iv in self.atoms:
                continue
            parts = [a for a in self.atoms if iv[0] <= a[0] and a[1] <= iv[1]]
            m.add_eq(f"time {self.iv_label(iv)} = {' + '.join(self.iv_label(a) for a in parts)} "
                     f"[{st}:{sid} {ind}]",
                     [(i, 1.0)] + [(self.m.var((a, st, sid, ind)), -1.0) for a in parts])

    def scope_sums(self):
        m = self.m
        cells = set()
        for (iv, st, sid, ind) in list(m.keys):
            if ind in TIME_ADDITIVE and iv in self.period_ivs and iv not in self.atoms:
                continue   # implied by the atoms
            if ind in SCOPE_ADDITIVE or ind in REGION_ONLY_ADDITIVE:
                cells.add((iv, ind))
        for iv, ind in sorted(cells):
            lab = self.iv_label(iv) if iv in self.period_ivs or iv in self.atoms else f"{iv[0]:%Y-%m}"
            m.add_eq(f"scope region = sum municipalities [{lab} {ind}]",
                     [(m.var((iv, "region", "region", ind)), 1.0)] +
                     [(m.var((iv, "municipality", mu, ind)), -1.0) for mu in self.munis])
            if ind in REGION_ONLY_ADDITIVE:
                continue
            for mu in self.munis:
                m.add_eq(f"scope {mu} = sum practices [{lab} {ind}]",
                         [(m.var((iv, "municipality", mu, ind)), 1.0)] +
                         [(m.var((iv, "practice", p, ind)), -1.0) for p in self.practices_of.get(mu, [])])

    # -- derived figures ----------------------------------------------------------------------
    def derived_figures(self):
        """Shares, cost per case and scenario money: checked against the published counts; a
        figure that does not follow from them is a leak and becomes a constraint."""
        m = self.m
        for (period, st, sid, ind), r in sorted(self.pub_rows.items()):
            if r["status"] == "suppressed":
                continue
            vals = []
            if r["value"] not in ("", None):
                vals.append(("value", r["value"]))
            if r["low"] not in ("", None):
                vals.append(("low", r["low"]))
            if r["high"] not in ("", None):
                vals.append(("high", r["high"]))
            if not vals:
                continue
            iv = self.periods[period]
            sc = (st, sid)
            V = lambda i: m.var((iv, st, sid, i))

            def const(i):
                rr = self.pub_rows.get((period, st, sid, i))
                if rr is None or rr["value"] in ("", None):
                    return None
                return float(rr["value"]), half_ulp(rr["value"])
            where = f"{period} {st}:{sid} {ind}"
            self.ref = (period, st, sid, ind)
            parts = ind.split(".")
            if ind.endswith(".share") and len(parts) == 3 and (
                    parts[0] in NEW_FAMILIES or parts[0] in CLOSED_FAMILIES or parts[0] in ("mix", "outcome")):
                num = [(V(cnt(parts[0], parts[1])), 1.0)]
                if parts[0] in CLOSED_FAMILIES:
                    den = [(V("cases.closed"), 1.0)]
                elif parts[0] == "outcome":
                    # new cases with a known intervention; equal on true counts to the sum of both
                    # outcomes, which is what the product divides by after protection
                    den = [(V("outcome.avoided_second_line.count"), 1.0), (V("outcome.to_second_line.count"), 1.0)]
                    alt = [(V("cases.new"), 1.0), (V(cnt("mix", "unknown")), -1.0)]
                else:
                    den = [(V("cases.new"), 1.0)]
                for _, t in vals:
                    self.add_ratio(where, num, 0.0, den, 0.0, t, 0.0,
                                   alt_dens=[alt] if parts[0] == "outcome" else ())
            elif ind == "reach.demand_via_gp":
                # demand = H + G - S: H = referrals.gp, G = referrer.huisarts (new cases),
                # S = those of G referred to J-GGZ or bridging (not published; 0 <= S <= G, to_second_line).
                S, G, H = V("aux.reach_S"), V(cnt("referrer", "huisarts")), V("referrals.gp")
                m.add_ub(f"S <= referrer.huisarts [{where}]", [(S, 1.0), (G, -1.0)])
                m.add_ub(f"S <= outcome.to_second_line [{where}]",
                         [(S, 1.0), (V("outcome.to_second_line.count"), -1.0)])
                hv, gv = self.pubval(H), self.pubval(G)
                for _, t in vals:
                    if hv is None or gv is None:
                        self.notes.append(f"{where}: H or G hidden, demand not modelled")
                        continue
                    n = hv + gv - float(t)
                    self.derived.append(("aux", self.ref + ("value",), S, n))
                    if abs(n - round(n)) < 1e-9 and round(n) % self.base == 0:
                        lo_, hi_ = max(0, n - self.half), n + self.half
                    else:
                        lo_ = hi_ = n
                        self.leaks.append(f"LEAK {where} = {t}: gives S = H + G - demand = {fnum(n)}, "
                                          f"not a multiple of {self.base}")
                    self.m.lb_extra[S] = max(self.m.lb_extra.get(S, 0), lo_)
                    self.m.ub_extra[S] = min(self.m.ub_extra.get(S, math.inf), hi_)
            elif ind == "wait.within_2_weeks":
                W = V("aux.wait_within_2_weeks")
                m.add_ub(f"wait.within_2_weeks numerator <= wait.known [{where}]", [(W, 1.0), (V("wait.known"), -1.0)])
                for _, t in vals:
                    self.add_ratio(where, [(W, 1.0)], 0.0, [(V("wait.known"), 1.0)], 0.0, t, 0.0, aux_num=W)
            elif ind == "reach.share":
                # G / (H + G - S); the published demand is the published denominator
                G = V(cnt("referrer", "huisarts"))
                dem = self.pub_rows.get((period, st, sid, "reach.demand_via_gp"))
                dpub = float(dem["value"]) if dem and dem["value"] not in ("", None) else None
                for _, t in vals:
                    self.add_ratio(where, [(G, 1.0)], 0.0,
                                   [(V("referrals.gp"), 1.0), (G, 1.0), (V("aux.reach_S"), -1.0)], 0.0, t, 0.0,
                                   den_pub=dpub)
            elif ind == "referrals.gp_share":
                for _, t in vals:
                    self.add_ratio(where, [(V("referrals.gp"), 1.0)], 0.0, [(V("referrals.total"), 1.0)], 0.0, t, 0.0)
            elif ind == "cost.per_case":
                c = const("cost.total")
                if c is None:
                    self.notes.append(f"{where}: published but cost.total is not; not modelled")
                    continue
                for _, t in vals:
                    self.add_ratio(where, [], c[0], [(V("cases.new"), 1.0)], 0.0, t, c[1])
            elif ind.startswith("savings.") and len(parts) == 3:
                scen, what = parts[1], parts[2]
                if what == "cost_eur" or scen == "aandeel_uitgaven":
                    continue    # money that does not depend on counts
                exprs = self.scenario_expr(scen, V)
                if exprs is None:
                    self.notes.append(f"{where}: scenario {scen} is not modelled (custom scenario?)")
                    continue
                cost = const(f"savings.{scen}.cost_eur") or const("cost.total")
                for which, t in vals:
                    e = exprs["high" if which == "high" else "low"]
                    if what == "gross_eur":
                        self.add_linear(where + ("" if which == "value" else f" ({which})"), e, 0.0, t, 0.0)
                    elif what == "net_eur":
                        if cost is None:
                            continue
                        self.add_linear(where + ("" if which == "value" else f" ({which})"), e, -cost[0], t, cost[1])
                    elif what == "coverage":
                        if cost is None or cost[0] == 0:
                            continue
                        self.add_ratio(where + ("" if which == "value" else f" ({which})"), e, 0.0, [], cost[0], t, 0.0,
                                       den_tol=cost[1])

    def scenario_expr(self, scen, V):
        b = lambda band: V(f"base.self_helped.{band}.count")
        pb, ps = self.p_bggz, self.p_sggz
        if scen == "conservatief":
            e = [(b("2-5"), pb), (b("6-10"), pb)]
            return {"low": e, "high": e}
        if scen == "optimistisch":
            e = [(b("1"), 0.25 * pb), (b("2-5"), pb), (b("6-10"), 0.7 * pb + 0.3 * ps)]
            return {"low": e, "high": e}
        if scen == "landelijk_aef":
            share = self.args.aef_share
            return {"low": [(V("cases.new"), share * self.p_aef_min)],
                    "high": [(V("cases.new"), share * self.p_aef_max)]}
        return None

    @staticmethod
    def which(where):
        return "low" if where.endswith("(low)") else "high" if where.endswith("(high)") else "value"

    def pubval(self, i, hidden_zero=False):
        """The published (protected) value of a variable; None when hidden or not published."""
        vals = [v for s, v, _ in self.m.pubs[i] if s != "suppressed" and v is not None]
        if vals:
            return vals[0]
        if hidden_zero and self.m.pubs[i]:
            return 0.0
        return None

    def evaluate(self, terms, constant, hidden_zero=False):
        total = constant
        for i, c in terms:
            x = self.pubval(i, hidden_zero)
            if x is None:
                return None
            total += c * x
        return total

    def add_linear(self, where, terms, constant, text, ctol):
        """sum(terms) + constant was published as `text`."""
        v = float(text)
        tol = half_ulp(text) + ctol + 1e-9 * max(1.0, abs(v))
        self.derived.append(("linear", self.ref + (self.which(where),), terms, constant, text, ctol))
        for hz in (False, True):
            e = self.evaluate(terms, constant, hz)
            if e is not None and abs(e - v) <= tol:
                return
        lin = f"{' + '.join(f'{c:g}*{self.var_label(i)}' for i, c in terms)} {constant:+g}"
        self.leaks.append(f"LEAK {where} = {text} does not follow from the published counts "
                          f"(expected {fnum(self.evaluate(terms, constant, True))}); added: {lin} in [{v - tol:g}, {v + tol:g}]")
        self.m.add_ub(f"leak {where} (<=)", terms, v + tol - constant)
        self.m.add_ub(f"leak {where} (>=)", [(i, -c) for i, c in terms], -(v - tol - constant))

    def add_ratio(self, where, num, nconst, den, dconst, text, ntol, aux_num=None, den_tol=0.0, alt_dens=(),
                  den_pub=None):
        """(num + nconst) / (den + dconst) was published as `text` (den > 0)."""
        v = float(text)
        tol = half_ulp(text) + 1e-9 * max(1.0, abs(v))
        self.derived.append(("ratio", self.ref + (self.which(where),), num, nconst, den, dconst, text, ntol, den_tol))
        d = self.evaluate(den, dconst)
        if aux_num is not None:
            # The numerator is not published: the share gives it back, at best as a rounded count.
            if d:
                n = v * d
                if abs(n - round(n)) < 1e-6 * max(1.0, n):
                    n = round(n)
                    if n % self.base == 0:
                        lo, hi = max(0, n - self.half), n + self.half
                        kind = f"a rounded count {n}"
                    else:
                        lo = hi = n
                        kind = f"an exact count {n} (not a multiple of {self.base})"
                        self.leaks.append(f"LEAK {where} = {text}: gives its unpublished numerator as {kind}")
                    self.derived.append(("aux", self.ref + ("value",), aux_num, n))
                    self.m.lb_extra[aux_num] = max(self.m.lb_extra.get(aux_num, 0), lo)
                    self.m.ub_extra[aux_num] = min(self.m.ub_extra.get(aux_num, math.inf), hi)
                    return
            # Otherwise assume it was computed from true counts (checked by --self-check).
        else:
            for hz in (False, True):
                for dd in [den] + list(alt_dens):
                    nv, dv = self.evaluate(num, nconst, hz), self.evaluate(dd, dconst, hz)
                    if den_pub is not None:
                        dv = den_pub
                    if nv is not None and dv:
                        rt = tol + (abs(nv) * den_tol / dv ** 2 if den_tol else 0.0) + ntol / dv
                        if abs(nv / dv - v) <= rt:
                            return
            # A share of a published (rounded) numerator over a denominator that is not published
            # gives that denominator back as a rounded count (and the other way round): an
            # interval of +-2 on the true denominator, like any published rounded count.
            nv, dv = self.evaluate(num, nconst), self.evaluate(den, dconst)
            for known, other, expr, const_ in ((nv, "denominator", den, dconst), (dv, "numerator", num, nconst)):
                if known is None or v == 0 or den_tol or ntol:
                    continue
                implied = known / v if other == "denominator" else known * v
                k = round(implied)
                if abs(implied - k) < 1e-6 * max(1.0, k) and k % self.base == 0 and k > self.hide:
                    self.implied.append(f"{where} = {text} implies its {other} = {k} +- {self.half}")
                    self.derived.append(("implied", self.ref + ("value",), expr, const_, k))
                    self.m.add_ub(f"implied rounded {other} of {where} (<=)", expr, k + self.half - const_)
                    self.m.add_ub(f"implied rounded {other} of {where} (>=)", [(i, -c) for i, c in expr],
                                  -(k - self.half - const_))
                    return
            self.leaks.append(f"LEAK {where} = {text} does not follow from the published counts "
                              f"(published counts give {fnum(self.evaluate(num, nconst, True))} / "
                              f"{fnum(self.evaluate(den, dconst, True))}); added as a constraint")
        # num + nconst - (v + tol)(den + dconst) <= ntol ; (v - tol)(den + dconst) - num - nconst <= ntol
        hi_v, lo_v = v + tol, v - tol
        self.m.add_ub(f"share {where} (<=)", list(num) + [(i, -hi_v * c) for i, c in den],
                      hi_v * dconst - nconst + ntol + abs(hi_v) * den_tol)
        self.m.add_ub(f"share {where} (>=)", [(i, -c) for i, c in num] + [(i, lo_v * c) for i, c in den],
                      nconst - lo_v * dconst + ntol + abs(lo_v) * den_tol)

    # -- bounds -------------------------------------------------------------------------------
    def bounds(self, strong):
        n = len(self.m.keys)
        lo, hi = np.zeros(n), np.full(n, np.inf)
        hidden = np.zeros(n, dtype=bool)
        bad = []
        for i, pubs in enumerate(self.m.pubs):
            for status, val, where in pubs:
                if status == "suppressed":
                    hidden[i] = True
                    if strong:
                        hi[i] = min(hi[i], self.hide)
                elif val is not None and status in ("exact", ""):   # pohj writes exact as empty
                    lo[i] = max(lo[i], val)
                    hi[i] = min(hi[i], val)
                elif val is not None:
                    lo[i] = max(lo[i], val - self.half)
                    hi[i] = min(hi[i], val + self.half)
                    if status == "rounded" and val % self.base:
                        bad.append(f"{self.var_label(i)}: rounded value {fnum(val)} is not a multiple of {self.base}")
            if i in self.m.lb_extra:
                lo[i] = max(lo[i], self.m.lb_extra[i])
            if i in self.m.ub_extra:
                hi[i] = min(hi[i], self.m.ub_extra[i])
        return lo, hi, hidden, bad


# ---------------------------------------------------------------------------------------------
# Solving

class Result:
    """One LP solve: status 0 optimal, 2 infeasible, 3 unbounded; x; objective; duals."""
    def __init__(self, status, x=None, fun=None, row_dual=None, col_dual=None):
        self.status, self.x, self.fun, self.row_dual, self.col_dual = status, x, fun, row_dual, col_dual


class LinprogLP:
    """scipy.optimize.linprog(method="highs"): a cold solve per objective."""
    name = "linprog"

    def __init__(self, Aeq, beq, Aub, bub, lo, hi):
        self.args = dict(A_eq=Aeq, b_eq=beq, A_ub=Aub, b_ub=bub, bounds=np.column_stack([lo, hi]), method="highs")
        self.n = len(lo)
        self.neq = 0 if Aeq is None else Aeq.shape[0]

    def solve(self, c, push=False):
        r = linprog(c, **self.args)
        if r.status != 0:
            return Result(r.status if r.status in (2, 3) else 4)
        rd = np.concatenate([r.eqlin.marginals if self.neq else np.zeros(0),
                             r.ineqlin.marginals if r.ineqlin is not None and len(r.ineqlin.marginals) else np.zeros(0)])
        cd = r.lower.marginals + r.upper.marginals
        return Result(0, r.x, r.fun, rd, cd)


class WarmHighsLP:
    """The same HiGHS solver through scipy's bundled binding, kept loaded between objectives:
    after the first solve each min/max restarts from the previous basis with the primal
    simplex (the basis stays feasible when only the objective changes), ~10x faster."""
    name = "HiGHS warm start"

    def __init__(self, Aeq, beq, Aub, bub, lo, hi, ipm=False):
        from scipy.optimize._highspy import _core
        from scipy.sparse import vstack, csc_matrix
        self.core = _core
        blocks = [b for b in (Aeq, Aub) if b is not None]
        A = csc_matrix(vstack(blocks)) if blocks else csc_matrix((0, len(lo)))
        inf = _core.kHighsInf
        lp = _core.HighsLp()
        lp.num_col_, lp.num_row_ = A.shape[1], A.shape[0]
        lp.col_cost_ = np.zeros(A.shape[1])
        lp.col_lower_ = np.asarray(lo, dtype=float)
        lp.col_upper_ = np.where(np.isinf(hi), inf, hi).astype(float)
        beq = np.zeros(0) if beq is None else beq
        bub = np.zeros(0) if bub is None else bub
        lp.row_lower_ = np.concatenate([beq, np.full(len(bub), -inf)])
        lp.row_upper_ = np.concatenate([beq, bub])
        lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
        lp.a_matrix_.start_ = A.indptr
        lp.a_matrix_.index_ = A.indices
        lp.a_matrix_.value_ = A.data
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = A.shape[1], A.shape[0]
        h = _core._Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(lp)
        self.h, self.n, self.first, self.ipm = h, A.shape[1], True, ipm
        if ipm:
            h.setOptionValue("solver", "ipm")
            h.setOptionValue("run_crossover", "on")
        self.model, self.cold, self.fallbacks = (Aeq, beq, Aub, bub, lo, hi), None, 0
        self.cost_idx = np.zeros(0, dtype=np.int32)

    def solve(self, c, push=False):
        """push: an objective far from the last one (many cells at once); with ipm it is solved
        by the interior point method again rather than from the last basis."""
        core, h = self.core, self.h
        if self.ipm and push and not self.first:
            h.setOptionValue("solver", "ipm")
        if len(self.cost_idx):
            h.changeColsCost(len(self.cost_idx), self.cost_idx, np.zeros(len(self.cost_idx)))
        idx = np.nonzero(c)[0].astype(np.int32)
        if len(idx):
            h.changeColsCost(len(idx), idx, np.asarray(c, dtype=float)[idx])
        self.cost_idx = idx
        h.run()
        if self.first:   # presolve for the cold start only; then warm primal simplex
            self.first = False
            h.setOptionValue("presolve", "off")
            h.setOptionValue("simplex_strategy", 4)
        h.setOptionValue("solver", "simplex")
        st = h.getModelStatus()
        S = core.HighsModelStatus
        if st == S.kOptimal:
            sol = h.getSolution()
            return Result(0, np.array(sol.col_value), h.getInfo().objective_function_value,
                          np.array(sol.row_dual), np.array(sol.col_dual))
        # Anything but optimal after a warm start (a spurious "unbounded" happens) is settled by
        # a cold linprog solve of the same LP.
        self.fallbacks += 1
        if self.cold is None:
            self.cold = LinprogLP(*self.model)
        return self.cold.solve(c)


def make_lp(kind, *a, ipm=False):
    if kind == "warm":
        try:
            return WarmHighsLP(*a, ipm=ipm)
        except Exception:      # scipy without the bundled binding: plain linprog
            pass
    return LinprogLP(*a)


class Solver:
    IPM_FROM = 20000     # variables of a component from which --ipm pays (below, simplex is quick)

    def __init__(self, attack, backend="warm"):
        self.a, self.backend = attack, backend
        m = attack.m
        self.n = len(m.keys)
        # Connected components over all constraints (union-find).
        parent = list(range(self.n))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for rows in (m.eq, m.ub):
            for _, coefs, _ in rows:
                it = iter(coefs)
                r0 = find(next(it))
                for k in it:
                    rk = find(k)
                    if rk != r0:
                        parent[rk] = r0
        comp = defaultdict(list)
        for i in range(self.n):
            comp[find(i)].append(i)
        self.components = list(comp.values())
        self.comp_of = {}
        for ci, vs in enumerate(self.components):
            for i in vs:
                self.comp_of[i] = ci
        self.eq_by_comp = defaultdict(list)
        self.ub_by_comp = defaultdict(list)
        for r, (_, coefs, _) in enumerate(m.eq):
            self.eq_by_comp[self.comp_of[next(iter(coefs))]].append(r)
        for r, (_, coefs, _) in enumerate(m.ub):
            self.ub_by_comp[self.comp_of[next(iter(coefs))]].append(r)
        self.solves = 0
        self.relaxed_solves = 0
        self.relaxed_fails = 0
        self.fallbacks = 0
        self.workers = 1
        self.depth, self.max_rows = 3, 400
        self.ipm = False
        self.floors = {}     # hidden count -> the least value a reader can prove (run(floor_above=))
        self.backend_used = set()

    def matrices(self, ci):
        m = self.a.m
        vs = self.components[ci]
        pos = {g: k for k, g in enumerate(vs)}

        def mat(rows, src):
            data, ri, cj, rhs = [], [], [], []
            for r, row in enumerate(rows):
                _, coefs, b = src[row]
                for g, c in coefs.items():
                    data.append(c)
                    ri.append(r)
                    cj.append(pos[g])
                rhs.append(b)
            if not rows:
                return None, None
            return csr_matrix((data, (ri, cj)), shape=(len(rows), len(vs))), np.array(rhs, dtype=float)
        Aeq, beq = mat(self.eq_by_comp[ci], m.eq)
        Aub, bub = mat(self.ub_by_comp[ci], m.ub)
        return vs, pos, Aeq, beq, Aub, bub

    def run(self, lo, hi, hidden, threshold, rng_seed=1, progress=None, floor_above=None):
        """Per hidden variable: None when it is seen to vary by >= threshold between feasible
        points of the full LP (it passes), else (min, max, why_min, why_max, exact). Also the
        components that are infeasible under these bounds.

        Per component: (1) a pool of feasible points from LPs that push many hidden cells at once;
        (2) a relaxation on the rows within a few hops of each remaining cell: an interval narrower
        than the threshold there proves a failure (the true interval lies inside it); (3) more
        pooled pushes on the cells still open; (4) min and max LPs of their own for the rest."""
        results, infeasible = {}, []
        rng = np.random.default_rng(rng_seed)
        tol = threshold - 1e-6
        for ci, vs in enumerate(self.components):
            hid = [i for i in vs if hidden[i]]
            if not hid:
                continue
            if len(vs) == 1 and not self.eq_by_comp[ci] and not self.ub_by_comp[ci]:
                i = vs[0]
                results[i] = (lo[i], hi[i], [f"its own bounds"], [], True) if hi[i] - lo[i] < tol else None
                continue
            vs, pos, Aeq, beq, Aub, bub = self.matrices(ci)
            clo, chi = lo[vs], hi[vs]
            if (clo > chi + 1e-9).any():
                infeasible.append(ci)
                continue
            use_ipm = self.ipm and len(vs) >= self.IPM_FROM
            lp = make_lp(self.backend, Aeq, beq, Aub, bub, clo, chi, ipm=use_ipm)
            self.backend_used.add(lp.name)
            k = len(vs)
            pmin, pmax = np.full(k, np.inf), np.full(k, -np.inf)

            def solve(c, push=False):
                self.solves += 1
                r = lp.solve(c, push)
                if r.status == 0:
                    np.minimum(pmin, r.x, out=pmin)
                    np.maximum(pmax, r.x, out=pmax)
                return r
            if solve(np.zeros(k)).status == 2:
                infeasible.append(ci)
                continue
            hloc = np.array([pos[i] for i in hid])

            def pushes(cells, rounds, frac, min_gain):
                """LPs that push random subsets of `cells` up (mostly) or down together; stop when
                an LP certifies fewer than min_gain cells."""
                for rnd in range(rounds):
                    open_ = cells[pmax[cells] - pmin[cells] < tol]
                    if len(open_) == 0:
                        return
                    pick = open_ if frac >= 1 else open_[rng.random(len(open_)) < frac]
                    if len(pick) == 0:
                        pick = open_[:1]
                    c = np.zeros(k)
                    sign = 1.0 if rnd % 4 == 1 else -1.0     # the low end (0) is usually reached already
                    c[pick] = sign * rng.uniform(0.5, 1.5, len(pick))
                    solve(c, push=True)
                    gained = len(open_) - int((pmax[open_] - pmin[open_] < tol).sum())
                    if rnd >= 2 and gained < min_gain:
                        return
            pushes(hloc, 2, 1.0, 0)
            pushes(hloc, 60, 0.3, 5)

            # Rows of the component, for the neighbourhood relaxations.
            m = self.a.m
            row_src = [(m.eq, r) for r in self.eq_by_comp[ci]] + [(m.ub, r) for r in self.ub_by_comp[ci]]
            rows_of_var = defaultdict(list)
            local_rows = []
            for A, b, is_eq in ((Aeq, beq, True), (Aub, bub, False)):
                if A is None:
                    continue
                for r in range(A.shape[0]):
                    cols = A.indices[A.indptr[r]:A.indptr[r + 1]]
                    vals = A.data[A.indptr[r]:A.indptr[r + 1]]
                    ri = len(local_rows)
                    local_rows.append((cols, vals, b[r], is_eq))
                    for cc in cols:
                        rows_of_var[int(cc)].append(ri)

            def relaxed(p):
                """min and max of x_p subject only to the rows within a few hops of it (a relaxation
                of the component's LP: its interval contains the true one)."""
                frontier, seen_v, chosen = {p}, {p}, set()
                for depth in range(self.depth):
                    new_rows = {r for v in frontier for r in rows_of_var[v]} - chosen
                    if chosen and len(chosen) + len(new_rows) > self.max_rows:
                        break
                    chosen |= new_rows
                    frontier = {int(cc) for r in new_rows for cc in local_rows[r][0]} - seen_v
                    seen_v |= frontier
                sub = sorted(seen_v)
                spos = {g: j for j, g in enumerate(sub)}
                E, U = ([], [], [], []), ([], [], [], [])
                order_e, order_u = [], []
                for r in sorted(chosen):
                    cols, vals, b, is_eq = local_rows[r]
                    d, rr, cc_, bb = E if is_eq else U
                    (order_e if is_eq else order_u).append(r)
                    n0 = len(bb)
                    for cc, vv in zip(cols, vals):
                        d.append(vv)
                        rr.append(n0)
                        cc_.append(spos[int(cc)])
                    bb.append(b)
                mk = lambda t: (csr_matrix((t[0], (t[1], t[2])), shape=(len(t[3]), len(sub))), np.array(t[3])) \
                    if t[3] else (None, None)
                Ae, be = mk(E)
                Au, bu = mk(U)
                sub_lp = LinprogLP(Ae, be, Au, bu, clo[sub], chi[sub])
                order = order_e + order_u
                c = np.zeros(len(sub))
                out, why = [], []
                for sign in (1.0, -1.0):
                    c[spos[p]] = sign
                    self.relaxed_solves += 1
                    r = sub_lp.solve(c)
                    out.append(sign * r.fun if r.status == 0 else (-sign * math.inf if r.status == 3 else math.nan))
                    names = []
                    if r.status == 0:
                        rd = np.abs(r.row_dual)
                        for j in np.argsort(-rd)[:6]:
                            if rd[j] > 1e-9:
                                src, row = row_src[order[j]]
                                names.append(src[row][0])
                        cd = np.abs(r.col_dual)
                        for j in np.argsort(-cd)[:6]:
                            if cd[j] > 1e-9:
                                g = vs[sub[j]]
                                side = "lower" if abs(r.x[j] - clo[sub[j]]) <= abs(r.x[j] - chi[sub[j]]) else "upper"
                                names.append(f"{side} bound of {self.a.var_label(g)} ({self.pub_kind(g)})")
                    why.append(names)
                return out[0], out[1], why[0], why[1]

            open_cells = [p for p in hloc if pmax[p] - pmin[p] < tol]
            if progress:
                progress(f"component {ci}: {len(hid)} hidden cells, {len(open_cells)} open after the pool")
            still = []
            for p in open_cells:
                if self.depth:
                    a_, b_, wmin, wmax = relaxed(p)
                    if not (math.isnan(a_) or math.isnan(b_)) and b_ - a_ < tol:
                        exact = pmin[p] <= a_ + 1e-6 and pmax[p] >= b_ - 1e-6
                        results[vs[p]] = (a_, b_, wmin, wmax, exact)
                        self.relaxed_fails += 1
                        continue
                still.append(p)
            still = np.array(still, dtype=int)
            if len(still):
                pushes(still, 200, 0.15, 3)
            if progress:
                progress(f"component {ci}: {len(results)} shown to fail by relaxation, "
                         f"{int((pmax[still] - pmin[still] < tol).sum()) if len(still) else 0} cells left for LPs of their own")
            def settle(cells, lp_, report):
                """min and max LPs of their own for cells the pool has not seen vary enough."""
                out, solves = {}, 0
                for n_done, p in enumerate(cells, 1):
                    if report and n_done % 200 == 0:
                        report(f"component {ci}: {n_done}/{len(cells)} cells with LPs of their own")
                    if pmax[p] - pmin[p] >= tol:
                        continue
                    c = np.zeros(k)
                    rmin = rmax = None
                    # An end already reached at the variable's own bound needs no LP.
                    for sign in (1.0, -1.0):
                        if (sign > 0 and pmin[p] > clo[p] + 1e-9) or (sign < 0 and pmax[p] < chi[p] - 1e-9):
                            c[p] = sign
                            solves += 1
                            r = lp_.solve(c)
                            if r.status == 0:
                                np.minimum(pmin, r.x, out=pmin)
                                np.maximum(pmax, r.x, out=pmax)
                            if sign > 0:
                                rmin = r
                            else:
                                rmax = r
                            if pmax[p] - pmin[p] >= tol:
                                break
                    if pmax[p] - pmin[p] >= tol:
                        continue

                    def end(r, sign, bound):
                        if r is None:
                            return bound
                        if r.status == 0:
                            return sign * r.fun
                        return -sign * math.inf if r.status == 3 else math.nan
                    xmin, xmax = end(rmin, 1.0, clo[p]), end(rmax, -1.0, chi[p])
                    why_min = self.why(ci, vs, rmin, clo, chi) if rmin else [f"its own lower bound {fnum(clo[p])}"]
                    why_max = self.why(ci, vs, rmax, clo, chi) if rmax else [f"its own upper bound {fnum(chi[p])}"]
                    out[vs[p]] = (xmin, xmax, why_min, why_max, True)
                return out, solves, getattr(lp_, "fallbacks", 0)

            left = [int(p) for p in still if pmax[p] - pmin[p] < tol]
            workers = max(1, min(self.workers, len(left) // 100))
            if workers > 1:
                # Fork: each worker starts its own warm HiGHS from this state and takes every
                # n-th cell; results come back through a queue.
                import multiprocessing as mp
                ctx = mp.get_context("fork")
                q = ctx.Queue()

                def work(w):
                    lp_w = make_lp(self.backend, Aeq, beq, Aub, bub, clo, chi, ipm=use_ipm)
                    lp_w.solve(np.zeros(k))
                    q.put((w,) + settle(left[w::workers], lp_w, progress if w == 0 else None))
                procs = [ctx.Process(target=work, args=(w,)) for w in range(workers)]
                for pr in procs:
                    pr.start()
                got = [q.get() for _ in procs]
                for pr in procs:
                    pr.join()
                for _, out, n, fb in got:
                    results.update(out)
                    self.solves += n + 1
                    self.fallbacks += fb
            else:
                out, n, fb = settle(left, lp, progress)
                results.update(out)
                self.solves += n
            self.fallbacks += getattr(lp, "fallbacks", 0)
            for i in hid:
                results.setdefault(i, None)
            if floor_above is not None:
                # The lowest value of each hidden count the pool has not seen at or below it.
                c = np.zeros(k)
                for p in hloc:
                    if pmin[p] <= floor_above + 1e-6:
                        continue
                    c[:] = 0
                    c[p] = 1.0
                    self.solves += 1
                    r = lp.solve(c)
                    if r.status == 0:
                        np.minimum(pmin, r.x, out=pmin)
                        if r.fun > floor_above + 1e-6:
                            self.floors[vs[p]] = r.fun
        return results, infeasible

    def cold_interval(self, i, lo, hi):
        """min and max of variable i by scipy.optimize.linprog(method="highs") on its whole
        component, cold: an independent check of a reported failure."""
        ci = self.comp_of[i]
        vs, pos, Aeq, beq, Aub, bub = self.matrices(ci)
        lp = LinprogLP(Aeq, beq, Aub, bub, lo[vs], hi[vs])
        c = np.zeros(len(vs))
        out = []
        for sign in (1.0, -1.0):
            c[pos[i]] = sign
            r = lp.solve(c)
            out.append(sign * r.fun if r.status == 0 else (-sign * math.inf if r.status == 3 else math.nan))
        return out

    def pub_kind(self, g):
        return ",".join(sorted({s or "exact" for s, _, _ in self.a.m.pubs[g]})) or "not published, >= 0"

    def why(self, ci, vs, res, clo, chi, limit=6):
        """Names of the constraints and published bounds with non-zero duals at the optimum."""
        if res.status != 0 or res.row_dual is None:
            return []
        m, a = self.a.m, self.a
        rows = [(m.eq, r) for r in self.eq_by_comp[ci]] + [(m.ub, r) for r in self.ub_by_comp[ci]]
        out = []
        rd = np.abs(res.row_dual)
        for r in np.argsort(-rd)[:limit]:
            if rd[r] > 1e-9:
                src, row = rows[r]
                out.append(src[row][0])
        cd = np.abs(res.col_dual)
        for p in np.argsort(-cd)[:limit]:
            if cd[p] <= 1e-9:
                continue
            g = vs[p]
            side = "lower" if abs(res.x[p] - clo[p]) <= abs(res.x[p] - chi[p]) else "upper"
            out.append(f"{side} bound of {a.var_label(g)} ({self.pub_kind(g)})")
        return out


# ---------------------------------------------------------------------------------------------
# Self-check on the true table

def load_truth(attack, args):
    """The true, unprotected table: --truth FILE, else `pohj indicators` (--pohj, $POHJ or .build/debug/pohj)."""
    if args.truth:
        return json.load(open(args.truth))
    binary = args.pohj or os.environ.get("POHJ") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "debug", "pohj")
    out = subprocess.run([binary, "indicators", "--content", attack.project, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def true_counts(attack, truth):
    """Variable index -> true value, for the variables that are cells of the true table."""
    tv = {}
    for p in truth["periods"]:
        if p["id"] not in attack.periods:
            continue
        for sc in p["scopes"]:
            for ind, val in sc["indicators"].items():
                if isinstance(val, (int, float)) and not isinstance(val, bool):
                    i = attack.m.index.get(attack.key_of(p["id"], sc["type"], sc["id"], ind))
                    if i is not None:
                        tv[i] = val
    return tv


def explain(attack, label):
    """Why a reader can narrow one count: the least and the most it can be (prior hidden >= 0),
    each with the relations and published bounds that prove it (the LP's non-zero duals: adding
    those rows and bounds with these weights gives the bound)."""
    a, m = attack, attack.m
    matches = [i for i in range(len(m.keys)) if a.var_label(i) == label]
    if not matches:
        near = sorted({a.var_label(i) for i in range(len(m.keys)) if label.split()[-1] in a.var_label(i)})[:10]
        print(f"no count is labelled {label!r}; labels look like: {near}")
        return 2
    t, n = matches[0], len(m.keys)
    lo, hi, _, _ = a.bounds(False)

    def matrix(rows):
        data, ri, ci = [], [], []
        for r, (_, c, _) in enumerate(rows):
            for k, v in c.items():
                data.append(v); ri.append(r); ci.append(k)
        return csr_matrix((data, (ri, ci)), shape=(len(rows), n)), np.array([b for _, _, b in rows], dtype=float)
    a_eq, b_eq = matrix(m.eq)
    a_ub, b_ub = matrix(m.ub)
    bounds = list(zip(lo, [None if math.isinf(h) else h for h in hi]))
    for sense, name in ((1, "least"), (-1, "most")):
        c = np.zeros(n)
        c[t] = sense
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if res.status != 0:
            print(f"{name}: {res.message}")
            continue
        print(f"{name} {label} can be: {fnum(sense * res.fun)}")
        for rows, duals, op in ((m.eq, res.eqlin.marginals, "="), (m.ub, res.ineqlin.marginals, "<=")):
            for r, y in enumerate(duals):
                if abs(y) > 1e-9:
                    what, coefs, rhs = rows[r]
                    terms = " ".join(f"{v:+g}*[{a.var_label(k)}]" for k, v in coefs.items())
                    print(f"  {y:+.3g} x {what}: {terms} {op} {fnum(rhs)}")
        for k, y in enumerate(res.lower.marginals):
            if abs(y) > 1e-9:
                print(f"  {y:+.3g} x [{a.var_label(k)}] >= {fnum(lo[k])} (published {m.pubs[k]})")
        for k, y in enumerate(res.upper.marginals):
            if abs(y) > 1e-9:
                print(f"  {y:+.3g} x [{a.var_label(k)}] <= {fnum(hi[k])} (published {m.pubs[k]})")
    return 0


def self_check(attack, args):
    a, m = attack, attack.m
    truth = load_truth(attack, args)
    errors, notes = [], []
    tv = {}          # var index -> true value
    raw = {}         # (period, st, sid, ind) -> true value
    for p in truth["periods"]:
        pid = p["id"]
        if pid in a.periods and a.periods[pid] != (parse_date(p["start"]), parse_date(p["end"])):
            errors.append(f"period {pid}: dates differ between site.yml and pohj indicators")
        if pid not in a.periods:
            continue
        for sc in p["scopes"]:
            for ind, val in sc["indicators"].items():
                raw[(pid, sc["type"], sc["id"], ind)] = val
                if not isinstance(val, (int, float)) or isinstance(val, bool):
                    continue
                key = a.key_of(pid, sc["type"], sc["id"], ind)
                i = m.index.get(key)
                if i is None:
                    continue
                if i in tv and tv[i] != val:
                    errors.append(f"one variable, two true values: {a.var_label(i)} = {tv[i]} and {val} (period {pid})")
                tv[i] = val
    # Auxiliary counts (not in the table): their true values from the true table.
    for i, key in enumerate(m.keys):
        iv, st, sid, ind = key
        pids = [p for p, x in a.periods.items() if x == iv]
        for pid in pids:
            g = lambda k: raw.get((pid, st, sid, k))
            if ind == "aux.reach_S" and None not in (g("referrals.gp"), g("referrer.huisarts.count"), g("reach.demand_via_gp")):
                tv[i] = g("referrals.gp") + g("referrer.huisarts.count") - g("reach.demand_via_gp")
            if ind == "aux.wait_within_2_weeks" and None not in (g("wait.within_2_weeks"), g("wait.known")):
                tv[i] = round(g("wait.within_2_weeks") * g("wait.known"))
    for i in set(m.lb_extra) | set(m.ub_extra):
        if i in tv and not (m.lb_extra.get(i, 0) - 1e-9 <= tv[i] <= m.ub_extra.get(i, math.inf) + 1e-9):
            errors.append(f"{a.var_label(i)}: true {tv[i]} outside the interval a published figure implies "
                          f"[{fnum(m.lb_extra.get(i, 0))}, {fnum(m.ub_extra.get(i, math.inf))}]")
    # 1. true values inside the published intervals
    over7, checked = 0, 0
    for i, pubs in enumerate(m.pubs):
        for status, val, where in pubs:
            if i not in tv:
                errors.append(f"{a.var_label(i)} published ({where}) but absent from pohj indicators")
                continue
            t = tv[i]
            checked += 1
            if status == "suppressed":
                if t > a.hide:
                    over7 += 1
                if t < 0:
                    errors.append(f"{a.var_label(i)}: true {t} < 0")
            elif status == "rounded":
                want = ((int(t) + a.base // 2) // a.base) * a.base
                if abs(t - val) > a.half or (t > a.hide and want != val):
                    errors.append(f"{a.var_label(i)}: true {t}, published rounded {fnum(val)} ({where})")
                if t <= a.hide:
                    errors.append(f"{a.var_label(i)}: true {t} <= {a.hide} but published as {fnum(val)} ({where})")
            else:
                if val is not None and abs(t - val) > 1e-9:
                    errors.append(f"{a.var_label(i)}: true {t}, published exact {fnum(val)} ({where})")
    # 2. every constraint: exactly on the true values where all its variables are known; the rest
    #    (unpublished atoms and auxiliary counts) by an elastic LP that must need no slack.
    exact_eq = exact_ub = 0
    open_rows = []
    for kind, rows in (("eq", m.eq), ("ub", m.ub)):
        for name, coefs, rhs in rows:
            if all(i in tv for i in coefs):
                lhs = sum(c * tv[i] for i, c in coefs.items())
                if kind == "eq":
                    exact_eq += 1
                    if abs(lhs - rhs) > 1e-9:
                        errors.append(f"equality does not hold on the true counts: {name}: {lhs:g} != {rhs:g}")
                else:
                    exact_ub += 1
                    if lhs > rhs + 1e-9:
                        errors.append(f"inequality does not hold on the true counts: {name}: {lhs:g} > {rhs:g}")
            else:
                open_rows.append((kind, name, coefs, rhs))
    lo, hi, _, _ = a.bounds(strong=False)
    if open_rows:
        unk = sorted({i for _, _, coefs, _ in open_rows for i in coefs if i not in tv})
        upos = {g: k for k, g in enumerate(unk)}
        nu, nr = len(unk), len(open_rows)
        # columns: unknown vars, then p_r, n_r per row
        data, ri, cj = [], [], []
        beq, bub, Req, Rub = [], [], [], []
        eq_rows, ub_rows = [], []
        for r, (kind, name, coefs, rhs) in enumerate(open_rows):
            known = sum(c * tv[i] for i, c in coefs.items() if i in tv)
            (eq_rows if kind == "eq" else ub_rows).append((r, coefs, rhs - known))
        ncol = nu + 2 * nr

        def build(rows, with_p):
            d, rr, cc, b = [], [], [], []
            for k, (r, coefs, rhs) in enumerate(rows):
                for i, c in coefs.items():
                    if i not in tv:
                        d.append(c)
                        rr.append(k)
                        cc.append(upos[i])
                if with_p:
                    d.append(1.0)
                    rr.append(k)
                    cc.append(nu + 2 * r)
                d.append(-1.0)
                rr.append(k)
                cc.append(nu + 2 * r + 1)
                b.append(rhs)
            if not rows:
                return None, None
            return csr_matrix((d, (rr, cc)), shape=(len(rows), ncol)), np.array(b)
        Aeq, beq = build(eq_rows, True)
        Aub, bub = build(ub_rows, False)
        c = np.concatenate([np.zeros(nu), np.ones(2 * nr)])
        bnds = np.column_stack([np.concatenate([lo[unk], np.zeros(2 * nr)]),
                                np.concatenate([hi[unk], np.full(2 * nr, np.inf)])])
        res = linprog(c, A_ub=Aub, b_ub=bub, A_eq=Aeq, b_eq=beq, bounds=bnds, method="highs")
        if res.status != 0:
            errors.append(f"elastic LP for constraints with unpublished variables failed: {res.message}")
        elif res.fun > 1e-7:
            slack = res.x[nu:].reshape(-1, 2).sum(axis=1)
            for r in np.nonzero(slack > 1e-7)[0][:30]:
                errors.append(f"constraint with unpublished variables cannot hold on the true counts: "
                              f"{open_rows[r][1]} (slack {slack[r]:g})")
    # 3. the formulas used for derived figures reproduce the unprotected values
    model_ok = 0
    for d in a.derived:
        if d[0] in ("aux", "implied"):
            continue
        per, st, sid, ind, which = d[1]
        where = f"{per} {st}:{sid} {ind} ({which})"
        t = raw.get((per, st, sid, ind))
        if isinstance(t, dict):
            t = t.get(which)
        if t is None:
            continue

        def ev(terms, const):
            s = const
            for i, c in terms:
                if i not in tv:
                    return None
                s += c * tv[i]
            return s
        if d[0] == "linear":
            e = ev(d[2], d[3])
            if e is None:
                continue
            ok = abs(e - t) <= 0.5 + 1e-6 * abs(t) + d[5]
        else:
            nv, dv = ev(d[2], d[3]), ev(d[4], d[5])
            if nv is None or dv is None:
                continue
            ok = (dv == 0) or abs(nv / dv - t) <= 1e-6 + 1e-6 * abs(t)
        model_ok += ok
        if not ok:
            errors.append(f"derived figure formula does not reproduce the true value: {where}: true {t}")
    print(f"self-check: {len(tv)} of {len(m.keys)} variables have a true value; {checked} publications checked "
          f"against their intervals; {exact_eq} equalities and {exact_ub} inequalities checked exactly; "
          f"{len(open_rows)} constraints with unpublished variables checked by elastic LP; "
          f"{model_ok} derived-figure formulas reproduce the true values")
    print(f"self-check: {over7} suppressed publications hide a true value > {a.hide} "
          f"(secondary cells: the 0..{a.hide} prior does not hold for them)")
    for e in errors[:60]:
        print("SELF-CHECK ERROR:", e)
    if len(errors) > 60:
        print(f"... and {len(errors) - 60} more")
    print(f"self-check: {'OK' if not errors else f'{len(errors)} errors'}")
    return 1 if errors else 0


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site")
    ap.add_argument("project")
    ap.add_argument("--self-check", action="store_true",
                    help="verify every relation and interval on the true table of `pohj indicators` and exit")
    ap.add_argument("--pohj", help="pohj binary for --self-check (default: .build/debug/pohj, or $POHJ)")
    ap.add_argument("--truth", help="JSON of `pohj indicators --format json` instead of running pohj")
    ap.add_argument("--price-bggz", type=float)
    ap.add_argument("--price-sggz", type=float)
    ap.add_argument("--price-aef-min", type=float)
    ap.add_argument("--price-aef-max", type=float)
    ap.add_argument("--aef-share", type=float, default=0.4)
    ap.add_argument("--max-print", type=int, default=40, help="failures printed in full per pass")
    ap.add_argument("--quiet", action="store_true", help="only summaries")
    ap.add_argument("--progress", action="store_true", help="progress lines while solving")
    ap.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                    help="processes for the per-cell LPs (default: CPUs, at most 4)")
    ap.add_argument("--no-known-zeros", action="store_true",
                    help="do not use that practices without a POH-Jeugd in a period have no cases in it")
    ap.add_argument("--verify", type=int, default=8, metavar="N",
                    help="re-solve N of the failures with a cold linprog(method='highs') (default 8; 0: off)")
    ap.add_argument("--backend", choices=("warm", "linprog"), default="warm",
                    help="warm: HiGHS kept loaded between objectives (default, falls back to linprog); "
                         "linprog: scipy.optimize.linprog(method='highs') per LP")
    ap.add_argument("--sample", type=int, default=0, metavar="N",
                    help="attack a random sample of N hidden counts (every relation and every other "
                         "published figure is kept); for sites too large to attack every hidden count")
    ap.add_argument("--seed", type=int, default=1, help="random seed of --sample (default 1)")
    ap.add_argument("--no-floors", action="store_true",
                    help="skip the least possible value of each hidden count (a min LP for every one the "
                         "pool has not seen at 2 or below; several seconds each on a component of 250.000 variables)")
    ap.add_argument("--explain", metavar="LABEL",
                    help="only explain one count, e.g. '2022 municipality:Gemeente 006 caseload.2022-12.closed': "
                         "the least and most it can be and the relations and published bounds that prove it")
    ap.add_argument("--small-floors", action="store_true",
                    help="fail the hidden counts of practices and municipalities proven 3..7 whose true value "
                         "is at most 7 (truth as for --self-check: --pohj or --truth)")
    ap.add_argument("--ipm", action="store_true",
                    help="cold starts of the warm backend by HiGHS' interior point method with crossover "
                         "(much faster than dual simplex on components of 100.000+ variables)")
    args = ap.parse_args()
    if args.small_floors and args.no_floors:
        ap.error("--small-floors needs the floors that --no-floors skips")

    t0 = time.time()
    atk = Attack(args.site, args.project, args)
    atk.build()
    m = atk.m
    print(f"read {len(atk.files)} indicators.csv files, {len(atk.rows)} distinct rows; "
          f"periods: {', '.join(f'{p} {s}..{e}' for p, (s, e) in atk.periods.items())}; "
          f"atoms: {', '.join(atk.iv_label(x) for x in atk.atoms)}")
    print(f"prices: B-GGZ {atk.p_bggz:g} ({atk.price_src['B-GGZ']}), S-GGZ {atk.p_sggz:g} ({atk.price_src['S-GGZ']}), "
          f"AEF {atk.p_aef_min:g}-{atk.p_aef_max:g}")
    for n in atk.notes:
        print("note:", n)
    if args.explain:
        sys.exit(explain(atk, args.explain))
    if args.self_check:
        sys.exit(self_check(atk, args))

    solver = Solver(atk, args.backend)
    solver.workers = args.workers
    solver.ipm = args.ipm
    sample = None
    if args.sample:
        _, _, hidden_all, _ = atk.bounds(False)
        candidates = np.nonzero(hidden_all)[0]
        rng = random.Random(args.seed)
        sample = np.zeros(len(m.keys), dtype=bool)
        sample[rng.sample(list(candidates), min(args.sample, len(candidates)))] = True
        print(f"sample: {int(sample.sum())} of {len(candidates)} hidden counts (seed {args.seed}); "
              f"the others stay unknowns of the LP but are not attacked")
    hid_count = sum(1 for p in m.pubs if any(s == "suppressed" for s, _, _ in p))
    print(f"model: {len(m.keys)} variables ({hid_count} hidden, "
          f"{sum(1 for p in m.pubs if not p)} unpublished), {len(m.eq)} equalities, {len(m.ub)} inequalities, "
          f"{len(solver.components)} components (largest {max(len(c) for c in solver.components)} variables), "
          f"built in {time.time() - t0:.1f}s")
    for l in atk.leaks:
        print(l)
    if atk.implied:
        print(f"{len(atk.implied)} shares give back a rounded count that is not published, e.g. {atk.implied[0]} "
              f"(added as constraints; not leaks)")

    verdicts = {}
    for strong in (True, False):
        t1 = time.time()
        lo, hi, hidden, bad = atk.bounds(strong)
        if sample is not None:
            hidden = hidden & sample
        for b in bad[:10]:
            print("warning:", b)
        name = f"prior 0 <= hidden <= {atk.hide}" if strong else "prior hidden >= 0"
        solves0 = solver.solves
        prog = (lambda msg: print(f"  [{name}] {time.time() - t0:6.1f}s {msg}", flush=True)) if args.progress else None
        res, infeasible = solver.run(lo, hi, hidden, atk.base, progress=prog,
                                     floor_above=None if strong or args.no_floors else atk.hide - atk.base)
        if strong and infeasible:
            # The 0..7 prior is contradicted there (a secondary cell > 7): fall back to >= 0.
            print(f"[{name}] {len(infeasible)} component(s) infeasible under this prior "
                  f"(a hidden cell must exceed {atk.hide}); they fall back to hidden >= 0")
        verdicts[strong] = (res, infeasible, time.time() - t1, solver.solves - solves0)

    res_s, inf_s, _, _ = verdicts[True]
    res_w, inf_w, _, _ = verdicts[False]
    if inf_w:
        print(f"ERROR: {len(inf_w)} component(s) infeasible even with hidden >= 0: the published figures "
              f"contradict the structural relations (a relation of this tool is wrong, or the site is inconsistent)")
    # main verdict: strong prior where its component is feasible, else weak
    main = {}
    fallback_comps = set(inf_s)
    for i in set(res_s) | set(res_w):
        ci = solver.comp_of[i]
        main[i] = res_w.get(i) if ci in fallback_comps else res_s.get(i)

    def fails(results):
        out = []
        for i, r in results.items():
            if r is None:
                continue
            lo_, hi_ = r[0], r[1]
            if math.isnan(lo_) or math.isnan(hi_):
                continue
            if hi_ - lo_ < atk.base - 1e-6:
                out.append(i)
        return sorted(out, key=lambda i: atk.var_label(i))

    for strong, title in ((True, f"prior 0 <= hidden <= {atk.hide}"), (False, "prior hidden >= 0")):
        res, infeasible, dt, ns = verdicts[strong]
        f = fails(res)
        print(f"[{title}] {len(res)} hidden cells checked, {len(res) - len(f)} passed, {len(f)} failed "
              f"({ns} LPs, {dt:.1f}s)")
    final_fail = fails({i: r for i, r in main.items() if r is not None})
    final_fail_error = False
    print(f"main verdict: prior 0..{atk.hide} in {len(solver.components) - len(fallback_comps)} components, "
          f"hidden >= 0 in {len(fallback_comps)} infeasible one(s)")
    for k, i in enumerate(final_fail):
        r = main[i]
        if k < args.max_print and not args.quiet:
            ilo = math.ceil(r[0] - 1e-6) if math.isfinite(r[0]) else r[0]
            ihi = math.floor(r[1] + 1e-6) if math.isfinite(r[1]) else r[1]
            weak = res_w.get(i)
            wtxt = "" if weak is None else f"; with hidden >= 0: [{fnum(weak[0])}, {fnum(weak[1])}]"
            print(f"FAIL {atk.var_label(i)}: feasible [{fnum(r[0])}, {fnum(r[1])}] "
                  f"(integers {ilo}..{ihi}){wtxt}")
            if r[2]:
                print("    min bound by: " + "; ".join(r[2]))
            if r[3]:
                print("    max bound by: " + "; ".join(r[3]))
    if len(final_fail) > args.max_print and not args.quiet:
        print(f"... {len(final_fail) - args.max_print} more failures not printed (--max-print)")
    # Independent check of a sample of the failures with a cold linprog(method="highs").
    if final_fail and args.verify:
        step = max(1, len(final_fail) // args.verify)
        sample = final_fail[::step][:args.verify]
        bad = 0
        for i in sample:
            r = main[i]
            strong = solver.comp_of[i] not in fallback_comps
            lo_, hi_, _, _ = atk.bounds(strong)
            a_, b_ = solver.cold_interval(i, lo_, hi_)
            ok = b_ - a_ < atk.base - 1e-6 and a_ >= r[0] - 1e-6 and b_ <= r[1] + 1e-6
            if r[4]:
                ok = ok and abs(a_ - r[0]) < 1e-5 and abs(b_ - r[1]) < 1e-5
            if not ok:
                bad += 1
                print(f"VERIFY MISMATCH {atk.var_label(i)}: reported [{fnum(r[0])}, {fnum(r[1])}], "
                      f"cold linprog [{fnum(a_)}, {fnum(b_)}]")
        print(f"verified {len(sample)} of {len(final_fail)} failures with a cold linprog(method='highs'): "
              f"{len(sample) - bad} agree, {bad} differ")
        if bad:
            print("ERROR: the fast solver path disagrees with linprog; rerun with --backend linprog")
            final_fail_error = True
    # summaries per kind of cell
    by = defaultdict(int)
    for i in final_fail:
        iv, st, sid, ind = m.keys[i]
        by[(st, ind.split(".")[0] if not ind.startswith("cases.") else ind)] += 1
    if final_fail:
        print("failures by scope type and indicator family: " +
              ", ".join(f"{st}/{f} {n}" for (st, f), n in sorted(by.items())))
    n_checked = len(main)
    # Not a failure (yet): a reader who knows the policy takes a hidden count for one of at most
    # `hide`; one it can prove to be at least hide - base + 1 is then "that or up to hide",
    # fewer than base values. Counts proven above `hide` are known to be no such count.
    floors = {i: f for i, f in solver.floors.items() if f <= atk.hide + 1e-6}
    if floors:
        by_value = defaultdict(int)
        for f in floors.values():
            by_value[math.ceil(f - 1e-6)] += 1
        print(f"hidden counts a reader can prove to be at least {atk.hide - atk.base + 1} and at most {atk.hide} "
              f"(fewer than {atk.base} values if taken for a count the policy hides; "
              f"{'the truly small ones fail, below' if args.small_floors else 'reported, not failed'}): "
              f"{len(floors)} (" + ", ".join(f"at least {v}: {n}" for v, n in sorted(by_value.items())) + ")")
        if not args.quiet:
            for i in sorted(floors, key=lambda i: atk.var_label(i))[:args.max_print]:
                print(f"  FLOOR {atk.var_label(i)} >= {fnum(floors[i])}")
    small_fail = []
    if args.small_floors:
        # Told the truth, the attacker knows which of those readings are right: a count of at most
        # `hide` (the policy hid it) outside the region (the audit leaves the region out).
        tv = true_counts(atk, load_truth(atk, args))
        small_fail = sorted((i for i in floors if i in tv and tv[i] <= atk.hide and m.keys[i][1] != "region"),
                            key=lambda i: atk.var_label(i))
        for i in small_fail[:args.max_print]:
            print(f"FAIL {atk.var_label(i)}: proven at least {fnum(floors[i])}, at most {atk.hide} if taken for a count the "
                  f"policy hides, and it is one (true value at most {atk.hide})")
        print(f"counts the policy hides proven {atk.hide - atk.base + 1}..{atk.hide} (practices and municipalities, "
              f"checked against pohj indicators): {len(small_fail)}")
    print(f"derived figures not computed from the protected counts: {len(atk.leaks)}")
    print(f"time {time.time() - t0:.1f}s; LPs: {solver.solves} on whole components ({', '.join(sorted(solver.backend_used))}), "
          f"{solver.relaxed_solves} on neighbourhood relaxations ({solver.relaxed_fails} cells shown to fail); "
          f"{solver.fallbacks} warm solves redone cold")
    failed = len(set(final_fail) | set(small_fail))
    print(f"disclosure attack: {n_checked - failed} passed, {failed} failed")
    sys.exit(1 if final_fail or small_fail or atk.leaks or inf_w or final_fail_error else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Benchmark (issue 7): pohj on a synthetic project against Hugo on the same number of plain
# Markdown pages, and pohj's validation against pandas/DuckDB reading the same case CSV.
#
#   bash bench/run.sh [--scale region|province|national] [--budget SECONDS]
#
# Measures whole processes with /usr/bin/time -v: wall time, CPU time (user + sys) and peak RSS.
# `pohj build` logs `[n/7] stage (ms)` on stderr; those lines are collected per build.
# The whole run (release build included) stays within the budget (default 780 s): every step
# runs under `timeout` with what is left, a step that does not fit is skipped, and the report
# says which steps timed out or were skipped. Nothing here asserts a time.
#
# Environment: BENCH_DIR (default /tmp/pohj-bench), BENCH_BUDGET (seconds), SWIFT, PIP, SUDO.
set -u -o pipefail

SCALE=national
BUDGET=${BENCH_BUDGET:-780}
while [ $# -gt 0 ]; do
    case "$1" in
        --scale) SCALE=$2; shift 2 ;;
        --scale=*) SCALE=${1#*=}; shift ;;
        --budget) BUDGET=$2; shift 2 ;;
        --budget=*) BUDGET=${1#*=}; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument '$1' (use --scale region|province|national, --budget SECONDS)" >&2; exit 2 ;;
    esac
done
case "$SCALE" in region|province|national) ;; *) echo "bench: --scale must be region, province or national" >&2; exit 2 ;; esac

START=$(date +%s)
DEADLINE=$((START + BUDGET))
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
SWIFT=${SWIFT:-swift}
PIP=${PIP:-python3 -m pip}
SUDO=${SUDO-$([ "$(id -u)" = 0 ] || echo sudo)}
WORK=${BENCH_DIR:-/tmp/pohj-bench}/$SCALE
PROJECT=$WORK/project
LOGS=$WORK/logs
# Pages carry a build date; fixing it makes the builds of one run comparable byte for byte.
export POHJ_BUILD_DATE=${POHJ_BUILD_DATE:-2025-01-15}

log() { printf '[bench %4ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
remaining() { echo $(( DEADLINE - $(date +%s) )); }

# --- dependencies -----------------------------------------------------------------------------
APT_UPDATED=
apt_install() {
    [ -n "$APT_UPDATED" ] || { $SUDO apt-get update -qq >/dev/null && APT_UPDATED=1; }
    $SUDO apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/time ] || { log "installing time"; apt_install time; }
pkg-config --exists libcmark 2>/dev/null || { log "installing libcmark-dev"; apt_install libcmark-dev pkg-config; }
command -v hugo >/dev/null 2>&1 || { log "installing hugo"; apt_install hugo || log "hugo could not be installed; its row stays empty"; }
HAVE_PY=
if python3 -c 'import pandas, duckdb' 2>/dev/null; then HAVE_PY=1
else
    log "installing pandas and duckdb (pip, quietly)"
    timeout 180 $PIP install --quiet pandas duckdb >/dev/null 2>&1 && python3 -c 'import pandas, duckdb' 2>/dev/null && HAVE_PY=1
fi

# --- results ----------------------------------------------------------------------------------
mkdir -p "$LOGS"
RESULTS=$LOGS/results.tsv
: > "$RESULTS"
NOTES=()
RESERVE=0

# measure NAME CAP_SECONDS CMD...: runs CMD under `timeout` (the cap, or what is left of the
# budget) inside /usr/bin/time -v. Output in $LOGS/NAME.{out,err,time}; a row in $RESULTS:
# name, wall s, cpu s, peak MB, status (ok | timeout | failed (rc) | skipped).
measure() {
    local name=$1 cap=$2; shift 2
    local left; left=$(( $(remaining) - 15 - RESERVE ))
    local limit=$(( cap < left ? cap : left ))
    if [ "$limit" -lt 5 ]; then
        printf '%s\t\t\t\tskipped (budget)\n' "$name" >> "$RESULTS"
        log "$name: skipped, budget spent"
        return 99
    fi
    log "$name: running (limit ${limit}s)"
    /usr/bin/time -v -o "$LOGS/$name.time" timeout -k 5 "$limit" "$@" > "$LOGS/$name.out" 2> "$LOGS/$name.err"
    local rc=$?
    local wall cpu rss status
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$LOGS/$name.time")
    cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$LOGS/$name.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$LOGS/$name.time")
    case $rc in
        0) status=ok ;;
        124|137) status="timeout after ${limit}s" ;;
        *) status="failed (exit $rc)" ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$cpu" "$rss" "$status" >> "$RESULTS"
    log "$name: $status, ${wall}s wall, ${cpu}s cpu, ${rss} MB"
    return $rc
}
field() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n { print $c }' "$RESULTS" | tail -1; }
ok() { [ "$(field "$1" 5)" = ok ]; }

# --- 1. release build in its own scratch path (never the default .build) ----------------------
measure swift-build-release 600 $SWIFT build -c release --product pohj --scratch-path .build-bench
if ! ok swift-build-release; then
    cat "$LOGS/swift-build-release.err" "$LOGS/swift-build-release.out" | tail -20 >&2
    log "the release build failed or did not finish; nothing to measure"
    exit 1
fi
BIN=$($SWIFT build -c release --product pohj --scratch-path .build-bench --show-bin-path 2>/dev/null)/pohj

# --- 2. the synthetic project -----------------------------------------------------------------
# The previous run's outputs are moved aside now and deleted after the measurements: ext4 skips
# inodes freed in the last minutes when it allocates new ones, so deleting 80.000 files right
# before a build made that build's kernel time (and only pohj's, Hugo runs later) two to three
# times longer.
OLD=$WORK/.old-outputs.$$
mkdir -p "$OLD"
for f in "$PROJECT" "$WORK/site" "$WORK/site-latest" "$WORK/.site.pohj-cache" "$WORK/.site-latest.pohj-cache" "$WORK/site.before" "$WORK/site-latest.before" "$WORK/hugo" "$WORK/single" "$WORK"/.old-outputs.*; do
    [ -e "$f" ] && [ "$f" != "$OLD" ] && mv "$f" "$OLD/$(basename "$f").$RANDOM"
done
trap 'rm -rf "$OLD"' EXIT
measure sample 120 "$BIN" sample --scale "$SCALE" --output "$PROJECT" || { log "pohj sample failed"; exit 1; }
PERIODS=$(grep -c '^  - id:' "$PROJECT/site.yml")
LATEST=$(grep '^  - id:' "$PROJECT/site.yml" | tail -1 | sed 's/.*id: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/')
MUNICIPALITIES=$(ls "$PROJECT/data/cases" | wc -l)
PRACTICES=$(( $(wc -l < "$PROJECT/data/practices.csv") - 1 ))
INPUT_MB=$(du -sm "$PROJECT/data" | cut -f1)

# --- 3. pohj check, then the same cases through pandas and DuckDB ------------------------------
# Cheap reference steps run first, so the slow pohj builds below cannot starve them of budget.
measure pohj-check 300 "$BIN" check --content "$PROJECT"
CASES=$(sed -n 's/.* is valid: \([0-9]*\) cases.*/\1/p' "$LOGS/pohj-check.out")
CASES=${CASES:-?}

# One file with every case in the form's column order (`;`, BOM, CRLF), in a project of its own,
# so pohj, pandas and DuckDB can read exactly the same bytes.
S=$WORK/single
mkdir -p "$S/data"
cp "$PROJECT/site.yml" "$S/"
cp "$PROJECT"/data/practices.csv "$PROJECT"/data/costs.csv "$PROJECT"/data/referrals.csv "$PROJECT"/data/population.csv "$S/data/"
python3 - "$PROJECT/data/cases" "$S/data/cases.csv" <<'EOF'
import csv, glob, os, sys
src, dst = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(os.path.join(src, "*.csv")))
with open(files[0], encoding="utf-8-sig", newline="") as f:
    header = next(csv.reader(f, delimiter=";"))
with open(dst, "w", encoding="utf-8-sig", newline="") as out:
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            r = csv.reader(f, delimiter=";")
            cols = next(r)
            if cols == header:
                w.writerows(r)
            else:
                order = [cols.index(h) if h in cols else None for h in header]
                for row in r:
                    w.writerow(["" if i is None else row[i] for i in order])
EOF
CSV_MB=$(du -m "$S/data/cases.csv" | cut -f1)
if [ -n "$HAVE_PY" ]; then
    measure python-import-only 60 python3 -c 'import pandas, duckdb'
    measure pandas-read_csv 300 python3 -c '
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], sep=";", encoding="utf-8-sig")
print(len(df), "rows")' "$S/data/cases.csv"
    measure duckdb-read_csv 300 python3 -c '
import sys, duckdb
con = duckdb.connect()
con.execute("CREATE TABLE cases AS SELECT * FROM read_csv(?, delim = ?, header = true)", [sys.argv[1], ";"])
print(con.execute("SELECT count(*) FROM cases").fetchone()[0], "rows")' "$S/data/cases.csv"
else
    NOTES+=("pandas/duckdb could not be imported or installed; no rows for them.")
fi

# --- 4. pohj build: the latest period, then all periods ---------------------------------------
# Keep enough budget back for Hugo (it needs the page count of the full build).
RESERVE=90
measure pohj-build-latest 420 "$BIN" build --content "$PROJECT" --output "$WORK/site-latest" --period "$LATEST"
measure pohj-build-all 900 "$BIN" build --content "$PROJECT" --output "$WORK/site"
RESERVE=0

count_html() { if [ -d "$1" ]; then find "$1" -name '*.html' | wc -l; else echo 0; fi; }
count_files() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }
HTML_ALL=$(count_html "$WORK/site"); FILES_ALL=$(count_files "$WORK/site")
HTML_LATEST=$(count_html "$WORK/site-latest"); FILES_LATEST=$(count_files "$WORK/site-latest")
SITE_MB=$(if [ -d "$WORK/site" ]; then du -sm "$WORK/site" | cut -f1; fi)
if ok pohj-build-all; then
    PAGES=$HTML_ALL
else
    # Not finished: the page count a full build would write. Every period site (live or archive copy)
    # has one page per municipality and practice plus dashboard, practice index and scenarios; the
    # live site adds its site-wide pages. A one-period build writes two period sites.
    PER_SITE=$(( MUNICIPALITIES + PRACTICES + 3 ))
    if ok pohj-build-latest; then EXTRA=$(( HTML_LATEST - 2 * PER_SITE )); else EXTRA=3; fi
    PAGES=$(( PER_SITE * (PERIODS + 1) + EXTRA ))
    NOTES+=("The full build did not finish; Hugo builds the page count a full build would write ($PAGES, computed from the project).")
fi

# --- 5. Hugo on the same number of plain Markdown pages ---------------------------------------
if command -v hugo >/dev/null 2>&1; then
    H=$WORK/hugo
    mkdir -p "$H/layouts/_default" "$H/content/pages"
    cat > "$H/hugo.toml" <<'EOF'
baseURL = "https://example.invalid/"
languageCode = "nl-NL"
title = "Hugo baseline"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
    cat > "$H/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
EOF
    cat > "$H/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}<p>{{ len .Pages }} pagina's</p></main></body></html>
EOF
    python3 - "$H/content/pages" "$PAGES" <<'EOF'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
text = ("In deze periode kwamen jeugdigen voor het eerst bij de POH-jeugd. Van de jeugdigen van wie "
        "bekend is wat er gebeurde, werd een groot deel geholpen zonder verwijzing naar de tweedelijns "
        "jeugd-GGZ. De POH-jeugd kostte de gemeente een vast bedrag per jaar.")
for i in range(n):
    with open(os.path.join(root, f"pagina-{i:06d}.md"), "w") as f:
        f.write(f"---\ntitle: \"Pagina {i}\"\n---\n{text}\n")
EOF
    measure hugo 300 hugo --quiet --source "$H" --destination "$H/public"
    HUGO_HTML=$(count_html "$H/public")
else
    NOTES+=("Hugo is not installed; no Hugo row.")
fi

# --- 6. rebuild after editing one narrative file ----------------------------------------------
REWRITTEN=
if ok pohj-build-all; then
    FULL_WALL=$(field pohj-build-all 2)
    if [ "$(remaining)" -gt "$(awk -v w="$FULL_WALL" 'BEGIN { printf "%d", w * 1.3 + 30 }')" ]; then
        cp -al "$WORK/site" "$WORK/site.before"   # hard links: files the rebuild keeps have a link count above 1
        printf '\nBijgewerkt voor de benchmark: een zin erbij.\n' >> "$PROJECT/narrative/dashboard.md"
        measure pohj-rebuild-narrative 900 "$BIN" build --content "$PROJECT" --output "$WORK/site"
        if ok pohj-rebuild-narrative; then REWRITTEN=$(find "$WORK/site" -type f -links 1 | wc -l); fi
        rm -rf "$WORK/site.before"
    else
        printf 'pohj-rebuild-narrative\t\t\t\tskipped (budget: a rebuild takes about as long as the full build)\n' >> "$RESULTS"
    fi
else
    printf 'pohj-rebuild-narrative\t\t\t\tskipped (no complete full build to start from)\n' >> "$RESULTS"
fi
# Without time for a full rebuild, the same edit on the latest-period site (smaller, still every stage).
if ! ok pohj-rebuild-narrative && ok pohj-build-latest; then
    LATEST_WALL=$(field pohj-build-latest 2)
    if [ "$(remaining)" -gt "$(awk -v w="$LATEST_WALL" 'BEGIN { printf "%d", w * 1.3 + 30 }')" ]; then
        cp -al "$WORK/site-latest" "$WORK/site-latest.before"
        grep -q 'Bijgewerkt voor de benchmark' "$PROJECT/narrative/dashboard.md" || printf '\nBijgewerkt voor de benchmark: een zin erbij.\n' >> "$PROJECT/narrative/dashboard.md"
        measure pohj-rebuild-narrative-latest 600 "$BIN" build --content "$PROJECT" --output "$WORK/site-latest" --period "$LATEST"
        if ok pohj-rebuild-narrative-latest; then
            REWRITTEN_LATEST=$(find "$WORK/site-latest" -type f -links 1 | wc -l)
            NOTES+=("The rebuild of the latest-period site after the narrative edit rewrote $REWRITTEN_LATEST of $(count_files "$WORK/site-latest") files.")
        fi
        rm -rf "$WORK/site-latest.before"
    else
        printf 'pohj-rebuild-narrative-latest\t\t\t\tskipped (budget)\n' >> "$RESULTS"
    fi
fi

# --- 7. pohj check on the one-file project (the bytes pandas and DuckDB read), if time is left --
if [ "$(remaining)" -gt "$(awk -v w="$(field pohj-check 2)" 'BEGIN { printf "%d", (w == "" ? 60 : w) * 1.3 + 20 }')" ]; then
    measure pohj-check-one-file 300 "$BIN" check --content "$S"
else
    printf 'pohj-check-one-file\t\t\t\tskipped (budget)\n' >> "$RESULTS"
fi

# --- report -----------------------------------------------------------------------------------
ratio() {  # ratio A B: A ÷ B with two decimals, or "n/a"
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}
stages() {  # the [n/7] lines of a build's stderr (or [n/5] of a dashboards-only rebuild) as "name ms" pairs
    [ -f "$LOGS/$1.err" ] && sed -n 's/^\[\([0-9]\)\/[57]\] \([a-z]*\) (\([0-9]*\) ms)$/\2 \3/p' "$LOGS/$1.err"
}
stage_ms() { stages "$1" | awk -v s="$2" '$1 == s { print $2 }' | tail -1; }

REPORT=$WORK/report.md
{
    echo "## pohj benchmark, scale \`$SCALE\`"
    echo
    echo "Command: \`bash bench/run.sh --scale $SCALE\` ($(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $($SWIFT --version 2>/dev/null | head -1 | sed 's/ (.*//'), $(hugo version 2>/dev/null | awk '{ print "hugo " $2 }' | sed 's/-.*//'))."
    echo "Project: $MUNICIPALITIES case files (municipalities), $PRACTICES practices, $CASES cases, $PERIODS periods, ${INPUT_MB} MB of input."
    echo "Full build: $HTML_ALL HTML pages, $FILES_ALL files${SITE_MB:+, $SITE_MB MB}; latest period ($LATEST) only: $HTML_LATEST HTML pages, $FILES_LATEST files. Hugo: $PAGES Markdown pages${HUGO_HTML:+ → $HUGO_HTML HTML files}."
    echo
    echo "| step | wall (s) | CPU (s) | peak RSS (MB) | status |"
    echo "|---|---:|---:|---:|---|"
    while IFS=$'\t' read -r name wall cpu rss status; do
        echo "| $name | $wall | $cpu | $rss | $status |"
    done < "$RESULTS"
    echo
    echo "| ratio | wall | peak RSS |"
    echo "|---|---:|---:|"
    echo "| pohj build (all periods) ÷ hugo | $(ratio "$(field pohj-build-all 2)" "$(field hugo 2)") | $(ratio "$(field pohj-build-all 4)" "$(field hugo 4)") |"
    echo "| pohj build --period $LATEST ÷ hugo | $(ratio "$(field pohj-build-latest 2)" "$(field hugo 2)") | $(ratio "$(field pohj-build-latest 4)" "$(field hugo 4)") |"
    echo "| all periods ÷ latest period | $(ratio "$(field pohj-build-all 2)" "$(field pohj-build-latest 2)") | $(ratio "$(field pohj-build-all 4)" "$(field pohj-build-latest 4)") |"
    echo "| pohj check (project) ÷ pandas read_csv | $(ratio "$(field pohj-check 2)" "$(field pandas-read_csv 2)") | $(ratio "$(field pohj-check 4)" "$(field pandas-read_csv 4)") |"
    echo "| pohj check (project) ÷ DuckDB read_csv | $(ratio "$(field pohj-check 2)" "$(field duckdb-read_csv 2)") | $(ratio "$(field pohj-check 4)" "$(field duckdb-read_csv 4)") |"
    echo "| pohj check (one file) ÷ pandas read_csv | $(ratio "$(field pohj-check-one-file 2)" "$(field pandas-read_csv 2)") | $(ratio "$(field pohj-check-one-file 4)" "$(field pandas-read_csv 4)") |"
    echo "| pohj check (one file) ÷ DuckDB read_csv | $(ratio "$(field pohj-check-one-file 2)" "$(field duckdb-read_csv 2)") | $(ratio "$(field pohj-check-one-file 4)" "$(field duckdb-read_csv 4)") |"
    echo "| rebuild after a narrative edit, latest period ÷ its build | $(ratio "$(field pohj-rebuild-narrative-latest 2)" "$(field pohj-build-latest 2)") | $(ratio "$(field pohj-rebuild-narrative-latest 4)" "$(field pohj-build-latest 4)") |"
    echo "| rebuild after a narrative edit ÷ full build | $(ratio "$(field pohj-rebuild-narrative 2)" "$(field pohj-build-all 2)") | $(ratio "$(field pohj-rebuild-narrative 4)" "$(field pohj-build-all 4)") |"
    echo
    echo "Stages (\`[n/7] stage (ms)\` from \`pohj build\`, in seconds):"
    echo
    echo "| stage | all periods | latest period | rebuild after narrative edit | rebuild, latest period only |"
    echo "|---|---:|---:|---:|---:|"
    for s in read parse compute protect present render write; do
        printf '| %s | %s | %s | %s | %s |\n' "$s" \
            "$(awk -v v="$(stage_ms pohj-build-all "$s")" 'BEGIN { if (v != "") printf "%.2f", v / 1000 }')" \
            "$(awk -v v="$(stage_ms pohj-build-latest "$s")" 'BEGIN { if (v != "") printf "%.2f", v / 1000 }')" \
            "$(awk -v v="$(stage_ms pohj-rebuild-narrative "$s")" 'BEGIN { if (v != "") printf "%.2f", v / 1000 }')" \
            "$(awk -v v="$(stage_ms pohj-rebuild-narrative-latest "$s")" 'BEGIN { if (v != "") printf "%.2f", v / 1000 }')"
    done
    for b in pohj-build-latest pohj-build-all pohj-rebuild-narrative pohj-rebuild-narrative-latest; do
        st=$(field "$b" 5)
        case "$st" in ""|ok|skipped*) continue ;; esac
        last=$(stages "$b" | tail -1 | cut -d' ' -f1)
        next=$(echo "read parse compute protect present render write" | tr ' ' '\n' | grep -A1 -x "${last:-none}" | tail -1)
        echo
        echo "$b: $st, during stage ${next:-read} (the stages before it are in the table)."
    done
    echo
    echo "pandas and DuckDB read one file with every case (${CSV_MB} MB, the form's column order); \`pohj check\` (project) reads the per-municipality files plus practices, costs, referrals and population, \`pohj check\` (one file) a project with that single case file. pandas and DuckDB rows include Python's start and imports (see python-import-only); DuckDB materialises the whole table (CREATE TABLE … AS SELECT * FROM read_csv)."
    [ -n "$REWRITTEN" ] && echo "The rebuild after the narrative edit rewrote $REWRITTEN of $(count_files "$WORK/site") files (the others were left in place)."
    for n in "${NOTES[@]}"; do echo "$n"; done
    grep -q 'timeout\|skipped' "$RESULTS" && echo "Not every step finished within the budget of ${BUDGET} s (see status); the numbers above are what was measured. Raise it with --budget."
    echo "Logs: $LOGS. Total benchmark time: $(( $(date +%s) - START )) s."
} > "$REPORT"
cat "$REPORT"

#!/usr/bin/env bash
# The usual life of a site: publish 2020 while the site has 2020 and 2021-Q1, then add the
# fifteen-month `monitoring` period and build. Writes the project to $2 and the site to $3, so
# the LP attacker can check that the periods added later are protected around the frozen one.
#   Tests/tools/publish_then_add_period.sh POHJ PROJECT_DIR SITE_DIR
set -eu -o pipefail
POHJ=$1 PROJECT=$2 SITE=$3
rm -rf "$PROJECT" "$SITE"
cp -r Content "$PROJECT"
rm -rf "$PROJECT/archive"
# site.yml without the monitoring period (its block runs up to the next blank line).
awk '/^  - id: monitoring/ { skip = 1 } skip && /^$/ { skip = 0 } !skip' Content/site.yml > "$PROJECT/site.yml"
rm "$PROJECT/narrative/monitoring.md"
POHJ_BUILD_DATE=2026-01-15 "$POHJ" publish 2020 --content "$PROJECT" --output "$SITE" >/dev/null
cp Content/site.yml "$PROJECT/site.yml"
cp Content/narrative/monitoring.md "$PROJECT/narrative/monitoring.md"
"$POHJ" build --quiet --content "$PROJECT" --output "$SITE"

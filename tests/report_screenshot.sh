#!/usr/bin/env bash
# Renders a run report and looks at it in headless Chromium: replays the hello-cascade sample
# offline, once as it is and once with a length guardrail inserted (so the report has filtered
# items and a comparison), exports the HTML report and screenshots it. A developer's check of
# what a person sees; CI does not run it (Chromium is optional: apt-get install chromium).
#
#   tests/report_screenshot.sh [BUILD_DIR] [OUT_DIR]     -> OUT_DIR/report.html, report.png
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
out=$(mkdir -p "${2:-$(mktemp -d)}" && cd "${2:-.}" && pwd)
cli=$build/app/cascade
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -r "$root/projects/hello-cascade" "$work/hello"
rm -f "$work/hello"/runs.sqlite*
python3 - "$work/hello/cascade.json" <<'PY'
import json, sys
path = sys.argv[1]
doc = json.load(open(path))
doc["variants"] = {"guarded": {"stages": [doc["stages"][0],
    {"id": "length", "kind": "rules",
     "rules": [{"id": "short-points", "field": "/features", "max_chars": 50}]},
    doc["stages"][1]]}}
json.dump(doc, open(path, "w"), indent=2)
PY
"$cli" run "$work/hello" --offline --quiet > /dev/null 2>&1
"$cli" run "$work/hello" --offline --quiet --variant guarded > /dev/null 2>&1 || true
"$cli" export "$work/hello" 2 --report --compare 1 --out "$out/report.html"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed; the report is $out/report.html"
    exit 0
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1700 \
    --screenshot="$out/report.png" "file://$out/report.html" 2> /dev/null
echo "$out/report.png"

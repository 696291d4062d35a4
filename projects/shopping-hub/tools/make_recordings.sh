#!/usr/bin/env bash
# Makes the offline recordings of the sample projects (dev-only).
#
# The replies are EXAMPLE REPLIES WRITTEN BY HAND for these samples: author_server.py answers
# from themes_authored.json / hello_authored.json (and selects keywords from the candidates in
# each prompt by a fixed rule). No model produced them. Each file's first line says so.
#
# Procedure, for each recording set:
#   1. start author_server.py on 127.0.0.1:$PORT;
#   2. copy the project to a temp dir (without runs.sqlite and recordings/), and rewrite every
#      model's base_url in the copy to the author server (api_key_env dropped: it sends no key);
#      the request bodies do not change, and the cache key of a recording is computed from the
#      ORIGINAL project's base_url when the project imports it;
#   3. cascade run <copy> [--variant V];
#   4. cascade recordings export <copy> --out <tmp>.jsonl, keep the lines of the stages that set
#      needs, sort them (stable diffs), put the _comment line first, write <project>/recordings/;
#   5. check: a fresh copy of the real project (recordings only, no runs.sqlite) runs --offline.
#
# Usage: make_recordings.sh [--port N] [--cascade PATH] [--no-check] [all|hello|shopping]
#   CASCADE=/path/to/cascade also works; default: `cascade` on PATH, else build*/app/cascade.
set -euo pipefail

TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SHOP="$(dirname "$TOOLS")"
PROJECTS="$(dirname "$SHOP")"
REPO="$(dirname "$PROJECTS")"
HELLO="$PROJECTS/hello-cascade"

PORT=18080
CHECK=1
WHICH=all
CASCADE="${CASCADE:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT="$2"; shift 2 ;;
        --cascade) CASCADE="$2"; shift 2 ;;
        --no-check) CHECK=0; shift ;;
        all|hello|shopping) WHICH="$1"; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "make_recordings.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

if [ -z "$CASCADE" ]; then
    if command -v cascade >/dev/null 2>&1; then
        CASCADE="$(command -v cascade)"
    else
        for c in "$REPO"/build*/app/cascade "$REPO"/build*/cascade; do
            if [ -x "$c" ]; then CASCADE="$c"; break; fi
        done
    fi
fi
if [ -z "$CASCADE" ] || [ ! -x "$CASCADE" ]; then
    echo "make_recordings.sh: no cascade CLI found; build it or pass --cascade PATH" >&2
    exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cascade-recordings.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== author server on 127.0.0.1:$PORT"
python3 "$TOOLS/author_server.py" "$PORT" 2>"$WORK/author.log" &
SERVER_PID=$!
for _ in $(seq 1 50); do
    if python3 - "$PORT" <<'EOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/health" % sys.argv[1], timeout=1).read()
EOF
    then break; fi
    sleep 0.1
done

# copy_project SRC DEST [author]: a working copy without run history or recordings; with
# "author", its models point at the author server.
copy_project() {
    local src="$1" dest="$2" mode="${3:-}"
    mkdir -p "$dest"
    (cd "$src" && tar --exclude='./runs.sqlite*' --exclude='./recordings' --exclude='./tools' -cf - .) \
        | (cd "$dest" && tar -xf -)
    if [ "$mode" = author ]; then
        python3 - "$dest/cascade.json" "http://127.0.0.1:$PORT/v1" <<'EOF'
import json, sys
path, url = sys.argv[1], sys.argv[2]
cfg = json.load(open(path, encoding="utf-8"))
for model in cfg["models"].values():
    model["base_url"] = url
    model.pop("api_key_env", None)
open(path, "w", encoding="utf-8").write(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n")
EOF
    fi
}

# finish_recording EXPORTED OUT STAGES: keep the lines of STAGES (comma list, or "*"), sort them,
# and write OUT with the _comment line first.
finish_recording() {
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
src, out, stages = sys.argv[1], sys.argv[2], sys.argv[3]
keep = None if stages == "*" else set(stages.split(","))
rows = []
for line in open(src, encoding="utf-8"):
    if not line.strip():
        continue
    row = json.loads(line)
    if "_comment" in row:
        continue
    if keep is not None and row.get("stage") not in keep:
        continue
    rows.append(row)
if not rows:
    sys.exit("make_recordings.sh: the export of %s has no calls for stages %s" % (src, stages))
rows.sort(key=lambda r: (r.get("stage", ""), r.get("model", ""),
                         json.dumps(r.get("request"), sort_keys=True, ensure_ascii=False)))
comment = {"_comment": "Example replies written for this sample project, not output of the models named: "
                       "they were authored by hand (projects/shopping-hub/tools/author_server.py with "
                       "themes_authored.json and hello_authored.json) and recorded by running the engine "
                       "against that server (tools/make_recordings.sh). Used for offline replay "
                       "(cascade run PROJECT --offline)."}
with open(out, "w", encoding="utf-8") as f:
    f.write(json.dumps(comment, ensure_ascii=False) + "\n")
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print("   wrote %s: %d calls" % (out, len(rows)))
EOF
}

# record PROJECT NAME STAGES [VARIANT]
record() {
    local project="$1" name="$2" stages="$3" variant="${4:-}"
    local copy="$WORK/$name"
    echo "== recording $(basename "$project") ${variant:+--variant $variant }-> recordings/$name.jsonl"
    copy_project "$project" "$copy" author
    "$CASCADE" run "$copy" ${variant:+--variant "$variant"}
    "$CASCADE" recordings export "$copy" --out "$WORK/$name.export.jsonl"
    mkdir -p "$project/recordings"
    finish_recording "$WORK/$name.export.jsonl" "$project/recordings/$name.jsonl" "$stages"
}

# check PROJECT [VARIANT]: the real project (original base URLs, no key) replays offline.
check() {
    local project="$1" variant="${2:-}"
    local copy="$WORK/check-$(basename "$project")-${variant:-default}"
    echo "== check: cascade run $(basename "$project") --offline ${variant:+--variant $variant}"
    copy_project "$project" "$copy"
    cp -r "$project/recordings" "$copy/recordings"
    env -u OPENAI_API_KEY "$CASCADE" run "$copy" --offline ${variant:+--variant "$variant"}
}

if [ "$WHICH" = all ] || [ "$WHICH" = hello ]; then
    record "$HELLO" hello-cascade "*"
fi
if [ "$WHICH" = all ] || [ "$WHICH" = shopping ]; then
    record "$SHOP" default "*"
    record "$SHOP" monolithic "*" monolithic
    # cheap-judge re-asks only the judge (on the student model); the rest is in default.jsonl
    record "$SHOP" cheap-judge judge cheap-judge
fi

if [ "$CHECK" = 1 ]; then
    if [ "$WHICH" = all ] || [ "$WHICH" = hello ]; then check "$HELLO"; fi
    if [ "$WHICH" = all ] || [ "$WHICH" = shopping ]; then
        for v in "" tight-dedup cheap-judge monolithic; do check "$SHOP" "$v"; done
    fi
fi
echo "== done; author server log: $(wc -l < "$WORK/author.log") requests"

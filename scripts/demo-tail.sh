#!/usr/bin/env bash
# The end of `make demo`: the story list and the comparison, when those stages are installed.
set -euo pipefail
newsprism=$1
db=$2
if "$newsprism" --help | grep -q "stories"; then
  "$newsprism" --db "$db" stories
  story=$("$newsprism" --db "$db" stories --format jsonl | head -n 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
  "$newsprism" --db "$db" story "$story" --format md
fi
if "$newsprism" --help | grep -q "serve"; then
  echo
  echo "Open the web UI:  $newsprism --db $db serve   then visit http://127.0.0.1:8000"
fi

#!/usr/bin/env bash
# The demo: synthetic ERP data from the generator connector into JSON Lines files through
# the C example connector, then a second run after 1% of the records changed.
# Usage: scripts/demo.sh MLC_BINARY PLUGIN_DIR
set -euo pipefail
mlc=$(realpath "$1")
plugins=$(realpath "$2")
root=$(pwd)/demo
rm -rf "$root"
mkdir -p "$root"

write_config() {  # $1 = generator epoch
  cat >"$root/mlc.json" <<JSON
{
  "plugin_dir": "$plugins",
  "state_dir": "state",
  "enabled": ["generator", "jsonl"],
  "connections": {
    "erp": {"plugin": "generator", "config": {"count": 2000, "seed": 7, "change_rate": 0.01, "epoch": $1}},
    "files": {"plugin": "jsonl", "config": {"dir": "out", "mode": "upsert"}}
  },
  "flows": [
    {"name": "erp-to-files", "source": "erp", "sink": "files", "page_size": 500}
  ]
}
JSON
}

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

cd "$root"
write_config 0
step "Connector plugins found in $plugins" "mlc plugins"
"$mlc" plugins
step "Check both connections" "mlc check erp && mlc check files"
"$mlc" check erp
"$mlc" check files
step "First run: every record moves, reference data first" "mlc sync erp-to-files"
"$mlc" sync erp-to-files
step "Second run, nothing changed: nothing moves" "mlc sync erp-to-files"
"$mlc" sync erp-to-files
write_config 1
step "1% of the ERP records change (generator epoch 1): only those move" "mlc sync erp-to-files"
"$mlc" sync erp-to-files
step "The audit trail of the last changes" "mlc audit --status updated --limit 5"
"$mlc" audit --status updated --limit 5

cat <<TEXT

Done. Look around:
  cd demo
  ls out/                                   # one <entity>.jsonl per canonical entity
  head -c 600 out/purchase_order.jsonl      # canonical records, money as decimal strings
  $mlc audit --entity vendor --limit 10 --json
  $mlc sync erp-to-files --full             # re-read everything; the sink skips unchanged records
TEXT

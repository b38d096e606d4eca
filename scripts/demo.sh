#!/usr/bin/env bash
# The demo, on the built-in sandboxes:
#   1. synthetic ERP data into JSON Lines files (the generator and the plain-C example);
#   2. Epicor Kinetic -> ServiceNow and Epicor Kinetic -> Snowflake against local simulators of
#      their APIs: first run, a rerun that moves nothing, a few Epicor changes that move alone,
#      and invoice totals per GL account queried from the Snowflake sandbox.
# Usage: scripts/demo.sh MLC_BINARY PLUGIN_DIR
set -euo pipefail
mlc=$(realpath "$1")
plugins=$(realpath "$2")
root=$(pwd)/demo
rm -rf "$root"
mkdir -p "$root/files"
cd "$root"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

# --- 1. Generated data into files ------------------------------------------------------
cat >files/mlc.json <<JSON
{"plugin_dir": "$plugins", "state_dir": "state", "enabled": ["generator", "jsonl"],
 "connections": {
   "erp": {"plugin": "generator", "config": {"count": 2000, "seed": 7}},
   "files": {"plugin": "jsonl", "config": {"dir": "out"}}},
 "flows": [{"name": "erp-to-files", "source": "erp", "sink": "files"}]}
JSON
step "Synthetic ERP records into JSON Lines files, reference data first" "mlc sync erp-to-files"
MLC_CONFIG=files/mlc.json "$mlc" sync erp-to-files

# --- 2. The sandboxes ------------------------------------------------------------------
step "Start the Epicor, ServiceNow and Snowflake sandboxes and write mlc.json for them" \
  "mlc sandbox --systems epicor,servicenow,snowflake --records 2000 --write-config mlc.json &"
"$mlc" sandbox --systems epicor,servicenow,snowflake --records 2000 --write-config mlc.json \
  --plugins-dir "$plugins" --json >sandboxes.jsonl 2>sandbox.log &
sandbox=$!
trap 'kill $sandbox 2>/dev/null; wait $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  [ -f mlc.json ] && [ "$(wc -l <sandboxes.jsonl)" -ge 3 ] && break
  kill -0 $sandbox 2>/dev/null || { cat sandbox.log; exit 1; }
  sleep 0.1
done
cat sandbox.log
export MLC_CONFIG=$root/mlc.json

step "Check every connection (the host attaches credentials from its vault)" "mlc check epicor; mlc check servicenow; mlc check snowflake"
"$mlc" check epicor
"$mlc" check servicenow
"$mlc" check snowflake

step "Epicor Kinetic -> ServiceNow: first run moves everything" "mlc sync epicor-to-servicenow"
"$mlc" sync epicor-to-servicenow
step "Records held for a missing mapping, if any" "mlc held"
"$mlc" held

step "Second run, nothing changed in Epicor: nothing moves, no write call" "mlc sync epicor-to-servicenow"
"$mlc" sync epicor-to-servicenow

step "Change three purchase orders in Epicor through its REST API" "PATCH .../Erp.BO.POSvc/POes('EPIC06',N)"
python3 - sandboxes.jsonl <<'PY'
import base64, json, sys, urllib.request
epicor = next(s for s in map(json.loads, open(sys.argv[1])) if s["system"] == "epicor")
creds, base = epicor["credentials"], epicor["base_url"].rstrip("/")
company = epicor["settings"].get("company", "EPIC06")
auth = base64.b64encode(f"{creds['username']}:{creds['password']}".encode()).decode()
headers = {"Authorization": f"Basic {auth}", "x-api-key": creds["api_key"],
           "Accept": "application/json", "Content-Type": "application/json"}
svc = f"{base}/api/v2/odata/{company}/Erp.BO.POSvc/POes"
rows = json.load(urllib.request.urlopen(urllib.request.Request(f"{svc}?$top=3&$orderby=PONum", headers=headers)))["value"]
for row in rows:
    body = json.dumps({"BuyerID": "DEMO"}).encode()
    request = urllib.request.Request(f"{svc}('{company}',{row['PONum']})", data=body, method="PATCH", headers=headers)
    urllib.request.urlopen(request).read()
    print(f"  PO {row['PONum']}: BuyerID -> DEMO")
PY

step "Only the changed purchase orders move" "mlc sync epicor-to-servicenow"
"$mlc" sync epicor-to-servicenow

step "Epicor Kinetic -> Snowflake (MERGE with bindings)" "mlc sync epicor-to-snowflake"
"$mlc" sync epicor-to-snowflake

step "Invoice totals per GL account, queried from the Snowflake sandbox" \
  "SELECT GL_ACCOUNT_CODE, COUNT(*), SUM(AMOUNT) FROM AP_INVOICE_LINES GROUP BY 1 ORDER BY 3 DESC LIMIT 10"
python3 - sandboxes.jsonl <<'PY'
import json, sys, urllib.request, uuid
snow = next(s for s in map(json.loads, open(sys.argv[1])) if s["system"] == "snowflake")
settings = snow["settings"]
statement = {"statement": "SELECT GL_ACCOUNT_CODE, COUNT(*) AS LINES, SUM(AMOUNT) AS TOTAL FROM AP_INVOICE_LINES "
                          "GROUP BY GL_ACCOUNT_CODE ORDER BY TOTAL DESC LIMIT 10",
             "database": settings["database"], "schema": settings["schema"], "warehouse": settings["warehouse"],
             "role": settings["role"]}
request = urllib.request.Request(
    f"{snow['base_url'].rstrip('/')}/api/v2/statements?requestId={uuid.uuid4()}", data=json.dumps(statement).encode(),
    method="POST", headers={"Authorization": f"Bearer {snow['credentials']['programmatic_access_token']}",
                            "X-Snowflake-Authorization-Token-Type": "PROGRAMMATIC_ACCESS_TOKEN",
                            "Content-Type": "application/json", "Accept": "application/json",
                            "User-Agent": "ml-connector-demo/1.0"})
result = json.load(urllib.request.urlopen(request))
print(f"  {'GL account':<16}{'lines':>8}{'total':>16}")
for account, lines, total in result["data"]:
    print(f"  {account or '-':<16}{lines:>8}{total:>16}")
PY

cat <<TEXT

Done. The sandboxes stopped with this script; to look around, start them again and run:
  cd demo && export MLC_CONFIG=\$PWD/mlc.json
  $mlc sandbox --systems epicor,servicenow,snowflake --records 2000 --write-config mlc.json &
  $mlc audit --flow epicor-to-servicenow --limit 10      # what happened to each record
  $mlc audit --status updated --json                      # for scripts
  $mlc held; $mlc dead-letters; $mlc map list gl_cost_center
TEXT

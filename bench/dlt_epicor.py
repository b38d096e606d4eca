"""Loads the Epicor sandbox's purchase orders (with lines) into DuckDB with dlt's rest_api source.

Usage: python dlt_epicor.py SANDBOXES_JSONL WORK_DIR FORMAT   (FORMAT: default or parquet)

Run by scripts/bench.py under wait4 so its peak RSS is measured; prints one JSON line with the
rows dlt loaded: {"pos": N, "lines": M}. The source is configured the way a dlt user would for
this API: offset pagination on $skip/$top (100 a page), $expand=PODetails, an incremental cursor
on ChangeDate sent as an OData $filter, primary key PONum, merge write disposition.
"""
import json
import os
import sys

import dlt
from dlt.sources.helpers.rest_client.auth import HttpBasicAuth
from dlt.sources.rest_api import rest_api_source


def epicor_source(sandbox):
    creds, base = sandbox["credentials"], sandbox["base_url"].rstrip("/")
    company = sandbox["settings"].get("company", "EPIC06")
    return rest_api_source({
        "client": {
            "base_url": f"{base}/api/v2/odata/{company}/",
            "auth": HttpBasicAuth(creds["username"], creds["password"]),
            "headers": {"x-api-key": creds["api_key"], "Accept": "application/json"},
        },
        "resource_defaults": {"primary_key": "PONum", "write_disposition": "merge"},
        "resources": [{
            "name": "purchase_orders",
            "endpoint": {
                "path": "Erp.BO.POSvc/POes",
                "params": {"$expand": "PODetails", "$orderby": "ChangeDate,PONum",
                           "$filter": "ChangeDate ge {incremental.start_value}"},
                "data_selector": "value",
                "paginator": {"type": "offset", "limit": 100, "offset_param": "$skip",
                              "limit_param": "$top", "total_path": None, "stop_after_empty_page": True},
                "incremental": {"cursor_path": "ChangeDate", "initial_value": "1900-01-01T00:00:00"},
            },
        }],
    })


def main():
    sandbox = next(s for s in map(json.loads, open(sys.argv[1])) if s["system"] == "epicor")
    work, file_format = sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    os.environ["DLT_DATA_DIR"] = os.path.join(work, "dlt-data")
    os.environ["DLT_PIPELINE_DIR"] = os.path.join(work, "pipelines")
    pipeline = dlt.pipeline(pipeline_name=f"epicor_{file_format}", destination=dlt.destinations.duckdb(
        os.path.join(work, f"epicor_{file_format}.duckdb")), dataset_name="epicor",
        pipelines_dir=os.path.join(work, "pipelines"))
    kwargs = {} if file_format == "default" else {"loader_file_format": file_format}
    pipeline.run(epicor_source(sandbox), **kwargs)
    with pipeline.sql_client() as client:
        pos = client.execute_sql("SELECT COUNT(*) FROM purchase_orders")[0][0]
        lines = client.execute_sql("SELECT COUNT(*) FROM purchase_orders__po_details")[0][0]
    print(json.dumps({"pos": pos, "lines": lines}))


if __name__ == "__main__":
    main()

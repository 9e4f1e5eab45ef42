#!/usr/bin/env python3
"""Writes wca-dashboard.json (Grafana, Prometheus data source). Edit the panels here and rerun; the JSON is committed."""
import json, os

PANELS = [
    # (title, unit, [(expr, legend)])
    ("Agents reporting", "short", [("count(wca_up)", "agents")]),
    ("Tasks measured", "short", [("sum by (host) (wca_tasks_measured)", "{{host}}")]),
    ("Task CPU", "percentunit", [("sum by (host, task_name) (rate(task_cpu_usage_seconds[$__rate_interval]))", "{{host}} {{task_name}}")]),
    ("Task memory", "bytes", [("sum by (host, task_name) (task_mem_usage_bytes)", "{{host}} {{task_name}}")]),
    ("Task CPU pressure (PSI some)", "percentunit",
     [("sum by (host, task_name) (rate(task_pressure_stalled_seconds{resource=\"cpu\",kind=\"some\"}[$__rate_interval]))", "{{host}} {{task_name}}")]),
    ("Task memory pressure (PSI full)", "percentunit",
     [("sum by (host, task_name) (rate(task_pressure_stalled_seconds{resource=\"memory\",kind=\"full\"}[$__rate_interval]))", "{{host}} {{task_name}}")]),
    ("Task IPC (perf)", "short", [("avg by (host, task_name) (task_ipc)", "{{host}} {{task_name}}")]),
    ("Task LLC occupancy (RDT)", "bytes", [("sum by (host, task_name) (task_llc_occupancy_bytes)", "{{host}} {{task_name}}")]),
    ("Task memory bandwidth (RDT)", "Bps", [("sum by (host, task_name) (rate(task_mem_bandwidth_bytes[$__rate_interval]))", "{{host}} {{task_name}}")]),
    ("Anomalies", "short", [("sum by (host) (increase(anomaly_count[$__rate_interval]))", "{{host}}")]),
    ("Allocations", "short", [("sum by (host) (allocations_count)", "{{host}} applied"),
                              ("sum by (host) (allocations_errors)", "{{host}} errors")]),
    ("Agent CPU", "percentunit", [("rate(wca_cpu_usage_seconds[$__rate_interval])", "{{host}}")]),
    ("Agent memory (resident)", "bytes", [("wca_mem_resident_bytes", "{{host}}")]),
    ("Iteration duration", "s", [("wca_duration_seconds{function=\"iteration\"}", "{{host}}")]),
    ("Iteration overruns", "short", [("increase(wca_iteration_overrun_count[$__rate_interval])", "{{host}}")]),
    ("Storage backlog", "short", [("wca_storage_queue_packages", "{{host}} {{storage}}")]),
]


def panel(index, title, unit, targets):
    return {
        "id": index + 1,
        "type": "timeseries",
        "title": title,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"h": 8, "w": 12, "x": (index % 2) * 12, "y": (index // 2) * 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [{"refId": chr(ord("A") + i), "expr": expr, "legendFormat": legend} for i, (expr, legend) in enumerate(targets)],
    }


dashboard = {
    "title": "Workload Collocation Agent",
    "uid": "wca-dotnet",
    "schemaVersion": 39,
    "tags": ["wca"],
    "time": {"from": "now-1h", "to": "now"},
    "refresh": "30s",
    "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Prometheus"}]},
    "panels": [panel(i, *p) for i, p in enumerate(PANELS)],
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "wca-dashboard.json"), "w") as out:
    json.dump(dashboard, out, indent=2)
    out.write("\n")

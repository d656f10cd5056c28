"""What the service tells its operators: metrics, traces and error reports.

Kept apart from the rest of the infrastructure: each module is switched by its
own settings (`METRICS__*`, `TRACING__*`, `SENTRY__*`) and costs nothing while off.
"""

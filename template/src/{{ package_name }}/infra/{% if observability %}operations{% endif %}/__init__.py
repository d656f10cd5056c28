"""What operators run the service with: metrics, traces, error reports and backups.

Kept apart from the rest of the infrastructure: each part is switched by its
own settings (`METRICS__*`, `TRACING__*`, `SENTRY__*`) and costs nothing while
off; `backups` copies the database to a file and back for the `backup` and
`restore` commands.
"""

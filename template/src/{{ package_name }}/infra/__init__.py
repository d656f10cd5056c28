"""What the app runs on: settings, database, migrations, logs, clock, shared stores."""

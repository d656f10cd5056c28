"""Business rules. Services raise `AppError`s, never commit, never know HTTP."""

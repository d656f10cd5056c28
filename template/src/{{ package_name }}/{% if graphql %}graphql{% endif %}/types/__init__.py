"""GraphQL object types, one module a feature (the GraphQL side of `schemas/`)."""

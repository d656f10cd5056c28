"""Root fields, one module a feature, found by discovery (the GraphQL side of `routes/`).

A module here defines a `Query` and/or a `Mutation` Strawberry type; the schema
merges every module's into the root types, so adding a feature never means
editing a central list. Resolvers are thin, like routes: parse the arguments,
call the feature's service (built by the REST route module's own factory) and
shape the answer. Each root field names its permission class (`permissions.py`).
"""

"""The GraphQL endpoint (`/api/v1/graphql`), served beside REST from the same services.

Resolvers parse, call a service and shape the answer, like routes; the rules,
the permission checks and the error codes are the ones REST uses, so a rule
enforced in a service holds for both. `endpoint.install_graphql` mounts it.
"""

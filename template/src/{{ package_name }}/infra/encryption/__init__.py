"""Encryption at rest: the encrypted column type and its keys, and key rotation."""

"""Encryption at rest for chosen text columns, under the data keys of the settings.

A column declared `EncryptedText("customers.tax_id")` (what `scaffold add
resource` writes for a `tax_id:str:encrypted` field) holds
`enc1:<key id>:<nonce and ciphertext>`: AES-256-GCM, a fresh random nonce per
write, so the database, its backups and its logs never see the value, and equal
values do not look equal. The label is authenticated with the ciphertext: a value
copied into another column, or altered, fails to decrypt instead of being read.
It does not hide a value's length, nor that a row's value changed; and whoever
runs the app with its keys (or reads its responses, which the idempotency
store keeps for replays) reads the values: it protects data at rest, not a
compromised app.

Keys rotate without downtime: `SECURITY__DATA_KEYS` lists them newest first;
the newest encrypts every write, all of them decrypt, and
`python -m <package> reencrypt` moves old rows to the newest key, after which
the old key can go.

Column types are declared once per process, when the models are imported,
before any settings exist; so the keys are the one piece of process-wide state:
`build_components()` installs them, and every `EncryptedText` column uses the
installed ones.
"""

import base64
import binascii
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Column, ColumnElement, MetaData, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

#: The format's version, first in every stored value.
TOKEN_PREFIX = "enc1"  # noqa: S105 - a format marker, not a secret
KEY_BYTES = 32
NONCE_BYTES = 12
#: Hex digits of a key's id: enough that two keys never share one, and free of
#: the characters SQL's LIKE treats specially (`reencrypt` selects by it).
KEY_ID_LENGTH = 12
DATA_KEYS_SETTING = "SECURITY__DATA_KEYS"
NEW_KEY_COMMAND = (
    'python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'
)


class DataKeyError(RuntimeError):
    """Stored values cannot be encrypted or decrypted: keys missing, unknown, or data altered.

    The message names the column and the setting to fix, never the value.
    """


def decode_data_key(text: str) -> bytes:
    """Return the 32 bytes of a key written as URL-safe base64 (padding optional).

    Raises:
        ValueError: The text is not base64 of exactly 32 bytes.

    """
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        msg = (
            f"each of {DATA_KEYS_SETTING} must be {KEY_BYTES} random bytes in URL-safe base64 "
            f"({NEW_KEY_COMMAND})"
        )
        raise ValueError(msg)
    return raw


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class DataKey:
    """One key and its id; the id is derived from the key, so no setting names it."""

    id: str
    cipher: AESGCM

    @classmethod
    def from_text(cls, text: str) -> "DataKey":
        """Read a key as the settings hold it."""
        raw = decode_data_key(text)
        key_id = hashlib.sha256(b"data-key-id:" + raw).hexdigest()[:KEY_ID_LENGTH]
        return cls(id=key_id, cipher=AESGCM(raw))


class DataKeyring:
    """The data keys, newest first: the newest encrypts, any of them decrypts."""

    def __init__(self, keys: Sequence[DataKey]) -> None:
        if not keys:
            msg = f"{DATA_KEYS_SETTING} lists no key"
            raise DataKeyError(msg)
        self.keys = {key.id: key for key in keys}
        if len(self.keys) != len(keys):
            msg = f"{DATA_KEYS_SETTING} lists the same key twice"
            raise DataKeyError(msg)
        self.newest = keys[0]

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> "DataKeyring":
        """Build the keyring from the settings' list, newest first."""
        return cls([DataKey.from_text(text) for text in texts])

    def current_prefix(self) -> str:
        """How every value written under the newest key starts."""
        return f"{TOKEN_PREFIX}:{self.newest.id}:"

    def encrypt(self, value: str, label: str) -> str:
        """Encrypt `value` for the column `label` under the newest key."""
        header = self.current_prefix()
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self.newest.cipher.encrypt(nonce, value.encode(), (header + label).encode())
        return header + _encode(nonce + sealed)

    def decrypt(self, token: str, label: str) -> str:
        """Decrypt a stored value of the column `label`, under whichever key wrote it.

        Raises:
            DataKeyError: The value is no ciphertext of ours, its key is not
                listed, or it was altered or copied from another column.

        """
        prefix, _, rest = token.partition(":")
        key_id, _, body = rest.partition(":")
        if prefix != TOKEN_PREFIX or not body:
            msg = f"{label} holds a value that is not encrypted (written around the app?)"
            raise DataKeyError(msg)
        key = self.keys.get(key_id)
        if key is None:
            msg = (
                f"{label} holds a value encrypted under key {key_id}, which "
                f"{DATA_KEYS_SETTING} does not list: add that key back (after the newest)"
            )
            raise DataKeyError(msg)
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            header = f"{prefix}:{key_id}:"
            associated = (header + label).encode()
            plain = key.cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated)
        except (InvalidTag, binascii.Error, ValueError):
            msg = f"{label} holds a value that fails authentication: altered, or moved"
            raise DataKeyError(msg) from None
        return plain.decode()

    def reencrypt(self, token: str, label: str) -> str:
        """Return the value encrypted under the newest key (as is if it already is)."""
        if token.startswith(self.current_prefix()):
            return token
        return self.encrypt(self.decrypt(token, label), label)


class _InstalledKeyring:
    """The process's keyring; see the module's docstring for why there is one."""

    keyring: DataKeyring | None = None


def install_keyring(keyring: DataKeyring) -> None:
    """Make `keyring` the one every `EncryptedText` column uses from now on."""
    _InstalledKeyring.keyring = keyring


def installed_keyring() -> DataKeyring:
    """Return the installed keyring.

    Raises:
        DataKeyError: None is installed yet (no app components were built).

    """
    keyring = _InstalledKeyring.keyring
    if keyring is None:
        msg = "no data keys installed: build_components(settings) installs them"
        raise DataKeyError(msg)
    return keyring


class _NoComparison(TypeDecorator.Comparator[str]):
    """Refuse SQL that would compare or order ciphertext: it would quietly match nothing.

    Only `IS NULL` / `IS NOT NULL` mean the same on ciphertext as on the value.
    """

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> ColumnElement[Any]:
        if op in {operators.is_, operators.is_not}:
            return super().operate(op, *other, **kwargs)
        msg = (
            f"{self.expr} is encrypted: the database holds only ciphertext, so it cannot "
            f"filter, compare or sort on it ({getattr(op, '__name__', op)})"
        )
        raise TypeError(msg)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> ColumnElement[Any]:
        return self.operate(op, other, **kwargs)


class EncryptedText(TypeDecorator[str]):
    """A text column stored encrypted; `label` names it for good (see the module docstring).

    The database sees only ciphertext, different on every write, so it can
    neither compare nor order these values: SQL that tries raises a TypeError.
    """

    impl = Text
    cache_ok = True
    comparator_factory = _NoComparison

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def process_bind_param(
        self,
        value: str | None,
        dialect: Dialect,  # noqa: ARG002 - signature fixed by SQLAlchemy
    ) -> str | None:
        """Encrypt on the way in (NULL stays NULL: an optional field shows it is empty)."""
        return None if value is None else installed_keyring().encrypt(value, self.label)

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002 - signature fixed by SQLAlchemy
    ) -> str | None:
        """Decrypt on the way out."""
        return None if value is None else installed_keyring().decrypt(str(value), self.label)


def encrypted_columns(metadata: MetaData) -> list[Column[Any]]:
    """Every `EncryptedText` column of the tables `metadata` knows."""
    return [
        column
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EncryptedText)
    ]


def install_data_keys(keys: Sequence[str], metadata: MetaData) -> None:
    """Install the settings' keys; with none, refuse to start if a column needs them.

    Development always has a key (the settings supply a fixed one); elsewhere,
    an app whose models store encrypted values must be given its own.
    """
    if keys:
        install_keyring(DataKeyring.from_texts(keys))
        return
    if columns := encrypted_columns(metadata):
        names = ", ".join(f"{column.table.name}.{column.name}" for column in columns)
        msg = (
            f"{DATA_KEYS_SETTING} must list at least one key outside development: {names} "
            f"{'is' if len(columns) == 1 else 'are'} stored encrypted. Generate a key with "
            f"{NEW_KEY_COMMAND} and set {DATA_KEYS_SETTING}='[\"<key>\"]'"
        )
        raise DataKeyError(msg)

"""A file's type from its first bytes (its magic number), never its name or a header.

A short signature table rather than a library: the allow-list may only name
types recognised here with certainty, each by a fixed signature at a fixed
offset, and the table is read in a minute. General sniffers (libmagic,
puremagic) guess among thousands of formats with confidence scores and
extension hints, which is more than a type allow-list needs and harder to
reason about. Executables and scripts are recognised too, so a refusal can
say what the file really is.
"""

from collections.abc import Callable

#: Enough leading bytes for every signature below.
SNIFF_BYTES = 16

Signature = Callable[[bytes], bool]


def _starts(*prefixes: bytes) -> Signature:
    return lambda head: head.startswith(prefixes)


def _webp(head: bytes) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WEBP"


#: Media type -> how its first bytes look. The allow-list (`STORAGE__ALLOWED_TYPES`)
#: picks among the first group; the second exists to name what is refused.
SIGNATURES: dict[str, Signature] = {
    "image/png": _starts(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": _starts(b"\xff\xd8\xff"),
    "image/gif": _starts(b"GIF87a", b"GIF89a"),
    "image/webp": _webp,
    "application/pdf": _starts(b"%PDF-"),
    "application/zip": _starts(b"PK\x03\x04"),
    # Programs and scripts: never served back as what their name claims.
    "application/x-executable": _starts(b"\x7fELF"),
    "application/x-msdownload": _starts(b"MZ"),
    "application/x-mach-binary": _starts(
        b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"
    ),
    "text/x-shellscript": _starts(b"#!"),
}
EXECUTABLE_TYPES = frozenset(
    {
        "application/x-executable",
        "application/x-msdownload",
        "application/x-mach-binary",
        "text/x-shellscript",
    }
)
#: What a file matching no signature is called.
UNKNOWN_TYPE = "application/octet-stream"
ALLOWABLE_TYPES = frozenset(SIGNATURES) - EXECUTABLE_TYPES


def sniff_content_type(head: bytes) -> str:
    """Name the media type the first `SNIFF_BYTES` bytes show (or `application/octet-stream`)."""
    for content_type, matches in SIGNATURES.items():
        if matches(head):
            return content_type
    return UNKNOWN_TYPE

"""Conditional GETs: an `ETag` on single resources, `304 Not Modified` when the client has it.

A route takes `conditional: ConditionalGet` and returns
`ok(conditional.check(thing))`. The tag is a digest of the resource's data
(not of the envelope, whose timestamp changes every time), so it changes
exactly when the resource does; it is weak (`W/"..."`) because the bytes of
the envelope around it differ. A client sending the tag back in
`If-None-Match` gets an empty 304 instead of the body.
"""

import hashlib
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Response
from pydantic_core import to_json

DataT = TypeVar("DataT")

#: OpenAPI entry for routes that may answer 304 (`responses=NOT_MODIFIED_RESPONSE`).
NOT_MODIFIED_RESPONSE: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the `If-None-Match` tag is the current one."}
}


class NotModified(Exception):
    """Raised to answer 304; the exception handler sends it with the tag."""

    def __init__(self, etag: str) -> None:
        super().__init__("not modified")
        self.etag = etag


def entity_tag(data: Any) -> str:
    """Return the weak tag of `data` (anything the response would serialise)."""
    return f'W/"{hashlib.sha256(to_json(data)).hexdigest()[:32]}"'


def tag_matches(if_none_match: str, etag: str) -> bool:
    """Compare as RFC 9110 says for If-None-Match: weakly, against each listed tag or `*`."""
    opaque = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False


class ConditionalCheck:
    """Tag a resource on its way out, and stop at 304 when the client's copy is current."""

    def __init__(self, response: Response, if_none_match: str | None) -> None:
        self.response = response
        self.if_none_match = if_none_match

    def check(self, data: DataT) -> DataT:
        """Set `ETag` for `data`; raise `NotModified` if the client already holds it."""
        etag = entity_tag(data)
        if self.if_none_match is not None and tag_matches(self.if_none_match, etag):
            raise NotModified(etag)
        self.response.headers["ETag"] = etag
        return data


async def conditional_check(
    response: Response,
    if_none_match: Annotated[
        str | None,
        Header(description="A tag from an earlier `ETag`: answered 304 if still current."),
    ] = None,
) -> ConditionalCheck:
    """Build the request's check; `async def`, so FastAPI calls it without a thread hop."""
    return ConditionalCheck(response, if_none_match)


ConditionalGet = Annotated[ConditionalCheck, Depends(conditional_check)]

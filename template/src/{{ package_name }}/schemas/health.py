"""Bodies of the health probes."""

from typing import Literal

from pydantic import BaseModel


class LiveStatus(BaseModel):
    """The process is up and serving requests."""

    status: Literal["ok"] = "ok"


class ReadyStatus(BaseModel):
    """The service can do real work: every dependency answered."""

    status: Literal["ok"] = "ok"
    database: Literal["ok"] = "ok"

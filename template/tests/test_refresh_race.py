"""Refresh-token rotation under a race: the same token presented twice at the same moment.

A thief replaying a stolen refresh token while its owner refreshes must not
fork the session: exactly one of the two requests may get a new pair, the
other counts as reuse and ends the session. The app runs on a database of its
own with real commits, and the two requests run concurrently on separate
connections, as two clients would (on PostgreSQL a read-then-write rotation
lets both through).
"""

import asyncio

import pytest
from fastapi import FastAPI

from .conftest import client_for
from .helpers import bearer, signed_in

ROUNDS = 4


@pytest.mark.convention("AUTH-SESSIONS")
async def test_concurrent_refreshes_with_one_token_fork_no_session(
    committed_app: FastAPI,
) -> None:
    async with (
        client_for(committed_app, "203.0.113.1") as owner,
        client_for(committed_app, "198.51.100.2") as thief,
    ):
        for round_number in range(ROUNDS):
            tokens = await signed_in(owner, f"race{round_number}@example.com")
            body = {"refresh_token": tokens["refresh_token"]}
            answers = await asyncio.gather(
                owner.post("/api/v1/auth/refresh", json=body),
                thief.post("/api/v1/auth/refresh", json=body),
            )
            statuses = sorted(answer.status_code for answer in answers)
            assert statuses == [200, 401], f"round {round_number}: {statuses}"
            (winner,) = (answer.json()["data"] for answer in answers if answer.is_success)
            # The loser's attempt was reuse: the family, the winner's new pair included, ends.
            me = await owner.get("/api/v1/users/me", headers=bearer(winner["access_token"]))
            assert me.status_code == 401, f"round {round_number}: the session forked"

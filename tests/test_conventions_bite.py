"""Proof that the generated conventions suite bites.

Each case copies the rendered SQLite project, plants one violation (a few
lines a developer could plausibly write: a route returning a bare dict, a
service that commits, a model change without a migration...) and runs the
tests the catalogue names as verifying that convention, those among them whose
messages can name it (feature tests that merely agree are left out to save
time). The run must fail, and its output must name the convention:
``convention <ID> violated:``.

The unplanted project passes those same tests (tests/test_generated_project.py
runs its whole suite), so each failure here is the planted violation's doing.
A planted import against the layering must also fail ``lint-imports`` itself,
the command developers and nox run.
Slow: one pytest run of the generated project per case, in the virtualenv
all generated checks share.
"""

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.catalogue import load_catalogue, verifying_tests
from tests.convention_names import conventions_named_by_tests
from tests.helpers import LINT_IMPORTS, run_command

pytestmark = pytest.mark.slow

#: What earlier checks of the rendered project left in it, not worth copying.
LEFT_BEHIND = shutil.ignore_patterns(".git", "__pycache__", ".*_cache", ".hypothesis")
#: Where a planted feature lives; ``<package>`` is the generated import package.
WIDGETS = "src/<package>/routes/widgets.py"

WIDGETS_HEADER = '''\
"""Widgets, planted by the scaffolder's tests to break one convention."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel

from ..security.current_user import PUBLIC_ROUTE, CurrentUser, PermissionRequirement
from ..api.envelope import Envelope, ok
from ..security.rbac import ADMIN_ROLE, grant
from ..models.user import User

router = APIRouter(prefix="/widgets", tags=["widgets"])


class Widget(BaseModel):
    name: str

'''


def widgets_module(routes: str) -> dict[str, str]:
    """A new feature module: the common header plus the planted routes."""
    return {WIDGETS: WIDGETS_HEADER + "\n" + routes}


@dataclass(frozen=True)
class Edit:
    """Replace ``old``, which must occur exactly once in the file at ``path``, by ``new``."""

    path: str
    old: str
    new: str


@dataclass(frozen=True)
class Violation:
    """One planted mistake: whole files to add, then edits to existing files, in order."""

    convention: str
    files: Mapping[str, str] = field(default_factory=dict)
    edits: tuple[Edit, ...] = ()


VIOLATIONS = {
    "route-returns-a-bare-dict": Violation(
        "RESP-ENVELOPE",
        widgets_module('''
@router.get("/names", summary="Widget names")
async def widget_names(user: CurrentUser) -> dict[str, list[str]]:
    """The names of all widgets."""
    return {"names": ["sprocket"]}
'''),
    ),
    "route-without-auth": Violation(
        "AUTH-REQUIRED",
        widgets_module('''
@router.get("/count", summary="Count widgets")
async def count_widgets() -> Envelope[int]:
    """How many widgets exist."""
    return ok(3)
'''),
    ),
    "list-without-pagination": Violation(
        "LIST-PAGINATED",
        widgets_module('''
@router.get("", summary="List widgets")
async def list_widgets(user: CurrentUser) -> Envelope[list[Widget]]:
    """Every widget, all at once."""
    return ok([Widget(name="sprocket")])
'''),
    ),
    "list-ordered-by-a-key-that-ties": Violation(
        "LIST-STABLE-ORDER",
        edits=(
            Edit(
                "src/<package>/services/users.py",
                "        return await fetch_page(self.session, User, query)\n",
                "        newest = select(User).order_by(User.created_at.desc())\n"
                "        rows = await self.session.scalars(newest.limit(query.page_size))\n"
                '        return Page(items=list(rows), meta={"page_size": query.page_size})\n',
            ),
        ),
    ),
    "service-prints-while-it-works": Violation(
        "NO-PRINT",
        edits=(
            Edit(
                "src/<package>/services/users.py",
                "        user.is_active = False\n",
                '        user.is_active = False\n        print(f"deactivated {user.email}")\n',
            ),
        ),
    ),
    "mailer-writes-to-stdout": Violation(
        "NO-PRINT",
        files={
            "src/<package>/mail/console.py": '''\
"""Mail for development, on the terminal."""

import sys

from .mailer import EmailMessage


class ConsoleMailer:
    async def send(self, message: EmailMessage) -> None:
        sys.stdout.write(f"To: {message.to}\\n\\n{message.body}\\n")
'''
        },
    ),
    "service-calls-a-remote-api-in-the-request": Violation(
        "NO-INLINE-NETWORK",
        files={
            "src/<package>/services/newsletter.py": '''\
"""Newsletter sign-up, straight from the request."""

import httpx


async def subscribe(email: str) -> None:
    async with httpx.AsyncClient() as client:
        await client.post("https://newsletter.example.com/subscribers", json={"email": email})
'''
        },
    ),
    "service-hands-a-job-to-the-broker-itself": Violation(
        "JOBS-THROUGH-OUTBOX",
        files={
            "src/<package>/services/reports.py": '''\
"""Reports, sent to a broker before the request commits."""

from taskiq import InMemoryBroker

broker = InMemoryBroker()


@broker.task
async def build_report(user_id: str) -> None:
    """Build the report."""


async def request_report(user_id: str) -> None:
    await build_report.kiq(user_id)
'''
        },
    ),
    "module-grown-past-300-lines": Violation(
        "CODE-SIZE",
        files={
            "src/<package>/security/known_passwords.py": '''"""Passwords to refuse."""\n\n'''
            + "".join(f'PASSWORD_{number} = "password{number}"\n' for number in range(300))
        },
    ),
    "response-schema-exposes-password-hash": Violation(
        "RESP-NO-SECRETS",
        edits=(
            Edit(
                "src/<package>/schemas/user.py",
                "    id: uuid.UUID\n    email: str\n",
                "    id: uuid.UUID\n    email: str\n    password_hash: str\n",
            ),
        ),
    ),
    "model-change-without-migration": Violation(
        "DB-NO-DRIFT",
        edits=(
            Edit(
                "src/<package>/models/user.py",
                "    is_active: Mapped[bool]",
                "    nickname: Mapped[str | None] = mapped_column(String(50))\n"
                "    is_active: Mapped[bool]",
            ),
        ),
    ),
    "base-http-middleware": Violation(
        "MW-PURE-ASGI",
        files={
            "src/<package>/middleware/timing.py": '''\
"""Response timing, the easy way."""

import time
from collections.abc import Awaitable, Callable

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response


class TimingMiddleware(BaseHTTPMiddleware):
    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Elapsed"] = f"{time.perf_counter() - started:.4f}"
        return response
'''
        },
        edits=(
            Edit(
                "src/<package>/middleware/stack.py",
                "from .request_id import RequestIdMiddleware\n",
                "from .request_id import RequestIdMiddleware\n"
                "from .timing import TimingMiddleware\n",
            ),
            Edit(
                "src/<package>/middleware/stack.py",
                "        Middleware(IdempotencyMiddleware),\n",
                "        Middleware(IdempotencyMiddleware),\n"
                "        Middleware(TimingMiddleware),\n",
            ),
        ),
    ),
    "handler-turns-exceptions-into-their-message": Violation(
        "ERR-NO-LEAKS",
        edits=(
            Edit(
                "src/<package>/api/error_handlers.py",
                "    app.add_exception_handler(AppError, handle_app_error)\n",
                "    app.add_exception_handler(AppError, handle_app_error)\n"
                "    app.add_exception_handler(ValueError, handle_value_error)\n\n\n"
                "async def handle_value_error(request: Request, exc: Exception) -> Response:\n"
                "    request_id = get_request_id(request.scope)\n"
                '    return error_response(400, "BAD_REQUEST", str(exc), request_id=request_id)\n',
            ),
        ),
    ),
    "unhandled-exception-text-in-the-500": Violation(
        "ERR-NO-LEAKS",
        edits=(
            Edit(
                "src/<package>/middleware/unhandled_errors.py",
                "        except Exception:\n",
                "        except Exception as exc:\n",
            ),
            Edit(
                "src/<package>/middleware/unhandled_errors.py",
                "app_error_response(InternalError(), scope)",
                "app_error_response(InternalError(str(exc)), scope)",
            ),
        ),
    ),
    "route-outside-the-versioned-prefix": Violation(
        "API-VERSIONED",
        widgets_module('''
UNVERSIONED = True


@router.get("/featured", summary="Featured widget")
async def featured_widget(user: CurrentUser) -> Envelope[Widget]:
    """The widget of the day."""
    return ok(Widget(name="sprocket"))
'''),
    ),
    "service-imports-fastapi": Violation(
        "LAYERS",
        edits=(
            Edit(
                "src/<package>/services/users.py",
                "from pydantic import JsonValue\n",
                "from fastapi import HTTPException\nfrom pydantic import JsonValue\n",
            ),
        ),
    ),
    "infra-imports-routes": Violation(
        "LAYERS",
        files={
            "src/<package>/infra/route_index.py": '''\
"""Every path the users feature serves, for tools that want a list."""

from ..routes.users import router

USER_PATHS = [route.path for route in router.routes]
'''
        },
    ),
    "route-runs-a-query": Violation(
        "ROUTES-NO-QUERIES",
        widgets_module('''
from sqlalchemy import func, select

from ..infra.database import DbSession


@router.get("/accounts", summary="Count accounts")
async def count_accounts(user: CurrentUser, db: DbSession) -> Envelope[int]:
    """How many accounts exist."""
    return ok(await db.scalar(select(func.count()).select_from(User)) or 0)
'''),
    ),
    "route-takes-the-session": Violation(
        "ROUTES-NO-QUERIES",
        widgets_module('''
from ..infra.database import DbSession


@router.get("/me-again", summary="Me, again")
async def me_again(user: CurrentUser, db: DbSession) -> Envelope[str]:
    """Your email, read once more."""
    again = await db.get(User, user.id)
    return ok(again.email if again else "")
'''),
    ),
    "service-commits": Violation(
        "DB-UNIT-OF-WORK",
        edits=(
            Edit(
                "src/<package>/services/users.py",
                "        user.roles = sorted(set(roles))\n        await self.session.flush()\n",
                "        user.roles = sorted(set(roles))\n        await self.session.commit()\n",
            ),
        ),
    ),
    "naive-datetime-column": Violation(
        "RESP-UTC-TIMESTAMPS",
        files={
            "src/<package>/models/audit_entry.py": '''\
"""Audit entries, with a timestamp column that forgot its time zone."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    happened_at: Mapped[datetime] = mapped_column(DateTime())
'''
        },
    ),
    "index-on-an-encrypted-column": Violation(
        "DATA-ENCRYPTED",
        files={
            "src/<package>/models/payee.py": '''\
"""Payees, with an encrypted account number someone wanted to look up fast."""

import uuid

from sqlalchemy.orm import Mapped, mapped_column

from ..infra.encryption.columns import EncryptedText
from .base import Base


class Payee(Base):
    __tablename__ = "payees"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account: Mapped[str] = mapped_column(EncryptedText("payees.account"), index=True)
'''
        },
    ),
    "naive-timestamp-in-a-response": Violation(
        "RESP-UTC-TIMESTAMPS",
        widgets_module('''
class WidgetClock(BaseModel):
    now: datetime


@router.get("/clock", summary="Widget clock")
async def widget_clock(user: CurrentUser) -> Envelope[WidgetClock]:
    """The server's time, as widgets see it."""
    return ok(WidgetClock(now=datetime.now()))  # noqa: DTZ005
'''),
    ),
    "operation-without-docstring": Violation(
        "API-DOCUMENTED",
        widgets_module("""
@router.get("/latest", summary="Latest widget")
async def latest_widget(user: CurrentUser) -> Envelope[Widget]:
    return ok(Widget(name="sprocket"))
"""),
    ),
    "plain-starlette-route": Violation(
        "API-DOCUMENTED",
        widgets_module("""
async def widget_debug(request: Request) -> PlainTextResponse:
    return PlainTextResponse("debug")


router.add_route("/debug", widget_debug)
"""),
    ),
    "two-schemas-one-name": Violation(
        "API-DOCUMENTED",
        widgets_module('''
class UserRead(BaseModel):
    """A widget's maker, named like the account schema."""

    name: str


@router.get("/maker", summary="The widgets' maker")
async def widget_maker(user: CurrentUser) -> Envelope[UserRead]:
    """Who makes the widgets."""
    return ok(UserRead(name="Ann"))
'''),
    ),
    "admin-route-lost-its-permission": Violation(
        "AUTHZ-ADMIN",
        edits=(
            Edit(
                "src/<package>/routes/users.py",
                "admin: Annotated[User, require_permission(USERS_DELETE)]",
                "admin: CurrentUser",
            ),
        ),
    ),
    "admin-route-guard-with-a-hole": Violation(
        "AUTHZ-ADMIN",
        widgets_module('''
grant(ADMIN_ROLE, "widgets:purge")


class OwnerOrPermission(PermissionRequirement):
    async def __call__(self, user: CurrentUser) -> User:
        return user  # meant to check ownership first, then the permission


@router.delete("/purge", summary="Purge widgets")
async def purge_widgets(
    admin: Annotated[User, Depends(OwnerOrPermission("widgets:purge"))],
) -> Envelope[None]:
    """Delete every widget (`widgets:purge`)."""
    return ok(None)
'''),
    ),
    "request-body-accepts-unknown-fields": Violation(
        "VALIDATE-AT-BOUNDARY",
        widgets_module('''
@router.post("", summary="Create a widget")
async def create_widget(body: Widget, user: CurrentUser) -> Envelope[Widget]:
    """Make a widget."""
    return ok(body)
'''),
    ),
    "profile-name-typed-as-plain-str": Violation(
        "STORED-TEXT",
        edits=(
            Edit(
                "src/<package>/schemas/user.py",
                "    full_name: StoredText | None = Field(default=None, max_length=200)\n",
                "    full_name: str | None = Field(default=None, max_length=200)\n",
            ),
        ),
    ),
    "error-documented-without-the-error-envelope": Violation(
        "ERR-ENVELOPE",
        widgets_module('''
@router.get("/{name}", summary="Read a widget", responses={404: {"model": Widget}})
async def read_widget(name: str, user: CurrentUser) -> Envelope[Widget]:
    """One widget by name."""
    return ok(Widget(name=name))
'''),
    ),
    "request-id-middleware-removed": Violation(
        "HTTP-REQUEST-ID",
        edits=(
            Edit(
                "src/<package>/middleware/stack.py",
                "        Middleware(RequestIdMiddleware),\n",
                "",
            ),
        ),
    ),
    "security-headers-middleware-removed": Violation(
        "HTTP-SECURITY-HEADERS",
        edits=(
            Edit(
                "src/<package>/middleware/stack.py",
                "        Middleware(\n            SecurityHeadersMiddleware,\n",
                "        Middleware(\n            lambda app, **_options: app,\n",
            ),
        ),
    ),
    "sync-dependency": Violation(
        "DEPS-ASYNC",
        edits=(
            Edit(
                "src/<package>/routes/users.py",
                "async def get_user_service(",
                "def get_user_service(",
            ),
        ),
    ),
    "single-resource-get-without-etag": Violation(
        "HTTP-ETAG",
        widgets_module('''
@router.get("/{name}", summary="Read a widget")
async def read_widget(name: str, user: CurrentUser) -> Envelope[Widget]:
    """One widget by name."""
    return ok(Widget(name=name))
'''),
    ),
    "creating-post-without-idempotency-key": Violation(
        "HTTP-IDEMPOTENT",
        widgets_module('''
@router.post("", status_code=201, summary="Create a widget")
async def create_widget(body: Widget, user: CurrentUser) -> Envelope[Widget]:
    """Add a widget."""
    return ok(body)
'''),
    ),
    "body-does-not-match-the-declared-envelope": Violation(
        "API-CONTRACT",
        widgets_module('''
@router.get("/showcase", summary="Showcase widget", openapi_extra=PUBLIC_ROUTE)
async def showcase_widget() -> Envelope[Widget]:
    """The widget shown to visitors."""
    return JSONResponse({"name": "sprocket"})  # type: ignore[return-value]
'''),
    ),
}


def plant(project: Path, package_name: str, violation: Violation) -> None:
    """Write the violation into ``project``; fail loudly if the template moved on."""
    for relative, content in violation.files.items():
        path = project / relative.replace("<package>", package_name)
        assert not path.exists(), f"{path} exists already; choose another planted file"
        path.write_text(content)
    for edit in violation.edits:
        path = project / edit.path.replace("<package>", package_name)
        text = path.read_text()
        assert text.count(edit.old) == 1, f"{edit.path} no longer holds {edit.old!r} once"
        path.write_text(text.replace(edit.old, edit.new))


def test_every_violation_names_a_convention_with_tests() -> None:
    catalogued = {c["id"] for c in load_catalogue()}
    planted = {violation.convention for violation in VIOLATIONS.values()}
    assert planted <= catalogued
    assert len(planted) >= 10, "plant violations of at least ten conventions"


def planted_copy(source: Path, tmp_path: Path, violation: Violation) -> Path:
    """A copy of the rendered project ``source`` with ``violation`` planted in it."""
    project = tmp_path / source.name
    shutil.copytree(source, project, ignore=LEFT_BEHIND)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    plant(project, answers["package_name"], violation)
    return project


@pytest.mark.parametrize("name", VIOLATIONS)
def test_planted_violation_is_caught(
    generated_projects: dict[str, Path], checks_python: Path, tmp_path: Path, name: str
) -> None:
    violation = VIOLATIONS[name]
    project = planted_copy(generated_projects["sqlite"], tmp_path, violation)
    named = conventions_named_by_tests(project)
    tests = [t for t in verifying_tests(violation.convention) if violation.convention in named[t]]
    assert tests, f"no test verifying {violation.convention} names it in its messages"
    pytest_run = [str(checks_python), "-m", "pytest", "-p", "no:cacheprovider", "-q", *tests]
    completed = run_command(pytest_run, project, env={"PYTHONPATH": "src"})
    assert completed.returncode == 1, f"expected failing tests:\n{completed.stdout}"
    assert f"convention {violation.convention} violated" in completed.stdout, completed.stdout


#: The violations an import contract catches: ``lint-imports`` itself refuses them too.
IMPORT_VIOLATIONS = [
    name for name, violation in VIOLATIONS.items() if violation.convention == "LAYERS"
]


@pytest.mark.parametrize("name", IMPORT_VIOLATIONS)
def test_planted_import_violation_fails_lint_imports(
    generated_projects: dict[str, Path], checks_python: Path, tmp_path: Path, name: str
) -> None:
    project = planted_copy(generated_projects["sqlite"], tmp_path, VIOLATIONS[name])
    completed = run_command([str(checks_python), *LINT_IMPORTS], project, env={"PYTHONPATH": "src"})
    assert completed.returncode == 1, f"expected a broken contract:\n{completed.stdout}"
    assert "(convention LAYERS) BROKEN" in completed.stdout, completed.stdout

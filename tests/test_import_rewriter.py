"""The import rewriter points a user's imports at the modules 0.2.0 moved them to."""

import pytest

from scaffold.update_migrations.import_rewriter import Moves, rewrite_source
from scaffold.update_migrations.layout_0_2_0 import MODULE_MOVES, NAME_MOVES

MOVES = Moves("shop", MODULE_MOVES, NAME_MOVES)

#: (importer, was, source, rewritten)
CASES = {
    "a resource's relative imports": (
        "routes.notes",
        None,
        "from ..core.auth import CurrentUser\nfrom ..models.note import Note\n",
        "from ..security.current_user import CurrentUser\nfrom ..models.note import Note\n",
    ),
    "a moved module's own imports, from its new place": (
        "api.pagination",
        "core.pagination",
        "from .cursor import Cursor\nfrom .errors import ValidationError\n",
        "from .cursor import Cursor\nfrom ..errors import ValidationError\n",
    ),
    "a name that left its module": (
        "main",
        None,
        "from .services.auth import AuthService, LoginLimiters\n",
        "from .services.auth import AuthService\n"
        "from .security.attempt_limits import LoginLimiters\n",
    ),
    "a module imported from its package": (
        "main",
        None,
        "from .core import config\n",
        "from .infra import settings as config\n",
    ),
    "a test's absolute imports": (
        None,
        None,
        "from shop.core.config import Settings\nimport shop.core.clock as clock\n",
        "from shop.infra.settings import Settings\nimport shop.infra.clock as clock\n",
    ),
    "a test's own relative imports are its own": (
        None,
        None,
        "from .core.config import fixture\nfrom .helpers import signed_in\n",
        "from .core.config import fixture\nfrom .helpers import signed_in\n",
    ),
    "another package is left alone": (
        "routes.notes",
        None,
        "from core.config import x\nimport other.core.config\n",
        "from core.config import x\nimport other.core.config\n",
    ),
}


@pytest.mark.parametrize(
    ("importer", "was", "source", "rewritten"), CASES.values(), ids=CASES.keys()
)
def test_rewrites_imports_of_moved_modules(
    importer: str | None, was: str | None, source: str, rewritten: str
) -> None:
    assert rewrite_source(source, importer, MOVES, was=was) == rewritten
    assert rewrite_source(rewritten, importer, MOVES) == rewritten, (
        "rewriting twice changes nothing"
    )

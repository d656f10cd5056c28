"""The 0.2.0 update makes 0.1.0's generated service factories ``async def`` (DEPS-ASYNC)."""

from pathlib import Path

from scaffold.update_migrations.async_dependencies import (
    asyncify_service_factories,
    asyncify_source,
)

FACTORY = '''

def get_comment_service(db: DbSession) -> CommentService:
    """Build the request's comment service."""
    return CommentService(db)
'''


def test_a_generated_factory_becomes_async() -> None:
    rewritten = asyncify_source(FACTORY)
    assert "async def get_comment_service(db: DbSession) -> CommentService:" in rewritten
    assert rewritten.replace("async def", "def") == FACTORY


def test_other_functions_are_left_alone() -> None:
    source = """
def get_user_service(db: DbSession) -> UserService:
    service = UserService(db)
    service.warm()
    return service


def get_clock() -> Clock:
    return Clock()


async def get_tag_service(db: DbSession) -> TagService:
    return TagService(db)


@cached
def get_tax_service(db: DbSession) -> TaxService:
    return TaxService(db)
"""
    assert asyncify_source(source) == source


def test_a_signature_grown_too_long_is_folded_as_ruff_would() -> None:
    name = "get_" + "very_long_resource_name_" * 2 + "service"
    signature = f"def {name}(db: DbSession, hasher: Hasher) -> VeryLongResourceNameService:"
    source = f"{signature}\n    return X(db)\n"
    assert asyncify_source(source) == (
        f"async def {name}(\n    db: DbSession,\n    hasher: Hasher,\n"
        ") -> VeryLongResourceNameService:\n    return X(db)\n"
    )


def test_only_route_modules_change(tmp_path: Path) -> None:
    routes = tmp_path / "src" / "shop" / "routes"
    routes.mkdir(parents=True)
    (routes / "comments.py").write_text(FACTORY)
    (routes / "health.py").write_text("async def live() -> None: ...\n")
    (tmp_path / "src" / "shop" / "services.py").write_text(FACTORY)

    assert asyncify_service_factories(tmp_path, "src/shop") == ["src/shop/routes/comments.py"]
    assert (tmp_path / "src" / "shop" / "services.py").read_text() == FACTORY

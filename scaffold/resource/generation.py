"""One resource's generation: what it is made from, where its files go, what they import.

Every path and every import of the project's own modules comes from the
project's layout description, so generated code lands where the template put
its layers and imports the modules the template says it has.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from scaffold.project.layout import Layout, relative_import
from scaffold.resource.field_types.base import Import
from scaffold.resource.fields import FieldSpec
from scaffold.resource.python_source import Imports
from scaffold.resource.spec import Reference, ResourceSpec, spec_path


class ModuleImports(Imports):
    """The imports of one generated file, able to name the project's modules by layout.

    A module inside the package is imported relatively from inside it, and by
    its absolute name from outside (the tests), as Python requires.
    """

    def __init__(self, layout: Layout, file: PurePosixPath) -> None:
        super().__init__(first_party=layout.package_name)
        self.layout = layout
        self.file = file

    def add_module(self, name: str, *names: str) -> None:
        """Import ``names`` from the module the layout knows as ``name`` (``pagination``)."""
        self.add(self._import_path(self.layout.module(name)), *names)

    def add_import(self, entry: Import) -> None:
        """Import what a field type needs, from Python or from the project's own modules."""
        if entry.project:
            self.add_module(entry.module, entry.name)
        else:
            self.add(entry.module, entry.name)

    def add_layer(self, layer: str, stem: str, *names: str) -> None:
        """Import ``names`` from module ``stem`` of a feature layer (``models``, ``schemas``...)."""
        self.add(self._import_path(self.layout.directory(layer) / f"{stem}.py"), *names)

    def add_file(self, module: PurePosixPath, *names: str) -> None:
        """Import ``names`` from the module at ``module`` (a path from the project root)."""
        self.add(self._import_path(module), *names)

    def _import_path(self, module: PurePosixPath) -> str:
        package = self.layout.package
        if module.is_relative_to(package) and not self.file.is_relative_to(package):
            return self.layout.absolute_import(module)
        return relative_import(self.file, module)


@dataclass(frozen=True)
class ReferenceCheck:
    """An ``fk`` field the service checks before writing."""

    field: str
    class_name: str
    #: The target is owned like this resource: only the caller's own rows may be named.
    owner_scoped: bool


@dataclass(frozen=True)
class Generation:
    """Everything one resource's files are made from."""

    spec: ResourceSpec
    layout: Layout
    #: Every table the resource's ``fk`` fields reach, theirs included, by table name.
    references: Mapping[str, Reference]
    revision: str
    down_revision: str | None
    created: datetime
    #: The project serves GraphQL (its ``graphql`` answer): write the GraphQL files too.
    graphql: bool = False
    #: Resources whose GraphQL type exists, which this one's relations may load.
    graphql_targets: frozenset[str] = frozenset()

    @property
    def package(self) -> str:
        """The project's import package, e.g. ``my_api``."""
        return self.layout.package_name

    def reference(self, field: FieldSpec) -> Reference:
        """Where an ``fk`` field points."""
        return self.references[str(field.target)]

    @property
    def fk_fields(self) -> list[FieldSpec]:
        """The fields that point at other rows."""
        return [field for field in self.spec.fields if field.target is not None]

    def references_by_field(self) -> dict[str, Reference]:
        """Where each ``fk`` field points, by field name."""
        return {field.name: self.reference(field) for field in self.fk_fields}

    def reference_checks(self) -> list[ReferenceCheck]:
        """Owned rows may only point at their owner's owned rows."""
        return [
            ReferenceCheck(
                field=field.name,
                class_name=self.reference(field).class_name,
                owner_scoped=self.spec.owned and self.reference(field).owned_rows,
            )
            for field in self.fk_fields
        ]

    def paths(self) -> dict[str, PurePosixPath]:
        """Where each generated file goes, by kind, relative to the project root."""
        spec, layout = self.spec, self.layout
        paths = {
            "model": layout.directory("models") / f"{spec.singular}.py",
            "schemas": layout.directory("schemas") / f"{spec.singular}.py",
            "service": layout.directory("services") / f"{spec.name}.py",
            "routes": layout.directory("routes") / f"{spec.name}.py",
            "migration": layout.directory("migrations")
            / f"{self.created:%Y%m%d}_{self.revision}.py",
            "tests": layout.directory("tests") / f"test_{spec.name}.py",
            "spec": spec_path(spec.name),
        }
        if self.graphql:
            paths["graphql_type"] = self.graphql_type_path(spec.singular)
            paths["graphql_resolvers"] = (
                layout.module("graphql_resolvers").parent / f"{spec.name}.py"
            )
        return paths

    def graphql_type_path(self, singular: str) -> PurePosixPath:
        """Where the GraphQL type of the resource whose singular is ``singular`` lives."""
        return self.layout.module("graphql_types").parent / f"{singular}.py"

    def imports(self, kind: str) -> ModuleImports:
        """An empty import block for the generated file of ``kind`` (``model``, ``tests``...)."""
        return ModuleImports(self.layout, self.paths()[kind])

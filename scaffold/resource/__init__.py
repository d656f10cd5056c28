"""``scaffold add resource``: a CRUD resource generated in a project's own layout and style.

:mod:`~scaffold.resource.fields` reads the field specs, the types they name
are defined once in :mod:`~scaffold.resource.field_types`, and the column,
schema and sample renderers read them from there.
"""

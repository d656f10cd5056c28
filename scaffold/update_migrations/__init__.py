"""Scripts the template's ``_migrations`` run during ``copier update``.

They are part of the template (copier.yml runs them by path from the template
source, under the Python running Copier), so each one is a standalone script
that needs only the standard library and PyYAML; they live in this package to
ship with scaffold and be type-checked with it.
"""

"""``scaffold update`` and ``scaffold check-update``: a newer template version into a project.

:mod:`~scaffold.update.plan` finds the template repository and the versions
to go between, :mod:`~scaffold.update.check` compares them, and
:mod:`~scaffold.update.apply` runs Copier's three-way merge.
"""

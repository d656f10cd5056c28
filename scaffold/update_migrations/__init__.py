"""Scripts the template's ``_migrations`` run during ``copier update``.

They are part of the template (copier.yml runs them by path from the template
source, under the Python running Copier), so they need only the standard
library, PyYAML and Copier itself; they live in this package to ship with
scaffold and be type-checked with it. A one-file script runs as it is
(``rename_answer.py``); one made of several modules runs through ``run.py``,
which loads this directory as a package (``relayout.py``).
"""

"""Helpers that know nothing of templates or projects: processes, git, installs, files.

Everything else in scaffold builds on these; they import nothing from it but
:mod:`scaffold.errors`.
"""

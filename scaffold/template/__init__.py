"""The Copier template: where it is, its versions, the releases shipped with scaffold, rendering.

:mod:`~scaffold.template.source` finds the template and its questions,
:mod:`~scaffold.template.versions` reads PEP 440 version tags,
:mod:`~scaffold.template.repository` keeps the local repository of template
versions that updates are computed from, :mod:`~scaffold.template.render`
runs Copier, and :mod:`~scaffold.template.answers` checks answers given on the
command line.
"""

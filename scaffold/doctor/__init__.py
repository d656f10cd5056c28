"""``scaffold doctor``: inspect a generated project, one result per check.

:mod:`~scaffold.doctor.report` runs the checks; the ones that need the
project's own code run scripts of :mod:`~scaffold.doctor.probes` under the
project's interpreter.
"""

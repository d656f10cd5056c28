"""A generated project as scaffold reads it: its answers file, its layout, its code.

Everything is read from files, never by importing the project's code, so it
works before the project's virtualenv exists and never runs what it inspects.
"""

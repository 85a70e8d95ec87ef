"""Internals of the HTML front-end (see :mod:`boilerstrip.html` for the public entry point)."""

"""Maintainer tools (not installed with the tutorial): ``python tools/build_notebooks.py``."""

"""Where this Python runs: on a computer or server, or inside a browser page (JupyterLite).

The browser edition runs the same lessons in Pyodide, a Python compiled to WebAssembly. There a
program cannot listen on a socket (the sandbox answers inside the page), files live in the
browser's storage for the site, and the browser may refuse a call to another site (CORS).

>>> in_browser() in (True, False)
True
"""

from __future__ import annotations

import sys

# JupyterLite's Pyodide kernel mounts the site's files (the browser's storage) here.
BROWSER_DRIVE = "/drive"


def in_browser() -> bool:
    """True inside a browser page (Pyodide, e.g. the JupyterLite edition)."""
    return sys.platform == "emscripten"

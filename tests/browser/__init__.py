"""Browser tests: JupyterLab and Voila driven by Playwright and Debian's chromium."""

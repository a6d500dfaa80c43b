"""One Ctrl+C stops ``tasks.py run`` and ``wizard`` run from a terminal, with the wizard (Voila)
and a lesson (JupyterLab) open in a browser, and leaves no process behind (server, Voila's
kernel, the lesson's kernel).

The upper bound waited for is generous (30 s) and is not the figure: the seconds measured are
printed here, and ``bench/bench_stop.py`` measures them over several runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Ctrl+C is a POSIX signal here")


@pytest.mark.parametrize(("kind", "lang"), [("wizard", "en"), ("run", "pt")])
def test_one_ctrl_c_stops_the_server_and_every_kernel(
    kind, lang, tmp_path, record_property, browser
):
    from tests import stop_rig

    root = stop_rig.copy_repository(Path(tempfile.mkdtemp(prefix="clave-api-keap-")))
    server = stop_rig.start(root, tmp_path, kind, lang)
    pids: set[int] = set()
    try:
        pages = stop_rig.open_wizard_and_lesson(server, lang, browser)
        if kind == "run":  # JupyterLab's own menus in the edition's language, as on Binder
            assert stop_rig.lab_locale(server) == {"es": "es_ES", "pt": "pt_BR"}.get(lang)
        pids = stop_rig.session_processes(server)
        assert len(pids) >= 4  # tasks.py, the server, the wizard's kernel, the lesson's kernel
        stopped = stop_rig.interrupt(server)  # the pages stay open, as a learner's do
        for page in pages:
            page.close()
    finally:
        stop_rig.clean_up(pids | stop_rig.session_processes(server))
        shutil.rmtree(root, ignore_errors=True)
    record_property("seconds_to_exit", round(stopped.seconds_to_exit, 2))
    print(
        f"\n{kind} {lang}: exited {stopped.seconds_to_exit:.2f} s after Ctrl+C, "
        f"nothing left after {stopped.seconds_to_none_left:.2f} s ({stopped.started} processes)"
    )
    log = server.log.read_text(errors="replace")
    assert stopped.exit_code == 0, log[-2000:]
    assert stopped.left == set(), log[-2000:]
    assert "Jupyter server (y/[n])?" not in log  # JupyterLab's own question is never asked
    assert "Traceback" not in log

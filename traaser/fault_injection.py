"""A pause point for the kill test (tests/workflow/test_kill_and_rerun.py).

With ``TRAASER_PAUSE_AT=<step>`` in the environment, that step stops at its pause point, with
partial outputs on disk, writes the file named by ``TRAASER_PAUSE_MARKER`` and waits to be killed.
Without the variable (every real run) the call returns at once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

MAX_WAIT_S = 600


def pause_point(step: str) -> None:
    """Wait here (up to 10 minutes) if the environment asks to stop ``step`` mid-way."""
    if os.environ.get("TRAASER_PAUSE_AT") != step:
        return
    marker = os.environ.get("TRAASER_PAUSE_MARKER")
    if marker:
        Path(marker).write_text(f"{step} paused in process {os.getpid()}\n")
    time.sleep(MAX_WAIT_S)

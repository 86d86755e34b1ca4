"""Run the bcftools that pysam bundles (``pysam.bcftools``), turning failures into ToolError.

``catch_stdout=False`` is always passed so that ``-o FILE`` is honoured (with the default
the output comes back as a string and ``-o`` is silently ignored).
"""

from __future__ import annotations

from pathlib import Path

import pysam
import pysam.bcftools as _bcftools

from traaser.errors import ToolError


def run(command: str, *args: str) -> str:
    """Run ``bcftools <command> args...``; returns its stderr messages."""
    function = getattr(_bcftools, command)
    try:
        function(*args, catch_stdout=False)
    except pysam.utils.SamtoolsError as exc:
        raise ToolError(f"bcftools {command} failed: {str(exc).strip()[:2000]}",
                        fix="read the message above; the input named there is the cause") from None
    messages = function.get_messages()
    return messages if isinstance(messages, str) else "\n".join(messages or [])


def index(path: Path) -> None:
    """Write a CSI index beside a BCF or bgzipped VCF (replacing a stale one)."""
    run("index", "-f", str(path))


def count_records(path: Path) -> int:
    """Number of records, read from the index (fast, no decompression of records)."""
    try:
        return int(_bcftools.index("-n", str(path)).strip())
    except pysam.utils.SamtoolsError as exc:
        raise ToolError(f"cannot count records of {path}: {exc}", fix="re-run the step that wrote it") from None

"""Run the bcftools that pysam bundles (``pysam.bcftools``), turning failures into ToolError.

``catch_stdout=False`` is always passed so that ``-o FILE`` is honoured (with the default
the output comes back as a string and ``-o`` is silently ignored).
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pysam
import pysam.bcftools as _bcftools

from traaser.errors import ToolError


def _child(connection, command: str, args: tuple[str, ...]) -> None:
    function = getattr(_bcftools, command)
    try:
        function(*args, catch_stdout=False)
        messages = function.get_messages()
        connection.send((True, messages if isinstance(messages, str) else "\n".join(messages or [])))
    except pysam.utils.SamtoolsError as exc:
        connection.send((False, str(exc).strip()))
    finally:
        connection.close()


def _start(command: str, args: tuple[str, ...]) -> tuple[Any, Any]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, command, args))
    child.start()
    sender.close()
    return child, receiver


def _finish(command: str, child: Any, receiver: Any) -> str:
    try:
        ok, text = receiver.recv()
    except EOFError:
        ok, text = False, "bcftools ended without a result (killed or out of memory?)"
    child.join()
    if not ok or child.exitcode != 0:
        raise ToolError(f"bcftools {command} failed: {text[:2000]}",
                        fix="read the message above; the input named there is the cause")
    return text


def run(command: str, *args: str) -> str:
    """Run ``bcftools <command> args...`` in a forked child; returns its stderr messages.

    bcftools keeps static state between calls (csq refuses a second input in one process as
    "not sorted"), so each call gets a fresh process.
    """
    return _finish(command, *_start(command, args))


def run_all(commands: list[tuple[str, ...]]) -> list[str]:
    """Run several ``(command, *args)`` bcftools calls side by side (one child each), wait for
    all of them, and return their messages; the first failure raises ToolError (after all ended)."""
    started = [(command[0], *_start(command[0], command[1:])) for command in commands]
    results: list[str] = []
    failure: ToolError | None = None
    for command, child, receiver in started:
        try:
            results.append(_finish(command, child, receiver))
        except ToolError as exc:
            failure = failure or exc
    if failure is not None:
        raise failure
    return results


def index(path: Path) -> None:
    """Write a CSI index beside a BCF or bgzipped VCF (replacing a stale one)."""
    run("index", "-f", str(path))


def count_records(path: Path) -> int:
    """Number of records: read from the index when there is one, else by streaming the file."""
    if Path(str(path) + ".csi").exists() or Path(str(path) + ".tbi").exists():
        try:
            return int(str(_bcftools.index("-n", str(path))).strip())
        except pysam.utils.SamtoolsError:
            pass  # a stale or foreign index: fall back to counting
    try:
        with pysam.VariantFile(str(path)) as handle:
            return sum(1 for _ in handle.fetch())
    except (OSError, ValueError) as exc:
        raise ToolError(f"cannot count records of {path}: {exc}", fix="re-run the step that wrote it") from None

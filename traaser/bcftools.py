"""Run the bcftools that pysam bundles (``pysam.bcftools``), turning failures into ToolError.

``catch_stdout=False`` is always passed so that ``-o FILE`` is honoured (with the default
the output comes back as a string and ``-o`` is silently ignored).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pysam
import pysam.bcftools as _bcftools

from traaser.errors import ToolError


def _child(connection, command: str, args: tuple[str, ...], stdout_fd: int | None = None,
           log: str | None = None) -> None:
    """Run one bcftools command in this (forked) process. ``stdout_fd`` becomes its standard
    output; with ``log``, htslib's own messages (warnings and errors that bypass pysam's
    capture, e.g. an undeclared tag) go to that file instead of the standard error."""
    function = getattr(_bcftools, command)
    if stdout_fd is not None:
        os.dup2(stdout_fd, 1)
        os.close(stdout_fd)
    if log is not None:
        handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(handle, 2)
        os.close(handle)
    try:
        function(*args, catch_stdout=False)
        messages = function.get_messages()
        connection.send((True, messages if isinstance(messages, str) else "\n".join(messages or [])))
    except pysam.utils.SamtoolsError as exc:
        connection.send((False, str(exc).strip()))
    finally:
        connection.close()


def _start(command: str, args: tuple[str, ...], stdout_fd: int | None = None,
           log: str | None = None) -> tuple[Any, Any]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, command, args, stdout_fd, log))
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


def _take_log(path: str, echo: bool) -> list[str]:
    """The non-blank lines of an htslib log file written by a child (:func:`_child`), which is
    then removed; with ``echo`` they also go to the standard error, so the job log keeps them."""
    log = Path(path)
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    log.unlink(missing_ok=True)
    if echo and text:
        sys.stderr.write(text)
    return [line for line in text.splitlines() if line.strip()]


@contextmanager
def lines(command: str, *args: str, htslib_log: list[str] | None = None) -> Iterator[Iterator[bytes]]:
    """The output of ``bcftools <command> args...``, line by line as it is written (give no
    ``-o``: it is ``-o /dev/stdout``, as pysam's bcftools crashes writing to its standard output
    without one). The command runs in a child process and the caller reads the pipe, so both
    cores work and nothing is held in memory or on disk. Raises ToolError if the command fails;
    a caller that stops reading early stops the command.
    With ``htslib_log`` (a list), htslib's messages are collected into it (one per line)
    instead of going to the standard error."""
    read_end, write_end = os.pipe()
    log = None
    if htslib_log is not None:
        fd, log = tempfile.mkstemp(prefix="traaser-htslib-", suffix=".log")
        os.close(fd)
    try:
        child, receiver = _start(command, ("-o", "/dev/stdout", *args), write_end, log)
        os.close(write_end)
        try:
            with os.fdopen(read_end, "rb", buffering=1 << 20) as stream:
                yield iter(stream)
                stopped_early = next(stream, None) is not None
        except BaseException:
            child.terminate()
            child.join()
            raise
        if stopped_early:                       # the caller needs no more: stop the child, no result
            child.terminate()
            child.join()
            return
        _finish(command, child, receiver)
    finally:
        if log is not None and htslib_log is not None:
            htslib_log.extend(_take_log(log, echo=False))


class Running:
    """A bcftools command started in the background (:meth:`start`), whose htslib messages are
    collected (see :func:`lines`) and echoed to the standard error when it ends."""

    def __init__(self, command: str, args: tuple[str, ...]) -> None:
        self.command = command
        fd, self.log = tempfile.mkstemp(prefix="traaser-htslib-", suffix=".log")
        os.close(fd)
        self.child, self.receiver = _start(command, args, None, self.log)

    @classmethod
    def start(cls, command: str, *args: str) -> Running:
        return cls(command, args)

    def finish(self) -> tuple[str, list[str]]:
        """Wait for the command: (its messages, htslib's messages); ToolError if it failed."""
        try:
            messages = _finish(self.command, self.child, self.receiver)
        finally:
            said = _take_log(self.log, echo=True)
        return messages, said

    def cancel(self) -> None:
        """Stop the command (its output is then incomplete: the caller discards it)."""
        self.child.terminate()
        self.child.join()
        self.receiver.close()
        Path(self.log).unlink(missing_ok=True)


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


def records_per_contig(bcf: Path) -> dict[str, int]:
    """Contig -> records, from the index (``bcftools index --stats``), in header order."""
    text = str(_bcftools.index("--stats", str(bcf)))
    counts = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[2].isdigit() and int(fields[2]) > 0:
            counts[fields[0]] = int(fields[2])
    return counts

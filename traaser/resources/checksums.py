"""Checksums: computing MD5 / SHA-256 / BSD sum, and reading publishers' checksum files.

Publisher formats understood:
- ``<hex>  <name>`` (md5sum/sha256sum) and ``<hex>`` alone (ClinVar's .md5 files);
- ``MD5 (<name>) = <hex>`` (BSD md5);
- Ensembl ``CHECKSUMS``: ``<sum> <blocks> <name>``, the BSD ``sum`` algorithm (16-bit, 1 KiB blocks).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

from traaser.errors import ResourceError

BLOCK = 1 << 20


def bsd_sum(path: Path) -> str:
    """BSD ``sum`` (``sum -r``) of a file as '<checksum> <1 KiB blocks>'.

    Uses the system's ``sum -r`` when there is one (the pure-Python loop below is exact but
    slow, about 10 MB/s).
    """
    if shutil.which("sum"):
        result = subprocess.run(["sum", "-r", str(path)], capture_output=True, text=True, check=False)
        parts = result.stdout.split()
        if result.returncode == 0 and len(parts) >= 2 and parts[0].isdigit():
            return f"{int(parts[0])} {int(parts[1])}"
    return bsd_sum_python(path)


def bsd_sum_python(path: Path) -> str:
    """The BSD ``sum`` algorithm: rotate the 16-bit checksum right by one, add the byte."""
    checksum = 0
    size = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            size += len(block)
            for byte in block:
                checksum = ((checksum >> 1) | ((checksum & 1) << 15)) + byte
                checksum &= 0xFFFF
    return f"{checksum} {(size + 1023) // 1024}"


def file_checksum(path: Path, algorithm: str) -> str:
    """Checksum of a file in the manifest's algorithm (hex for md5/sha256)."""
    if algorithm == "bsd-sum":
        return bsd_sum(path)
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_checksum_file(text: str, name: str, algorithm: str, source: str) -> str:
    """The expected checksum of file ``name`` from a publisher's checksum file's text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if algorithm == "bsd-sum":
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == name and parts[0].isdigit() and parts[1].isdigit():
                return f"{int(parts[0])} {int(parts[1])}"
            continue
        bsd = re.match(r"^(MD5|SHA256) \((.+)\) = ([0-9a-fA-F]+)$", line)
        if bsd and bsd.group(2) == name:
            return bsd.group(3).lower()
        parts = line.split()
        if len(parts) >= 2 and parts[-1].lstrip("*") == name and re.fullmatch(r"[0-9a-fA-F]{32,64}", parts[0]):
            return parts[0].lower()
    if algorithm != "bsd-sum" and len(lines) == 1 and re.fullmatch(r"[0-9a-fA-F]{32,64}", lines[0].split()[0]):
        return lines[0].split()[0].lower()
    raise ResourceError(f"no {algorithm} checksum for '{name}' in the publisher's checksum file", path=source,
                        fix="check the manifest's checksum 'from' URL for this release")

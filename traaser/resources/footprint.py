"""What databases cost a site before it fetches them: bytes downloaded, peak disk while
preparing, disk after preparing (keeping or discarding the raw downloads) and transfer time.

All sizes are bytes. Download sizes are the manifest's (publisher listings where they exist);
prepared sizes are the download times the fraction each prepare step keeps
(``traaser/data/prepare_footprint.tsv``, measured on real excerpts, or the entry's own
``prepared_fraction``). gnomAD is prepared one file at a time (traaser.resources.streaming):
with the raw files discarded its peak is one raw file plus the reduced output, or twice the
reduced output while the parts are concatenated, whichever is larger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from traaser import install
from traaser.errors import ResourceError
from traaser.resources.manifest import Database
from traaser.textfile import commented_tsv_rows

#: Bits per second of each bandwidth unit (decimal, as links are sold); "B/s" units are bytes.
BANDWIDTH_UNITS = {"kbit": 1e3, "mbit": 1e6, "gbit": 1e9, "kb/s": 8e3, "mb/s": 8e6, "gb/s": 8e9}


@lru_cache(maxsize=1)
def prepared_fractions() -> dict[str, float]:
    """Prepare step -> bytes kept per byte downloaded."""
    path = install.package_file("data", "prepare_footprint.tsv")
    return {row["prepare"]: float(row["fraction"]) for row in commented_tsv_rows(path)}


@dataclass(frozen=True)
class Footprint:
    """One database's disk and transfer needs, in bytes."""

    database: Database
    download: int
    prepared: int
    largest_file: int

    @classmethod
    def of(cls, database: Database) -> Footprint:
        files = [f for f in database.files if not f.bundled]
        download = sum(f.size_estimate for f in files)
        fraction = database.prepared_fraction
        if fraction is None:
            fraction = prepared_fractions()[database.prepare]
        return cls(database, download, round(download * fraction), max((f.size_estimate for f in files), default=0))

    @property
    def streamed(self) -> bool:
        return self.database.prepare == "gnomad"

    def peak(self, discard_raw: bool) -> int:
        """Most disk in use while this database is fetched and prepared."""
        if self.streamed:
            if discard_raw:
                return max(self.largest_file + self.prepared, 2 * self.prepared)
            return self.download + 2 * self.prepared
        return self.download + self.prepared

    def after(self, discard_raw: bool) -> int:
        """Disk in use once prepared. A step that reads the download as it is keeps it."""
        if discard_raw and self.database.prepare != "none":
            return self.prepared
        return self.download + self.prepared


@dataclass(frozen=True)
class Plan:
    """The footprints of the databases a site would fetch, prepared one after another."""

    footprints: list[Footprint]

    @property
    def download(self) -> int:
        return sum(f.download for f in self.footprints)

    def peak(self, discard_raw: bool) -> int:
        """The earlier databases' final disk plus the worst single prepare on top of it."""
        if not self.footprints:
            return 0
        return self.after(discard_raw) + max(f.peak(discard_raw) - f.after(discard_raw) for f in self.footprints)

    def after(self, discard_raw: bool) -> int:
        return sum(f.after(discard_raw) for f in self.footprints)


def parse_bandwidth(text: str) -> float:
    """'100Mbit', '1 Gbit', '50MB/s' -> bits per second."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([kKmMgG](?:bit|B/s))\s*", text)
    if not match:
        raise ResourceError(f"cannot read the bandwidth '{text}'",
                            fix="write a number and a unit: 100Mbit, 1Gbit, 50MB/s")
    return float(match.group(1)) * BANDWIDTH_UNITS[match.group(2).lower()]


def transfer_seconds(size: int, bits_per_second: float) -> float:
    return size * 8 / bits_per_second


def duration(seconds: float) -> str:
    """Seconds as '3 h 25 min' / '12 min' / '40 s'."""
    if seconds >= 3600:
        return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"
    if seconds >= 60:
        return f"{int(seconds // 60)} min"
    return f"{seconds:.0f} s"

"""The collected candidates of one case (``results/<case>/work/collected.pickle``): what the
collect step makes of the annotated shards, read by prioritize. Collecting reads every record
(a genome: millions) and does not depend on the patient's HPO terms, so a phenotype change
reruns only prioritize, which starts from this file. It also holds what the candidates need
from the GFF3 (their transcripts' exons and CDS) and from the ClinVar protein index (their
genes' entries), read here once per annotation rather than at every ranking. The file is an intermediate of one
installation: it holds TRaaSer's own objects (pickle) and the version that wrote them, and a
file from another version is refused with the fix (rerun collect).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

from traaser import __version__, pickled
from traaser.annotate.clinvar_index import ClinVarIndex
from traaser.annotate.transcripts import Transcript
from traaser.candidate import Candidate
from traaser.counts import StepCounts
from traaser.errors import OutputError
from traaser.inheritance import Family
from traaser.qc import ParentageCheck

FORMAT = "traaser-collected-1"


@dataclass
class Collected:
    """The candidates, the family as the VCF header gives it, the parentage check, the
    prioritize step's counts so far (records in, the exclusions by reason, sample QC), the
    candidates' transcript models and the ClinVar index of their genes (None: not configured)."""

    candidates: list[Candidate]
    family: Family
    parentage: ParentageCheck
    counts: StepCounts
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    clinvar_index: ClinVarIndex | None = None

    def write(self, path: Path) -> None:
        pickled.dump((FORMAT, __version__, self), path)

    @classmethod
    def read(cls, path: Path) -> Collected:
        fix = "rerun the collect step (snakemake --forcerun collect), e.g. after an upgrade of TRaaSer"
        try:
            data = pickled.load(path)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            raise OutputError(f"collected candidates unreadable ({error})", path=str(path), fix=fix) from None
        if not (isinstance(data, tuple) and len(data) == 3 and data[0] == FORMAT and isinstance(data[2], cls)):
            raise OutputError("not a collected-candidates file of this format", path=str(path), fix=fix)
        if data[1] != __version__:
            raise OutputError(f"written by TRaaSer {data[1]}, this is {__version__}", path=str(path), fix=fix)
        return data[2]

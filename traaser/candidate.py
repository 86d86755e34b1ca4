"""The candidate types of the prioritize step, in one place.

:class:`Candidate` is what collect makes of one record: an ALT allele the proband carries in a
gene (or that ClinVar calls P/LP), with its genotypes and annotations. Nothing changes it later.
:class:`Evaluated` is what prioritize makes of it, built once by ``prioritize.evaluate``: the
family's segregation, the ACMG outcomes, evidence and class, the gene's phenotype match, the fit
to the gene's modes, the transcript view the report draws and the score; ``rank`` and
``gene_rank`` are set by ``rank.rank_candidates``. Positions are 1-based (VCF POS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from traaser.acmg.assign import Outcome
from traaser.acmg.classify import Classification
from traaser.acmg.criteria import Evidence
from traaser.annotate.clinvar_index import stars_of
from traaser.annotate.consequence import TranscriptConsequence
from traaser.inheritance import Call, Segregation
from traaser.phenotype.similarity import PhenotypeMatch


@dataclass(frozen=True, eq=False)
class Candidate:
    """One ALT allele the proband carries, as the annotated VCF describes it. ``clinvar`` holds
    ClinVar's fields without the CV_ prefix, ``gnomad`` the gnomAD values by GNOMAD_KEYS
    (fractions), ``info`` the raw INFO values the ACMG criteria read (gnomAD, predictors, SpliceAI)."""

    chrom: str
    pos: int
    ref: str
    alt: str
    gene: str
    consequence: TranscriptConsequence | None
    calls: dict[str, Call]
    clinvar: dict[str, str] = field(default_factory=dict)
    gnomad: dict[str, float] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """'chrom:pos:ref:alt', the variant's identity in the ClinVar index and the outputs."""
        return f"{self.chrom}:{self.pos}:{self.ref}:{self.alt}"

    @property
    def clinvar_stars(self) -> int | None:
        status = self.clinvar.get("CLNREVSTAT")
        return stars_of(status) if status else None


@dataclass(frozen=True)
class AcmgResult:
    """Every criterion's outcome, the evidence met and the classification of one variant."""

    outcomes: list[Outcome]
    evidence: list[Evidence]
    classification: Classification


@dataclass(frozen=True)
class TranscriptView:
    """The variant on its transcript, for the report: HGVS names, the exon/CDS model (1-based
    inclusive genomic intervals) and the positions of other ClinVar P/LP variants on it."""

    hgvs_c: str = ""
    hgvs_p: str = ""
    model: dict[str, Any] | None = None
    clinvar_nearby: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Score:
    """The combined score (0-1) that ranks a candidate, its variant part and every component."""

    variant: float
    combined: float
    parts: dict[str, float]


@dataclass(eq=False)
class Evaluated:
    """A candidate with everything that explains its rank (see the module docstring)."""

    candidate: Candidate
    segregation: Segregation
    comphet_partners: list[str]
    acmg: AcmgResult
    phenotype: PhenotypeMatch | None
    inheritance_fit: bool
    inheritance_reason: str
    transcript: TranscriptView
    scored: Score
    rank: int = 0
    gene_rank: int = 0

    # the collected facts, read through
    @property
    def chrom(self) -> str:
        return self.candidate.chrom

    @property
    def pos(self) -> int:
        return self.candidate.pos

    @property
    def ref(self) -> str:
        return self.candidate.ref

    @property
    def alt(self) -> str:
        return self.candidate.alt

    @property
    def gene(self) -> str:
        return self.candidate.gene

    @property
    def key(self) -> str:
        return self.candidate.key

    @property
    def consequence(self) -> TranscriptConsequence | None:
        return self.candidate.consequence

    @property
    def calls(self) -> dict[str, Call]:
        return self.candidate.calls

    @property
    def clinvar(self) -> dict[str, str]:
        return self.candidate.clinvar

    @property
    def clinvar_stars(self) -> int | None:
        return self.candidate.clinvar_stars

    @property
    def gnomad(self) -> dict[str, float]:
        return self.candidate.gnomad

    # the evaluation, by the names the writers use
    @property
    def outcomes(self) -> list[Outcome]:
        return self.acmg.outcomes

    @property
    def evidence(self) -> list[Evidence]:
        return self.acmg.evidence

    @property
    def classification(self) -> Classification:
        return self.acmg.classification

    @property
    def score(self) -> float:
        return self.scored.combined

    @property
    def variant_score(self) -> float:
        return self.scored.variant

    @property
    def score_parts(self) -> dict[str, float]:
        return self.scored.parts

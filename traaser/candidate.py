"""The candidate types of the prioritize step, in one place.

:class:`Candidate` is what collect makes of one record: an ALT allele the proband carries in a
gene (or that ClinVar calls P/LP), with its genotypes and annotations. Nothing changes it later.
:class:`Evaluated` is what prioritize makes of it, built once by ``prioritize.evaluate``: the
family's segregation, the ACMG outcomes, evidence and class, the gene's phenotype match, the fit
to the gene's modes, the transcript view the report draws and the variant facts; ``score`` (log LR),
``posterior``, ``gene_evidence``, ``rank`` and ``gene_rank`` are given by
``rank.rank_candidates``. Neither is changed anywhere else (the
dataclasses are not frozen only because a frozen one is several times slower to make, and a genome
or the benchmark makes hundreds of thousands). Positions are 1-based (VCF POS).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from traaser.acmg.assign import Outcome
from traaser.acmg.classify import Classification
from traaser.acmg.criteria import Evidence
from traaser.annotate.clinvar_index import stars_of
from traaser.annotate.consequence import TranscriptConsequence
from traaser.inheritance import Call, Segregation
from traaser.phenotype.similarity import PhenotypeMatch
from traaser.posterior import GeneEvidence


@dataclass(eq=False)
class Candidate:
    """One ALT allele the proband carries, as the annotated VCF describes it. ``clinvar`` holds
    ClinVar's fields without the CV_ prefix, ``gnomad`` the gnomAD values by GNOMAD_KEYS
    (fractions), ``info`` the raw INFO values the ACMG criteria read (gnomAD, predictors, SpliceAI);
    ``splice_predicted``: its SpliceAI maximum delta reaches prioritize.keep_spliceai_min."""

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
    splice_predicted: bool = False

    @property
    def key(self) -> str:
        """'chrom:pos:ref:alt', the variant's identity in the ClinVar index and the outputs."""
        return f"{self.chrom}:{self.pos}:{self.ref}:{self.alt}"

    @property
    def clinvar_stars(self) -> int | None:
        status = self.clinvar.get("CLNREVSTAT")
        return stars_of(status) if status else None


#: The fields collect fills, copied into an evaluation.
_COLLECTED = tuple(f.name for f in fields(Candidate))


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


@dataclass(eq=False, kw_only=True)
class Evaluated(Candidate):
    """A collected candidate with everything that explains its rank (see the module docstring).
    Made once by :meth:`of`; only ``rank.rank_candidates`` sets ``rank`` and ``gene_rank``."""

    segregation: Segregation
    comphet_partners: list[str]
    outcomes: list[Outcome]
    evidence: list[Evidence]
    classification: Classification
    phenotype: PhenotypeMatch | None
    inheritance_fit: bool
    inheritance_reason: str
    transcript: TranscriptView
    score_parts: dict[str, float]           # the variant facts the posterior reads (rank.variant_parts)
    call_flags: list[str] = field(default_factory=list)   # what in the proband's call needs checking (call_quality)
    score: float = 0.0                      # the candidate's log likelihood ratio (natural log)
    posterior: float = 0.0                  # its gene's posterior probability
    gene_evidence: GeneEvidence | None = None
    rank: int = 0
    gene_rank: int = 0
    collected: Candidate | None = None     # the candidate this was made from

    @classmethod
    def of(cls, candidate: Candidate, *, segregation: Segregation, comphet_partners: list[str], acmg: AcmgResult,
           phenotype: PhenotypeMatch | None, inheritance_fit: bool, inheritance_reason: str,
           transcript: TranscriptView, parts: dict[str, float], flags: list[str] | None = None) -> Evaluated:
        """The evaluation of ``candidate``: its collected facts and what prioritize found."""
        facts = {name: getattr(candidate, name) for name in _COLLECTED}
        return cls(**facts, segregation=segregation, comphet_partners=comphet_partners, outcomes=acmg.outcomes,
                   evidence=acmg.evidence, classification=acmg.classification, phenotype=phenotype,
                   inheritance_fit=inheritance_fit, inheritance_reason=inheritance_reason, transcript=transcript,
                   score_parts=parts, call_flags=flags or [],
                   collected=candidate)

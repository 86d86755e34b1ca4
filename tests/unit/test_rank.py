"""Ranking (traaser/rank.py): variant facts, rarity, and genes ordered by their posterior."""

import pytest

from traaser.acmg.classify import classify
from traaser.annotate.consequence import TranscriptConsequence
from traaser.candidate import AcmgResult, Candidate, Evaluated, TranscriptView
from traaser.config import check_config
from traaser.gene_knowledge import GeneKnowledge
from traaser.inheritance import Segregation
from traaser.phenotype.similarity import PhenotypeMatch
from traaser.rank import rank_candidates, rarity, variant_parts
from traaser.settings import PrioritizeSettings

SETTINGS = PrioritizeSettings.from_config(check_config({}, "test")["prioritize"])


def candidate(gene, term="missense_variant", af=None, pos=1):
    return Candidate("1", pos, "A", "G", gene, TranscriptConsequence(gene, "T", (term,)), {},
                     gnomad={} if af is None else {"AF": af})


def evaluated(gene, pheno, term="missense_variant", fit=True, pos=1, af=None):
    c = candidate(gene, term, af, pos=pos)
    match = PhenotypeMatch(gene, score=pheno, disease_id="OMIM:1" if pheno else None)
    return Evaluated.of(c, segregation=Segregation(), comphet_partners=[], acmg=AcmgResult([], [], classify([])),
                        phenotype=match, inheritance_fit=fit, inheritance_reason="", transcript=TranscriptView(),
                        parts=variant_parts(c, [], SETTINGS))


@pytest.mark.parametrize("af, expected, rule", [
    (None, 1.0, "absent from gnomAD: rarest"), (1e-5, 1.0, "AF <= 1e-5: rarest"),
    (0.05, 0.0, "AF at max_population_af: not rare"), (0.1, 0.0, "above max_population_af: not rare")])
def test_rarity_bounds(af, expected, rule):
    assert rarity({} if af is None else {"AF": af}, 0.05) == pytest.approx(expected), rule


def test_rarity_reads_the_filtering_af_first():
    """FrequencyPolicy.FILTER: the FAF where the source has one, the AF otherwise."""
    assert rarity({"AF": 0.04, "FAF": 1e-5}, 0.05) == 1.0


def test_rarity_falls_with_frequency():
    assert rarity({"AF": 1e-4}, 0.05) > rarity({"AF": 1e-3}, 0.05)


def test_genes_rank_by_posterior_and_a_gene_by_its_best_variant():
    """A's stop-gained outranks B's splice-region variant (A's two candidates count against it,
    gene_other_candidates_log, but less than the consequence gap); A's missense comes right after its
    gene's better variant, before B (variants are ordered by gene posterior, then own LR)."""
    ranked = rank_candidates([evaluated("A", 0.5, pos=1), evaluated("B", 0.5, "splice_region_variant", pos=2),
                              evaluated("A", 0.5, "stop_gained", pos=3)], GeneKnowledge(), trio=False)
    assert [(c.gene, c.pos, c.gene_rank) for c in ranked] == [("A", 3, 1), ("A", 1, 1), ("B", 2, 2)]
    assert ranked[0].rank == 1 and ranked[0].posterior == ranked[1].posterior > ranked[2].posterior
    assert ranked[0].gene_evidence.best_key == ranked[0].key


def test_posteriors_of_the_genes_sum_to_one():
    ranked = rank_candidates([evaluated(g, p, pos=i) for i, (g, p) in enumerate([("A", 0.9), ("B", 0.1), ("C", 0)])],
                             GeneKnowledge(), trio=False)
    assert sum(c.posterior for c in ranked) == pytest.approx(1.0)


def test_a_mode_of_inheritance_misfit_lowers_the_gene():
    """modes_unfit: the genotypes fit none of the gene's known modes of inheritance."""
    ranked = rank_candidates([evaluated("FITS", 0.6, pos=1), evaluated("MISFIT", 0.6, fit=False, pos=2)],
                             GeneKnowledge(), trio=False)
    assert [c.gene for c in ranked] == ["FITS", "MISFIT"]


@pytest.mark.parametrize("term, evidence, expected, rule", [
    ("stop_gained", [("PVS1", "VeryStrong"), ("PS1", "Strong")], 4,
     "PVS1 of a pLoF is counted by the LoF features; PS1 (4) is not"),
    ("start_lost", [("PVS1", "Moderate")], 2,
     "a start-lost is not pLoF, so no LoF feature carries its PVS1: the points count it (Moderate = 2)"),
    ("missense_variant", [("PS2", "Strong"), ("PM2", "Supporting"), ("PP4", "Moderate")], 0,
     "de novo, rarity and phenotype have terms of their own"),
    ("missense_variant", [("PM5", "Moderate"), ("PP3", "Supporting"), ("BP4", "Supporting")], 2, "2 + 1 - 1"),
    ("frameshift_variant", [("PM3", "Supporting")], 0,
     "PM3 is the proband's own biallelic genotype (the genotype term) and its partner's evidence "
     "(averaged into the biallelic reading's variant term)"),
])
def test_the_posterior_reads_only_acmg_points_no_other_term_counts(term, evidence, expected, rule):
    from traaser.acmg.criteria import Evidence
    from traaser.rank import facts_of
    c = candidate("A", term)
    e = Evaluated.of(c, segregation=Segregation(), comphet_partners=[],
                     acmg=AcmgResult([], [Evidence(code, strength, "") for code, strength in evidence], classify([])),
                     phenotype=None, inheritance_fit=True, inheritance_reason="", transcript=TranscriptView(),
                     parts=variant_parts(c, [], SETTINGS))
    assert facts_of(e, trio=False).acmg_points == expected, rule


@pytest.mark.parametrize("term, splice_predicted, read_as, rule", [
    ("intron_variant", True, "splice_region_variant",
     "a deep intronic variant SpliceAI predicts to change splicing is read as a splice-region variant"),
    ("synonymous_variant", True, "splice_region_variant", "so is a synonymous one"),
    ("intron_variant", False, "intron_variant", "without the prediction it stays intronic (low impact)"),
    ("missense_variant", True, "missense_variant", "a more severe consequence is never made milder"),
    ("splice_donor_variant", True, "splice_donor_variant", "nor is an essential splice site"),
])
def test_a_predicted_splice_change_is_read_as_a_splice_region_variant(term, splice_predicted, read_as, rule):
    import dataclasses

    from traaser.rank import facts_of
    c = dataclasses.replace(candidate("A", term), splice_predicted=splice_predicted)
    e = Evaluated.of(c, segregation=Segregation(), comphet_partners=[], acmg=AcmgResult([], [], classify([])),
                     phenotype=None, inheritance_fit=True, inheritance_reason="", transcript=TranscriptView(),
                     parts=variant_parts(c, [], SETTINGS))
    assert facts_of(e, trio=False).consequence == read_as, rule
    from traaser.outputs import explanation
    said = [line for line in explanation(e) if line.startswith("splicing:")]
    assert said == ([] if read_as == term else [
        "splicing: SpliceAI predicts a splice change, so the variant stays a candidate and the posterior "
        "reads it as a splice_region_variant"]), "the clinician is told why the variant is scored so"


def test_a_candidate_without_a_consequence_is_read_without_one_even_with_a_splice_prediction():
    """posterior_consequence: '' without a consequence (e.g. a ClinVar P/LP record csq left
    unannotated); the splice-region reading is only for a consequence milder than it."""
    import dataclasses

    from traaser.rank import posterior_consequence
    c = dataclasses.replace(candidate("A"), consequence=None, splice_predicted=True)
    assert posterior_consequence(c) == ""

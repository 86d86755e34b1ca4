"""The gene posterior (traaser/posterior.py): each evidence term on small tables, with the
shipped, fitted parameter file."""

import dataclasses
import math

import pytest

from traaser.constraint import GeneConstraint
from traaser.gene_knowledge import G2PRecord, GeneKnowledge
from traaser.phenotype.annotations import load_annotations
from traaser.phenotype.g2p import with_g2p
from traaser.phenotype.similarity import PhenotypeScorer
from traaser.posterior import (
    CandidateFacts,
    SimilarEvents,
    candidate_features,
    candidate_hypotheses,
    default_model,
    gene_pairs,
    gene_posteriors,
    pair_kind,
    score_features,
    typical_counts,
)

from conftest import HPO_DIR

MODEL = default_model()
KNOWLEDGE = GeneKnowledge(
    constraint={"CONSTRAINED": GeneConstraint(loeuf=0.1, pli=1.0, mis_z=4.0),
                "TOLERANT": GeneConstraint(loeuf=1.5, pli=0.0, mis_z=-1.0)},
    haploinsufficiency={"HI3": 3},
    g2p={"G2PONLY": [G2PRecord("G2PONLY", "A DISORDER", "definitive", "monoallelic_autosomal",
                               "absent gene product", ("HP:0001250",))]})


def facts(gene="X", consequence="missense_variant", points=2, rarity=1.0, patterns=("AD_heterozygous",),
          de_novo=None, fits=True, known=False, score=0.0, trio=True, key="1:1:A:G", rank=0, genes=5000, log_lr=0.0):
    return CandidateFacts(key, gene, consequence, points, rarity, frozenset(patterns), de_novo, fits, known, score,
                          trio, rank, genes if rank else 0, log_lr)


def features(f, others=0):
    """``f``'s features when its gene has ``others`` more candidates in the case."""
    return candidate_features(f, KNOWLEDGE, MODEL, others)


@pytest.mark.parametrize("given, feature, expected, rule", [
    (facts(known=False, score=0.7, rank=1, log_lr=5.0), "phenotype_rank_log", 0.0,
     "no known disease: the match is not read"),
    (facts(known=True, rank=50), "phenotype_rank_log", math.log(5000 / 50), "ln(N / r)"),
    (facts(known=True, rank=10), "phenotype_top_rank_log", math.log(100 / 10), "ln(100 / r) in the top 100"),
    (facts(known=True, rank=500), "phenotype_top_rank_log", 0.0, "0 below the top 100"),
    (facts(known=True, rank=500, log_lr=-3.0), "phenotype_log_lr_negative", -3.0,
     "a match worse than a random disease's: the log LR below 0"),
    (facts(known=True, rank=5, log_lr=2.0), "phenotype_log_lr_negative", 0.0, "a better match: 0"),
    (facts(known=False, log_lr=-3.0), "phenotype_log_lr_negative", 0.0, "no known disease: neutral"),
    (facts(consequence="synonymous_variant"), "low_impact", 1.0, "severity 0.1 < 0.3"),
    (facts(rarity=0.25), "common_dominant", 0.75, "heterozygous: commonness 1 - rarity"),
    (facts(rarity=0.25, patterns={"AR_homozygous"}), "common_biallelic", 0.75, "biallelic: its own weight"),
    (facts(patterns=()), "no_pattern", 1.0, "the genotypes fit no inheritance pattern"),
    (facts(gene="CONSTRAINED", consequence="stop_gained", patterns={"de_novo"}, de_novo="confirmed"),
     "lof_in_constrained_gene", 1.0, "LoF, not biallelic, LOEUF 0.1 < 0.35"),
    (facts(gene="TOLERANT", consequence="stop_gained", patterns={"de_novo"}, de_novo="confirmed"),
     "lof_in_constrained_gene", 0.0, "LOEUF 1.5, pLI 0: not constrained"),
    (facts(gene="HI3", consequence="frameshift_variant"), "lof_in_constrained_gene", 1.0,
     "ClinGen haploinsufficiency 3 counts as constraint"),
    (facts(gene="CONSTRAINED", consequence="stop_gained", patterns={"AR_homozygous"}),
     "lof_in_constrained_gene", 0.0, "a biallelic LoF says nothing about haploinsufficiency"),
    (facts(gene="CONSTRAINED", consequence="stop_gained", patterns={"X_hemizygous"}),
     "lof_in_constrained_gene", 1.0, "a hemizygous male X has one copy: one LoF is enough"),
    (facts(gene="CONSTRAINED", consequence="missense_variant"), "missense_in_constrained_gene", 1.0,
     "missense z 4.0 >= 3.09"),
    (facts(patterns={"AR_compound_heterozygous"}, trio=True), "compound_heterozygous_phased", 1.0,
     "pair phased by the parents"),
    (facts(patterns={"AR_compound_heterozygous"}, trio=False), "compound_heterozygous_unphased", 1.0,
     "singleton: phase unknown"),
    (facts(patterns={"X_hemizygous"}), "homozygous", 1.0, "hemizygous counts with homozygous"),
    (facts(patterns={"de_novo"}, de_novo="assumed"), "de_novo", 0.0, "only a confirmed de novo counts"),
    (facts(gene="G2PONLY"), "g2p_established", 1.0, "DDG2P definitive"),
    (facts(fits=False), "modes_unfit", 1.0, "fits none of the gene's modes"),
    (facts(gene="CONSTRAINED", consequence="start_lost"), "loss_of_function", 0.0,
     "start lost is not a gnomAD pLoF class (an alternative start codon may rescue the protein)"),
    (facts(gene="CONSTRAINED", consequence="start_lost"), "lof_in_constrained_gene", 0.0,
     "LOEUF counts pLoF only, so a start lost is not read against it"),
    (facts(gene="CONSTRAINED", consequence="splice_donor_variant"), "loss_of_function", 1.0,
     "an essential splice site is pLoF"),
    (facts(), "gene_other_candidates_log", 0.0, "the gene's only candidate: no noise"),
])
def test_feature(given, feature, expected, rule):
    assert features(given)[feature] == pytest.approx(expected), rule


def test_other_candidates_of_the_gene_count_as_noise():
    """gene_other_candidates_log = ln(1 + the gene's other candidates): 3 others give ln 4."""
    assert features(facts(), others=3)["gene_other_candidates_log"] == pytest.approx(math.log(4))


COMPOUND = "AR_compound_heterozygous"
HOM_LOF = {"consequence": "frameshift_variant", "patterns": {"AR_homozygous"}}


@pytest.mark.parametrize("case, target, expected, rule", [
    ([facts(key="1:1:A:T", **HOM_LOF)], 0, 1, "the only event of its kind: 1 (log 0, no effect)"),
    ([facts(key=f"1:{i}:A:T", **HOM_LOF) for i in range(1, 5)], 0, 4,
     "four novel homozygous LoF in the sample: each is one of 4"),
    ([facts(key="1:1:A:T", **HOM_LOF), facts(key="1:2:A:T", rarity=0.5, **HOM_LOF)], 0, 1,
     "a less rare event of the same kind does not count against a rarer one"),
    ([facts(key="1:1:A:T", rarity=0.5, **HOM_LOF), facts(key="1:2:A:T", **HOM_LOF)], 0, 2,
     "a rarer event of the same kind counts against a less rare one"),
    ([facts(key="1:1:A:T", **HOM_LOF), facts(key="1:2:A:T", consequence="frameshift_variant"),
      facts(key="1:3:A:T", consequence="missense_variant", patterns={"AR_homozygous"})], 0, 1,
     "a heterozygous LoF and a homozygous missense are other kinds of event"),
    ([facts(key="1:1:A:T", patterns={"de_novo"}, de_novo="confirmed"), facts(key="1:2:A:T"),
      facts(key="1:3:A:T")], 0, 1, "a confirmed de novo is its own kind, apart from inherited heterozygous calls"),
    ([facts(key="1:1:A:T", patterns=()), facts(key="1:2:A:T")], 0, 1,
     "a call that fits no inheritance pattern is its own kind"),
    ([facts(key="X:1:A:T", patterns={"X_hemizygous"}), facts(key="1:2:A:T", patterns={"AR_homozygous"})], 0, 2,
     "a male's hemizygous X call counts with the homozygous ones (one copy, no normal allele)"),
    ([dataclasses.replace(facts(key="1:1:A:T", patterns={COMPOUND}), partners=frozenset({"1:2:A:T"})),
      facts(key="1:2:A:T"), facts(key="1:3:A:T", patterns=())], 0, 2,
     "one allele of a compound-heterozygous pair counts with the heterozygous calls"),
])
def test_similar_events_in_the_sample(case, target, expected, rule):
    """sample_similar_events_log = ln(the case's candidates of the same kind, impact x genotype,
    at least as rare as this one, itself included)."""
    similar = SimilarEvents(case)
    assert similar.count(case[target]) == expected, rule
    feature = candidate_features(case[target], KNOWLEDGE, MODEL, 0, similar.count(case[target]))["sample_similar_events_log"]
    assert feature == pytest.approx(math.log(expected)), rule


def test_a_small_input_counts_as_a_typical_exome():
    """A panel or a few genes hold few candidates of any kind: the count never falls below the
    kind's typical count (the parameter file's typical_counts), so a lone event is not made more
    telling than it would be in a whole exome."""
    similar = SimilarEvents([facts(key="1:1:A:T", **HOM_LOF)], {"loss_of_function/homozygous": 20.0})
    assert similar.count(facts(key="1:1:A:T", **HOM_LOF)) == 20.0
    crowded = SimilarEvents([facts(key=f"1:{i}:A:T", **HOM_LOF) for i in range(30)],
                            {"loss_of_function/homozygous": 20.0})
    assert crowded.count(facts(key="1:1:A:T", **HOM_LOF)) == 30.0


def test_typical_counts_are_the_median_over_backgrounds_of_novel_events():
    """Novel events only, and only over the backgrounds that hold the kind (a trio's calls that
    fit no pattern do not exist in a singleton)."""
    lof = [facts(key=f"1:{i}:A:T", consequence="stop_gained") for i in range(3)]
    unfit = facts(key="1:8:A:T", patterns=())
    samples = [lof[:1], lof, [*lof[:2], facts(key="1:9:A:T", consequence="stop_gained", rarity=0.5), unfit]]
    assert typical_counts(samples) == {"loss_of_function/heterozygous": 2.0, "missense/unfit": 1.0}


def test_a_homozygous_loss_of_function_tells_less_in_a_sample_full_of_them():
    """The same novel homozygous frameshift, with the same phenotype, loses ground against a
    heterozygous missense once the sample holds 30 other novel homozygous LoF calls (more than a
    typical exome's), as in an exome whose AF annotation misses them or a consanguineous
    patient's: its LR is divided by 31 instead of by the typical count."""
    target = facts(gene="TARGET", key="2:1:A:T", known=True, rank=40, **HOM_LOF)
    rival = facts(gene="RIVAL", key="2:2:A:T", known=True, rank=40)
    alone, _ = gene_posteriors([target, rival], KNOWLEDGE, MODEL)
    crowd = [facts(gene=f"G{i}", key=f"3:{i}:A:T", **HOM_LOF) for i in range(30)]
    crowded, _ = gene_posteriors([target, rival, *crowd], KNOWLEDGE, MODEL)
    ratio = lambda genes: genes["TARGET"].posterior / genes["RIVAL"].posterior  # noqa: E731
    assert ratio(crowded) < ratio(alone)
    typical = MODEL.typical_counts["loss_of_function/homozygous"]
    assert 1 < typical < 31
    assert math.log(ratio(alone) / ratio(crowded)) == pytest.approx(-MODEL.weights["sample_similar_events_log"]
                                                                     * math.log(31 / typical))


def test_no_known_disease_is_neutral():
    """Missing knowledge is not a mismatch: the phenotype term of a gene without a known disease
    has LR exactly 1, whatever its (meaningless) score."""
    terms = {t.name: t for t in score_features(features(facts(known=False, score=0.9, rank=1, log_lr=3.0)), MODEL)}
    assert terms["phenotype"].log_lr == 0.0 and terms["phenotype"].lr == 1.0


def phenotype_lr(**given):
    return next(t.lr for t in score_features(features(facts(known=True, **given)), MODEL) if t.name == "phenotype")


def test_the_phenotype_lr_rises_with_the_match():
    """A gene ranked first by phenotype among 5,000 gets a large LR; one ranked 2,500th with
    terms no better explained than by a random disease gets an LR near 1; the order never flips."""
    top, middle, last = phenotype_lr(rank=1, log_lr=4.0), phenotype_lr(rank=2500), phenotype_lr(rank=5000, log_lr=-3.0)
    assert top > 100 and top > middle > last
    assert 0.5 < middle < 5


def test_a_de_novo_loss_of_function_in_a_constrained_gene_rises_above_the_same_elsewhere():
    """Trio, no gene with a known disease: a confirmed de novo stop-gained in a gene intolerant
    to LoF outranks the same call in a tolerant gene, and an inherited heterozygous one."""
    de_novo = {"patterns": {"de_novo"}, "de_novo": "confirmed", "consequence": "stop_gained", "points": 6}
    genes, _ = gene_posteriors([facts(gene="CONSTRAINED", key="1:1:A:T", **de_novo),
                                facts(gene="TOLERANT", key="1:2:A:T", **de_novo),
                                facts(gene="INHERITED", key="1:3:A:T", consequence="stop_gained", points=6,
                                      patterns={"AD_heterozygous"})], KNOWLEDGE, MODEL)
    assert genes["CONSTRAINED"].posterior > genes["TOLERANT"].posterior > genes["INHERITED"].posterior
    assert sum(g.posterior for g in genes.values()) == pytest.approx(1.0)
    assert not genes["CONSTRAINED"].known_disease


def test_a_gene_known_only_to_ddg2p_is_matched_through_its_g2p_phenotypes():
    """G2PONLY has no HPO disease; its DDG2P record (Seizure) becomes a disease the scorer matches."""
    annotations = with_g2p(load_annotations(str(HPO_DIR)), KNOWLEDGE.g2p)
    assert "G2PONLY" not in load_annotations(str(HPO_DIR)).gene_diseases
    match = PhenotypeScorer(annotations, ["HP:0001250"]).score_gene("G2PONLY")
    assert match.disease_id == "G2P:G2PONLY:1" and match.score > 0.5
    assert match.modes == {"AD"} and annotations.disease_source["G2P:G2PONLY:1"] == "DDG2P"
    f = features(facts(gene="G2PONLY", known=True, score=match.score, rank=match.rank))
    assert f["g2p_established"] == 1.0 and f["phenotype_rank_log"] > 0


def test_ddg2p_does_not_change_genes_the_hpo_release_annotates():
    plain = load_annotations(str(HPO_DIR))
    extended = with_g2p(plain, {"FGFR2": [G2PRecord("FGFR2", "X", "definitive", "monoallelic_autosomal", "", ())]})
    assert extended.gene_diseases["FGFR2"] == plain.gene_diseases["FGFR2"]


def test_the_posterior_is_the_softmax_of_the_log_lrs():
    genes, log_lrs = gene_posteriors([facts(gene="A", key="1:1:A:G", points=4), facts(gene="B", key="1:2:A:G")],
                                     KNOWLEDGE, MODEL)
    expected = math.exp(log_lrs[0]) / (math.exp(log_lrs[0]) + math.exp(log_lrs[1]))
    assert genes["A"].posterior == pytest.approx(expected)
    assert genes["A"].log_lr == pytest.approx(sum(t.log_lr for t in genes["A"].terms))


def test_the_parameter_file_describes_and_weighs_every_feature_the_code_computes():
    """Each feature of each term has a weight and a plain-language description (the report shows
    it), is computed by candidate_features, and respects its declared sign."""
    computed = features(facts())
    signs = default_signs()
    for name in MODEL.features:
        assert name in computed and name in MODEL.weights and MODEL.descriptions[name], name
        sign = {"+": 1, "-": -1}.get(signs.get(name, ""), 0)
        assert sign * MODEL.weights[name] >= 0, f"{name} counts the wrong way"
    assert MODEL.fitted["folds"] == 5 and MODEL.fitted["cross_validated"], "the fit's figures travel with it"


def default_signs():
    import json
    from importlib import resources
    return json.loads(resources.files("traaser").joinpath("data", "posterior_model.json").read_text())["signs"]


# Possible compound heterozygotes (traaser/posterior.py, candidate_hypotheses): read as dominant
# and as biallelic with the strongest partner, the biallelic variant term the mean of the alleles.
PAIR = frozenset({"AD_heterozygous", COMPOUND})


def pair(gene="X", modes=frozenset(), first="stop_gained", second="stop_gained", trio=False, partners=True,
         rarity=1.0):
    a = dataclasses.replace(facts(gene=gene, key="1:1:A:T", consequence=first, patterns=PAIR, trio=trio, rarity=rarity),
                            modes=frozenset(modes), partners=frozenset({"1:2:A:T"}) if partners else None)
    b = dataclasses.replace(facts(gene=gene, key="1:2:A:T", consequence=second, patterns=PAIR, trio=trio, rarity=rarity),
                            modes=frozenset(modes), partners=frozenset({"1:1:A:T"}) if partners else None)
    return [a, b]


def readings(candidates):
    return {h.name: h for h in candidate_hypotheses(candidates, KNOWLEDGE, MODEL)[0]}


@pytest.mark.parametrize("modes, reading, feature, expected, rule", [
    ((), "dominant", "compound_heterozygous_unphased", 0.0, "the dominant reading ignores the partner"),
    ((), "biallelic", "compound_heterozygous_unphased", 1.0, "the biallelic reading counts the pair"),
    ((), "dominant", "common_dominant", 0.75, "dominant: its frequency judged as for one hit"),
    ((), "dominant", "common_biallelic", 0.0, "dominant: not the recessive tolerance"),
    ((), "biallelic", "common_biallelic", 0.75, "biallelic: recessive diseases tolerate higher frequencies"),
    ((), "biallelic", "common_dominant", 0.0, "biallelic: not the dominant weight"),
    ({"AD"}, "biallelic", "modes_unfit", 1.0, "an AD-only gene: two hits fit none of its modes"),
    ({"AD"}, "dominant", "modes_unfit", 0.0, "an AD-only gene: one heterozygous hit fits"),
    ({"AR"}, "dominant", "modes_unfit", 1.0, "an AR-only gene: one heterozygous hit does not fit"),
    ({"AR"}, "biallelic", "modes_unfit", 0.0, "an AR-only gene: the pair fits"),
    ((), "biallelic", "lof_in_constrained_gene", 0.0, "biallelic: constraint is a one-copy argument"),
    ((), "dominant", "lof_in_constrained_gene", 1.0, "dominant: one LoF in a gene intolerant to LoF"),
    ((), "dominant", "gene_other_candidates_log", math.log(2), "dominant: the partner is another candidate"),
    ((), "biallelic", "gene_other_candidates_log", 0.0, "biallelic: the partner is an allele of the reading"),
])
def test_compound_heterozygous_readings(modes, reading, feature, expected, rule):
    hypotheses = readings(pair(gene="CONSTRAINED", modes=modes, rarity=0.25))
    assert hypotheses[reading].features[feature] == pytest.approx(expected), rule


def test_the_biallelic_variant_term_is_the_mean_of_the_two_alleles():
    """A stop-gained paired with a synonymous partner: each variant feature of the biallelic
    reading is the mean of the two alleles' values (loss_of_function 1 and 0 give 0.5)."""
    both = readings(pair(second="synonymous_variant"))["biallelic"]
    assert both.partner == "1:2:A:T"
    assert both.features["loss_of_function"] == 0.5 and both.features["low_impact"] == 0.5
    alone = readings(pair())["biallelic"]
    assert alone.features["loss_of_function"] == 1.0


def test_a_weak_second_hit_in_an_ad_gene_is_read_as_one_dominant_hit():
    """In an AD-only gene the pair fits no mode, so the gene's evidence is the dominant reading
    and the report says so; in an AR-only gene it is the biallelic one, with its partner."""
    genes, _ = gene_posteriors(pair(gene="ADGENE", modes={"AD"}, second="synonymous_variant"), KNOWLEDGE, MODEL)
    assert genes["ADGENE"].hypothesis == "dominant" and genes["ADGENE"].partner_key == ""
    genes, _ = gene_posteriors(pair(gene="ARGENE", modes={"AR"}), KNOWLEDGE, MODEL)
    assert genes["ARGENE"].hypothesis == "biallelic" and genes["ARGENE"].partner_key in {"1:1:A:T", "1:2:A:T"}


def test_partners_come_from_the_segregation_when_recorded():
    """Recorded partners are used as given (a trio's pair in cis has none); a facts table without
    the column falls back to the gene's other possible compound heterozygotes."""
    lonely = [dataclasses.replace(c, partners=frozenset()) for c in pair(trio=True)]
    assert set(readings(lonely)) == {"dominant"}
    assert set(readings(pair(partners=False))) == {"dominant", "biallelic"}


def test_without_recorded_partners_a_homozygous_candidate_is_no_partner():
    """Without recorded partners, a heterozygous allele pairs only with the gene's other possible
    compound heterozygotes (compound pattern, no homozygous one), the same rule gene_pairs counts
    pairs by: a homozygous call in the gene is its own biallelic event, not the second allele."""
    first, second = pair(partners=False)
    homozygous = dataclasses.replace(second, patterns=frozenset({COMPOUND, "AR_homozygous"}))
    assert set(readings([first, homozygous])) == {"dominant"}
    assert gene_pairs([first, homozygous]) == {}


def gene_pair(gene, first="missense_variant", second="missense_variant", rarities=(1.0, 1.0), at=1):
    """Two heterozygous candidates of ``gene``, each the other's compound-heterozygous partner."""
    keys = (f"5:{at}:A:T", f"5:{at + 1}:A:T")
    return [dataclasses.replace(facts(gene=gene, key=key, consequence=consequence, patterns=PAIR, trio=False,
                                      rarity=rarity), modes=frozenset(), partners=frozenset({other}))
            for key, other, consequence, rarity in ((keys[0], keys[1], first, rarities[0]),
                                                    (keys[1], keys[0], second, rarities[1]))]


@pytest.mark.parametrize("first, second, rarities, expected, rule", [
    ("stop_gained", "missense_variant", (1.0, 1.0), ("loss_of_function+missense/compound_heterozygous", 1.0),
     "a pair is named by its two alleles' impact classes, stronger first"),
    ("missense_variant", "stop_gained", (1.0, 1.0), ("loss_of_function+missense/compound_heterozygous", 1.0),
     "the order of the alleles does not matter"),
    ("missense_variant", "missense_variant", (1.0, 0.4), ("missense+missense/compound_heterozygous", 0.4),
     "a pair is as rare as its commoner allele"),
    ("synonymous_variant", "frameshift_variant", (0.9, 1.0), ("loss_of_function+other/compound_heterozygous", 0.9),
     "a low-impact allele is of the 'other' class"),
])
def test_pair_kind(first, second, rarities, expected, rule):
    allele, partner = gene_pair("G", first, second, rarities)
    assert pair_kind(allele, partner) == expected, rule


MISSENSE_PAIR = "missense+missense/compound_heterozygous"


def three_alleles(gene):
    """Three heterozygous missense candidates of ``gene``, each a possible partner of the others."""
    keys = {f"7:{i}:A:T" for i in (1, 2, 3)}
    return [dataclasses.replace(facts(gene=gene, key=key, patterns=PAIR, trio=False), modes=frozenset(),
                                partners=frozenset(keys - {key})) for key in sorted(keys)]


@pytest.mark.parametrize("case, expected, rule", [
    ([*gene_pair("A"), *gene_pair("B", at=3), *gene_pair("C", at=5)], 3,
     "each gene holding a pair of the kind counts once"),
    ([*gene_pair("A"), *three_alleles("B")], 2,
     "a gene with three alleles (three pairs of the kind) still counts once"),
    ([*gene_pair("A"), *gene_pair("B", "stop_gained", at=3)], 1, "a pair of other kinds of allele does not count"),
    ([*gene_pair("A"), *gene_pair("B", rarities=(1.0, 0.5), at=3)], 1,
     "a less rare pair does not count against a rarer one"),
    ([*gene_pair("A"), *[facts(gene=f"H{i}", key=f"6:{i}:A:T") for i in range(100)]], 1,
     "single heterozygous calls are not pairs, however many"),
    ([*gene_pair("A"), *[dataclasses.replace(c, partners=None) for c in gene_pair("B", at=3)]], 2,
     "a facts table without partners: the gene's other compound-heterozygous candidates pair up"),
    ([*gene_pair("A"), *[dataclasses.replace(c, partners=frozenset()) for c in gene_pair("B", at=3)]], 1,
     "recorded partners are used as given: none (a trio's pair in cis) is no pair"),
])
def test_a_pair_is_counted_among_the_genes_holding_a_pair_of_its_kind(case, expected, rule):
    """Read as compound heterozygous, the event is a gene holding two heterozygous hits, so the
    sample's background rate is how many genes hold such a pair (SimilarEvents.pair_count)."""
    allele, partner = case[0], case[1]
    assert SimilarEvents(case).pair_count(allele, partner) == expected, rule
    assert gene_pairs(case)[MISSENSE_PAIR]["A"] == 1.0


def test_the_biallelic_reading_is_divided_by_the_pairs_and_the_dominant_one_by_the_single_calls():
    """With 200 other novel heterozygous missense calls and no other pair, the missense pair's
    biallelic reading counts against the typical exome's number of such pairs, its dominant reading
    against the sample's 202 heterozygous missense calls (more than a typical exome's)."""
    case = [*gene_pair("A"), *[facts(gene=f"H{i}", key=f"6:{i}:A:T") for i in range(200)]]
    hypotheses = {h.name: h for h in candidate_hypotheses(case, KNOWLEDGE, MODEL)[0]}
    typical_pairs = MODEL.typical_counts[MISSENSE_PAIR]
    assert 1 < typical_pairs < 202
    assert hypotheses["biallelic"].features["sample_similar_events_log"] == pytest.approx(math.log(typical_pairs))
    assert hypotheses["dominant"].features["sample_similar_events_log"] == pytest.approx(
        math.log(max(202, MODEL.typical_counts["missense/heterozygous"])))


def test_typical_counts_of_pairs_are_genes_with_a_novel_pair():
    """A pair kind's typical count is the median number of genes holding a pair of the kind whose
    alleles are both novel; a background with none of the kind does not count."""
    samples = [[*gene_pair("A"), *gene_pair("B", at=3)],
               [*gene_pair("A"), *gene_pair("B", rarities=(1.0, 0.5), at=3), *gene_pair("C", at=5)],
               [*gene_pair("A", rarities=(0.5, 0.5))]]
    assert typical_counts(samples)[MISSENSE_PAIR] == 2.0


@pytest.mark.parametrize("modes, partners", [(frozenset({"AD", "AR"}), frozenset({"1:2:A:T"})),
                                             (frozenset(), frozenset()), (None, None)])
def test_a_facts_row_reads_back(modes, partners):
    original = dataclasses.replace(facts(patterns=PAIR), modes=modes, partners=partners)
    row = dict(zip(CandidateFacts.COLUMNS, original.row(), strict=True))
    assert CandidateFacts.from_record(row) == original
    older = {k: v for k, v in row.items() if k not in ("modes", "partners")}
    assert CandidateFacts.from_record(older).modes is None


@pytest.mark.parametrize("evidence, expected", [
    ({"hypothesis": "biallelic", "compound_heterozygous_partner": "1:2:A:T"},
     ", read as compound heterozygous with 1:2:A:T: the variant term is the mean of the two alleles"),
    ({"hypothesis": "dominant", "compound_heterozygous_partner": None},
     ", read as one dominant hit (as compound heterozygous it scored lower)"),
    ({"hypothesis": "as observed", "compound_heterozygous_partner": None}, ""),
    ({}, ""),   # a candidates.json written before readings existed
])
def test_the_report_and_the_explanation_say_a_reading_the_same_way(evidence, expected):
    from traaser.report.html import reading
    assert reading(evidence) == expected

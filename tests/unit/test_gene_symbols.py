"""Gene names from annotations are read under their approved HGNC symbols (traaser.gene_symbols):
a GRCh37 GFF3 or gnomAD v2.1.1's GENCODE v19 names still call hundreds of disease genes by
replaced symbols, which the HPO release, DDG2P and ClinGen do not use."""

import gzip
import importlib.util

import pytest

from traaser.constraint import read_constraint
from traaser.gene_symbols import SYMBOL_UPDATES, current_symbol

from conftest import REPO


@pytest.mark.parametrize("given, approved, rule", [
    ("ADCK3", "COQ8A", "HGNC replaced ADCK3 by COQ8A (primary CoQ10 deficiency 4)"),
    ("C10orf2", "TWNK", "C10orf2 is TWNK"),
    ("AARS", "AARS1", "AARS is AARS1"),
    ("COQ8A", "COQ8A", "an approved symbol stays"),
    ("NOT_A_GENE", "NOT_A_GENE", "an unknown name stays"),
])
def test_current_symbol(given, approved, rule):
    assert current_symbol(given) == approved, rule


def load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_symbol_updates", REPO / "resources" / "gene-knowledge" / "hgnc" / "build_symbol_updates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_never_rewrites_an_approved_or_ambiguous_symbol():
    rows = [{"symbol": "NEW1", "hgnc_id": "HGNC:1", "prev_symbol": "OLD1|SHARED"},
            {"symbol": "NEW2", "hgnc_id": "HGNC:2", "prev_symbol": "SHARED|NEW3"},
            {"symbol": "NEW3", "hgnc_id": "HGNC:3", "prev_symbol": ""}]
    assert load_builder().updates(rows) == [("OLD1", "NEW1", "HGNC:1")], \
        "SHARED names two genes; NEW3 is another gene's approved symbol"


def test_the_shipped_table_maps_no_symbol_to_itself():
    with gzip.open(SYMBOL_UPDATES, "rt") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if not line.startswith(("#", "previous_symbol"))]
    assert len(rows) > 8000 and all(previous != current for previous, current, _ in rows)
    assert not {previous for previous, _, _ in rows} & {current for _, current, _ in rows}


def test_a_constraint_row_under_a_replaced_symbol_is_read_under_the_approved_one(tmp_path):
    """gnomAD v2.1.1 names COQ8A 'ADCK3'; a row under the approved symbol itself wins."""
    path = tmp_path / "constraint.tsv"
    path.write_text("gene\toe_lof_upper\tpLI\n"
                    "ADCK3\t0.9\t0.0\n"
                    "C10orf2\t0.5\t0.1\n"
                    "TWNK\t0.4\t0.2\n")
    table = read_constraint(path)
    assert table["COQ8A"].loeuf == 0.9 and "ADCK3" not in table
    assert table["TWNK"].loeuf == 0.4, "the row under the approved symbol wins over the replaced one"


def test_a_gene_merged_from_several_replaced_symbols_gets_no_constraint_from_any_of_them(tmp_path):
    """HGNC merged CXorf22, CXorf30 and CHDC2 into CFAP47; gnomAD v2.1.1 measured each part
    apart (LOEUF 0.289, 0.493, 0.73), so none of them is CFAP47's constraint."""
    path = tmp_path / "constraint.tsv"
    path.write_text("gene\toe_lof_upper\tpLI\n"
                    "CXorf22\t0.289\t0.9891\n"
                    "CXorf30\t0.493\t0.71\n"
                    "CHDC2\t0.73\t0.03\n"
                    "ADCK3\t0.9\t0.0\n")
    table = read_constraint(path)
    assert "CFAP47" not in table, "a merged gene's parts do not give it a constraint"
    assert table["COQ8A"].loeuf == 0.9, "a gene renamed from one symbol keeps its row"


def test_a_merged_gene_with_its_own_row_keeps_that_row(tmp_path):
    path = tmp_path / "constraint.tsv"
    path.write_text("gene\toe_lof_upper\tpLI\n"
                    "CXorf22\t0.289\t0.9891\n"
                    "CHDC2\t0.73\t0.03\n"
                    "CFAP47\t0.6\t0.1\n")
    assert read_constraint(path)["CFAP47"].loeuf == 0.6


def test_a_candidate_named_by_a_replaced_symbol_gets_the_approved_one(tmp_path):
    """collect: the consequence annotation's ADCK3 becomes the candidate's COQ8A, the name the
    HPO release knows (primary coenzyme Q10 deficiency 4)."""
    from traaser import collect
    from traaser.case import Case
    from traaser.config import check_config
    from traaser.counts import StepCounts
    from traaser.phenotype.ontology import ResolvedTerm
    from traaser.settings import AcmgSettings, PrioritizeSettings
    vcf = tmp_path / "in.vcf"
    vcf.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n"
        '##INFO=<ID=BCSQ,Number=.,Type=String,Description="Consequence. Format: '
        'Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change">\n'
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tKID\n"
        "1\t227169800\t.\tC\tT\t50\tPASS\tBCSQ=missense|ADCK3|ENST1|protein_coding|+|10A>10V|100C>T\tGT\t1/1\n")
    config = check_config({}, "test")
    case = Case("c", vcf, "KID", "GRCh37", [ResolvedTerm("HP:0001250", "HP:0001250", "Seizure")], sex="male",
                samples=["KID"])
    candidates, _, _ = collect.collect_candidates(vcf, case, PrioritizeSettings.from_config(config["prioritize"]),
                                                  AcmgSettings.from_config(config["acmg"]), StepCounts("prioritize"))
    assert [c.gene for c in candidates] == ["COQ8A"]
    assert candidates[0].consequence.gene == "ADCK3", "the annotation itself is kept as written"


def test_the_cached_phenotype_model_is_keyed_by_the_symbol_table_and_its_reader():
    """The phenotype model reads HPO and DDG2P gene names through the symbol table, so a new
    table (or reader) must never load a model cached under the old one (traaser/derived.py)."""
    from traaser import gene_knowledge, gene_symbols
    from traaser.phenotype.cache import _CODE, _release_files

    from conftest import HPO_DIR
    assert SYMBOL_UPDATES in _release_files(HPO_DIR, None)
    assert gene_symbols in _CODE and gene_knowledge in _CODE

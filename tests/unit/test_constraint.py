"""The gene constraint reader (traaser/constraint.py) on the real gnomAD v4 subset."""

import pytest

from traaser.constraint import read_loeuf
from traaser.errors import ResourceError

from conftest import DEMO


def test_loeuf_from_real_gnomad_v4_subset():
    table = read_loeuf(DEMO / "gnomad_constraints_v4.0_subset.tsv")
    assert table["A1BG"] == pytest.approx(1.342)
    assert len(table) == 9


def test_constraint_table_without_loeuf_is_refused(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("gene\tpLI\nA\t0.1\n")
    with pytest.raises(ResourceError, match="LOEUF"):
        read_loeuf(path)


GENE_KNOWLEDGE = DEMO.parent / "gene-knowledge"


@pytest.mark.parametrize("path, gene, expected, rule", [
    (GENE_KNOWLEDGE / "gnomad_v2.1.1" / "gene_constraint.tsv.gz", "NIPBL", (0.032, 1.0, 5.574),
     "bundled v2.1.1 subset: a '# ... Columns:' comment is its only header"),
    (GENE_KNOWLEDGE / "gnomad_v4.1" / "constraint_by_symbol.tsv.gz", "A1BG", (1.34, 1.77e-16, -0.861),
     "bundled v4.1 table, symbols from HGNC"),
    (DEMO / "gnomad_constraints_v4.0_subset.tsv", "A1BG", (1.342, None, None),
     "gnomAD release layout (oe_lof_upper); pLI and mis_z read where the columns exist"),
])
def test_constraint_layouts(path, gene, expected, rule):
    from traaser.constraint import read_constraint
    value = read_constraint(path)[gene]
    loeuf, pli, mis_z = expected
    assert value.loeuf == pytest.approx(loeuf), rule
    if pli is not None:
        assert value.pli == pytest.approx(pli) and value.mis_z == pytest.approx(mis_z), rule


def test_genome_wide_constraint_covers_the_exome():
    from traaser.constraint import read_constraint
    assert len(read_constraint(GENE_KNOWLEDGE / "gnomad_v2.1.1" / "gene_constraint.tsv.gz")) > 19000
    assert len(read_constraint(GENE_KNOWLEDGE / "gnomad_v4.1" / "constraint_by_symbol.tsv.gz")) > 17000


def test_clingen_dosage_export_and_prepared_table_read_alike(tmp_path):
    """The ClinGen FTP export (5 comment lines, '#Gene Symbol' header) and the prepared TSV give
    the same haploinsufficiency scores (3 = sufficient evidence, 30 = autosomal recessive)."""
    from traaser.gene_knowledge import read_clingen_hi
    export = read_clingen_hi(GENE_KNOWLEDGE / "clingen" / "ClinGen_gene_curation_list_GRCh38.tsv")
    assert export["AAGAB"] == 3 and export["A4GALT"] == 30 and len(export) > 1500
    prepared = tmp_path / "clingen_dosage.tsv"
    prepared.write_text("gene_symbol\thaploinsufficiency_score\ttriplosensitivity_score\nAAGAB\t3\t0\n")
    assert read_clingen_hi(prepared) == {"AAGAB": 3}


def test_ddg2p_records_carry_disease_requirement_confidence_and_terms():
    from traaser.gene_knowledge import read_g2p
    table = read_g2p(GENE_KNOWLEDGE / "g2p" / "DDG2P_2025-01-28.csv.gz")
    assert len(table) == 2446 and sum(len(v) for v in table.values()) == 2755
    record = table["HMX1"][0]
    assert record.disease == "OCULOAURICULAR SYNDROME" and record.modes == {"AR"} and record.established
    assert "HP:0000556" in record.hpo_terms


def test_a_file_that_is_not_a_g2p_export_is_refused(tmp_path):
    from traaser.gene_knowledge import read_g2p
    path = tmp_path / "x.csv"
    path.write_text("gene,disease\nA,B\n")
    with pytest.raises(ResourceError, match="Gene2Phenotype"):
        read_g2p(path)

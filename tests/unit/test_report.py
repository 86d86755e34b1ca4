"""The HTML report: self-contained, autoescaped, honest about empty inputs."""

import re

import pytest

from traaser.report.html import breakable, note_value, probability, render, seq_class

from conftest import MALICIOUS
from conftest import report_document as document


def test_html_is_escaped():
    """Sample names and HPO labels holding HTML are shown as text, never run."""
    html = render(document())
    assert MALICIOUS not in html
    assert "&lt;script&gt;" in html


def test_page_is_self_contained():
    """No external asset: scripts are inline, no <link>, <img>, <iframe> or CSS url()."""
    html = render(document())
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert "url(" not in html
    # every link that leaves the page sends no referrer; in-page links (#...) stay in the file
    assert all('rel="noreferrer"' in a for a in re.findall(r"<a [^>]*>", html) if 'href="#' not in a)
    assert re.findall(r'<a [^>]*href="#', html), "the table of contents links within the page"


@pytest.mark.parametrize("records_in, phrase", [(0, "0 variants in input"), (7, "0 reportable")])
def test_empty_input_differs_from_nothing_reportable(records_in, phrase):
    assert phrase in render(document(records_in=records_in))


# file_names: absolute paths become file names; URLs, genotypes and ratios stay as they are
FILE_NAME_CASES = [
    ("--snakefile /opt/traaser/Snakefile --directory /tmp/run1", "--snakefile Snakefile --directory run1"),
    ("Family (/data/cases/fam1.ped):", "Family (fam1.ped):"),
    ("samples=/home/u/config/samples.tsv", "samples=samples.tsv"),
    ("see https://github.com/samtools/bcftools/tree/x", "see https://github.com/samtools/bcftools/tree/x"),
    ("genotype 0/1, het/hom 1.5, 1/1", "genotype 0/1, het/hom 1.5, 1/1"),
    ("no path here", "no path here"),
]


@pytest.mark.parametrize("text, shown", FILE_NAME_CASES)
def test_file_names_removes_folders_only(text, shown):
    from traaser.report.html import file_names
    assert file_names(text) == shown


@pytest.mark.parametrize("value, decimals, expected, rule", [
    (0.0, 2, "0.00", "exactly 0 reads 0"),
    (1.0, 2, "1.00", "1 reads 1"),
    (3e-9, 2, "< 0.01", "a posterior above 0 that rounds to 0 is not shown as 0: a reader takes 0.00 for 'ruled out'"),
    (0.004, 2, "< 0.01", "just under half a step"),
    (0.006, 2, "0.01", "from half a step up it rounds as usual"),
    (0.9996, 2, "1.00", "near 1 it rounds as usual"),
    (0.0004, 3, "< 0.001", "three decimals in the ranked table"),
    (0.4567, 3, "0.457", "otherwise rounded to the decimals asked for"),
])
def test_a_probability_above_zero_is_never_shown_as_zero(value, decimals, expected, rule):
    assert probability(value, decimals) == expected, rule


@pytest.mark.parametrize("key, value, expected, rule", [
    ("consequence source", 0, "bcftools csq (Ensembl GFF3 + FASTA)", "code 0: predicted by the workflow"),
    ("consequence source", 2, "the input's own CSQ (VEP)", "code 2: the input's VEP annotation reused"),
    ("consequence source", 9, "9", "an unknown code is shown as written, not guessed at"),
    ("multi-allelic records split", 0, "0", "any other note is its number"),
])
def test_a_steps_notes_read_as_what_they_mean(key, value, expected, rule):
    assert note_value(key, value) == expected, rule


@pytest.mark.parametrize("term, expected, rule", [
    ("splice_acceptor_variant", "splice_<wbr>acceptor_<wbr>variant", "a line may break after each underscore"),
    ("missense_variant&<b>", "missense_<wbr>variant&amp;&lt;b&gt;", "the text is escaped, only <wbr> is markup"),
    ("intron", "intron", "a term without underscores is unchanged"),
])
def test_a_consequence_term_may_wrap_after_its_underscores(term, expected, rule):
    assert str(breakable(term)) == expected, rule


@pytest.mark.parametrize("text, expected, rule", [
    ("p.(Gln87Ter)", "", "a short name stays whole"),
    ("C" * 20, "", "exactly 20 characters stays whole"),
    ("C" * 21, ' class="seq"', "a longer one (a long indel's alleles) may wrap anywhere"),
])
def test_only_long_sequence_names_wrap_anywhere(text, expected, rule):
    assert str(seq_class(text)) == expected, rule

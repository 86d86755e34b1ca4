"""PED parsing: real GIAB PED, and each malformed input refused with line, value and fix."""

import pytest

from traaser.errors import PedigreeError
from traaser.ped import read_ped

from conftest import DATA


def test_real_giab_ped():
    ped = read_ped(DATA / "giab-trio" / "ashk-trio.ped")
    assert ped.parents("HG002") == ("HG003", "HG004")
    child = ped.get("HG002")
    assert (child.sex, child.phenotype) == ("male", "affected")
    assert ped.get("HG003").phenotype == "unknown"


def test_space_separated_and_blank_lines_are_accepted(tmp_path):
    path = tmp_path / "fam.ped"
    path.write_text("\n# comment\nfam kid dad mum 2 2\nfam dad 0 0 1 1\n\nfam mum 0 0 2 1\n")
    ped = read_ped(path)
    assert ped.parents("kid") == ("dad", "mum") and ped.get("kid").sex == "female"


def test_parent_listed_but_absent_is_treated_as_unknown(tmp_path):
    path = tmp_path / "fam.ped"
    path.write_text("fam kid dad mum 1 2\nfam mum 0 0 2 1\n")
    assert read_ped(path).parents("kid") == (None, "mum")


@pytest.mark.parametrize("text, fragment", [
    ("fam kid 0 0 1\n", "expected 6 columns"),
    ("fam kid 0 0 M 2\n", "sex code 'M'"),
    ("fam kid 0 0 1 3\n", "phenotype code '3'"),
    ("fam kid 0 0 1 2\nfam kid 0 0 1 2\n", "listed twice"),
    ("fam kid kid 0 1 2\n", "its own parent"),
    ("\n\n", "no individuals"),
])
def test_malformed_ped_is_refused(tmp_path, text, fragment):
    path = tmp_path / "bad.ped"
    path.write_text(text)
    with pytest.raises(PedigreeError, match=fragment) as info:
        read_ped(path)
    assert str(path) in str(info.value) and "Fix:" in str(info.value)

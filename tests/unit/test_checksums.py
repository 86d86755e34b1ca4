"""Checksums and the publishers' checksum-file formats."""

import hashlib
import shutil

import pytest

from traaser.errors import ResourceError
from traaser.resources.checksums import bsd_sum, bsd_sum_python, file_checksum, parse_checksum_file


def test_bsd_sum_known_value(tmp_path):
    """`printf 'The quick brown fox\\n' | sum -r` prints 28540 1."""
    path = tmp_path / "fox.txt"
    path.write_text("The quick brown fox\n")
    assert bsd_sum_python(path) == "28540 1"


@pytest.mark.skipif(shutil.which("sum") is None, reason="no system sum to compare with")
def test_python_bsd_sum_equals_the_system_sum(tmp_path):
    path = tmp_path / "random.bin"
    path.write_bytes(bytes((i * 7919) % 256 for i in range(300_000)))
    assert bsd_sum_python(path) == bsd_sum(path)


def test_md5_and_sha256(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(b"abc")
    assert file_checksum(path, "md5") == hashlib.md5(b"abc").hexdigest()
    assert file_checksum(path, "sha256") == hashlib.sha256(b"abc").hexdigest()


@pytest.mark.parametrize("text, algorithm, expected, format_", [
    ("d41d8cd98f00b204e9800998ecf8427e  clinvar.vcf.gz\n", "md5", "d41d8cd98f00b204e9800998ecf8427e", "md5sum"),
    ("D41D8CD98F00B204E9800998ECF8427E\n", "md5", "d41d8cd98f00b204e9800998ecf8427e", "ClinVar .md5: hash only"),
    ("MD5 (clinvar.vcf.gz) = d41d8cd98f00b204e9800998ecf8427e\n", "md5", "d41d8cd98f00b204e9800998ecf8427e", "BSD md5"),
    ("11111  22 other.gz\n28540     1 clinvar.vcf.gz\n", "bsd-sum", "28540 1", "Ensembl CHECKSUMS"),
])
def test_publisher_formats(text, algorithm, expected, format_):
    assert parse_checksum_file(text, "clinvar.vcf.gz", algorithm, "CHECKSUMS") == expected, format_


def test_file_absent_from_checksum_file_is_refused():
    with pytest.raises(ResourceError, match="no bsd-sum checksum for 'clinvar.vcf.gz'"):
        parse_checksum_file("1 1 other.gz\n", "clinvar.vcf.gz", "bsd-sum", "CHECKSUMS")

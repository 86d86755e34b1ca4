"""HPO disease and gene annotations (phenotype.hpoa, genes_to_phenotype.txt) and term IC.

Information content is computed over diseases: IC(t) = -ln(n_t / N), where n_t counts the
diseases annotated with t or any descendant of t, and N the diseases with any phenotype
annotation. A term no disease carries gets the maximum, ln(N).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from traaser import install
from traaser.errors import PhenotypeError
from traaser.gene_symbols import current_symbol
from traaser.phenotype.ontology import Ontology, load_ontology

HPOA_FILE = "phenotype.hpoa.gz"
GENES_FILE = "genes_to_phenotype.txt.gz"
OBO_FILE = "hp.obo.gz"
#: Bumped whenever reading the files changes what IC is computed from (part of the IC cache key).
ANNOTATION_MODEL = 2

#: HPO frequency terms → fraction of patients (midpoints of the HPO frequency bands).
FREQUENCY_TERMS = {"HP:0040280": 1.0, "HP:0040281": 0.9, "HP:0040282": 0.545, "HP:0040283": 0.17,
                   "HP:0040284": 0.025, "HP:0040285": 0.0}
#: The fraction of patients assumed for a feature annotated without a frequency: 1, so only a
#: feature stated to be uncommon is discounted, and a disease whose source states no frequencies
#: (most OMIM-derived annotations) scores as plain Resnik. (The middle band, 0.545, ranked the dev
#: cases' genes the same: phenotype MRR 0.653 either way; issue-14 note.)
UNKNOWN_FREQUENCY = 1.0
#: The lowest fraction a frequency counts as (the floor of HPO's "Very rare (<4-1%)" band).
MIN_FREQUENCY = 0.01


def parse_frequency(text: str) -> float | None:
    """A phenotype.hpoa frequency ('HP:0040281', '3/7', '40%') as a fraction; None when not given."""
    text = text.strip()
    if not text:
        return None
    if text in FREQUENCY_TERMS:
        return FREQUENCY_TERMS[text]
    try:
        if "/" in text:
            numerator, denominator = text.split("/", 1)
            return int(numerator) / int(denominator) if int(denominator) else None
        if text.endswith("%"):
            return float(text[:-1]) / 100
    except ValueError:
        return None
    return None


#: HPO mode-of-inheritance terms mapped to the short codes the inheritance checks use.
MOI_CODES: dict[str, str] = {
    "HP:0000006": "AD",
    "HP:0000007": "AR",
    "HP:0001417": "XL",
    "HP:0001419": "XR",
    "HP:0001423": "XD",
    "HP:0001427": "MT",
    "HP:0001428": "SOMATIC",
}


@dataclass
class Disease:
    """One disease (OMIM/ORPHA/DECIPHER id) with its phenotype and inheritance annotations."""

    id: str
    name: str
    terms: set[str] = field(default_factory=set)
    excluded: set[str] = field(default_factory=set)
    modes: set[str] = field(default_factory=set)
    frequencies: dict[str, float] = field(default_factory=dict)
    onsets: set[str] = field(default_factory=set)


class Annotations:
    """Diseases, the gene→disease map, and per-term information content."""

    def __init__(self, ontology: Ontology, diseases: dict[str, Disease],
                 gene_diseases: dict[str, set[str]], version: str, cache_key: str = "",
                 ic: dict[str, float] | None = None) -> None:
        self.ontology = ontology
        self.diseases = diseases
        self.gene_diseases = gene_diseases
        self.version = version
        self._propagated: dict[str, frozenset[str]] = {}
        if ic is not None:
            self.ic = ic
        else:
            self.ic = self._cached_information_content(cache_key) if cache_key else self._information_content()
        #: disease id → the source that links it to its genes, where not the HPO release (e.g. 'DDG2P')
        self.disease_source: dict[str, str] = {}

    def with_diseases(self, diseases: dict[str, Disease], gene_diseases: dict[str, set[str]],
                      source: str) -> Annotations:
        """These annotations plus diseases from another gene–disease source. The information
        content stays that of the HPO release, so scores of the release's own diseases do not move."""
        merged = dict(self.gene_diseases)
        for gene, ids in gene_diseases.items():
            merged[gene] = set(merged.get(gene, set())) | ids
        extended = Annotations(self.ontology, self.diseases | diseases, merged, self.version, ic=self.ic)
        extended._propagated = dict(self._propagated)
        extended.disease_source = self.disease_source | {d: source for d in diseases}
        return extended

    def _cached_information_content(self, key: str) -> dict[str, float]:
        """IC from the on-disk cache keyed by the release's checksums, computed and stored once."""
        folder = install.cache_dir()
        path = folder / f"hpo-ic-{key}.json.gz"
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            pass
        ic = self._information_content()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.partial")
            with gzip.open(tmp, "wt", encoding="utf-8") as handle:
                json.dump(ic, handle)
            tmp.replace(path)
        except OSError:
            pass            # a read-only home only costs the recomputation
        return ic

    def propagated(self, disease_id: str) -> frozenset[str]:
        """All terms of a disease plus their ancestors."""
        cached = self._propagated.get(disease_id)
        if cached is None:
            terms: set[str] = set()
            for term in self.diseases[disease_id].terms:
                terms |= self.ontology.ancestors(term)
            cached = frozenset(terms)
            self._propagated[disease_id] = cached
        return cached

    def propagated_frequencies(self, disease_id: str) -> dict[str, tuple[float, bool]]:
        """Every term of the disease's propagated annotation with the fraction of its patients who
        have it, as far as the annotation tells, and whether a source stated that fraction: the
        largest frequency of the disease's own terms at or below the term (UNKNOWN_FREQUENCY for
        an own term without one; never below MIN_FREQUENCY; a stated value wins a tie). The keys
        are exactly :meth:`propagated`."""
        disease = self.diseases[disease_id]
        frequencies: dict[str, tuple[float, bool]] = {}
        for term in disease.terms:
            stated = disease.frequencies.get(term)
            value = (UNKNOWN_FREQUENCY, False) if stated is None else (max(stated, MIN_FREQUENCY), True)
            for ancestor in self.ontology.ancestors(term):
                if frequencies.get(ancestor, (0.0, False)) < value:
                    frequencies[ancestor] = value
        return frequencies

    def _information_content(self) -> dict[str, float]:
        counts: dict[str, int] = defaultdict(int)
        annotated = [d for d in self.diseases.values() if d.terms]
        for disease in annotated:
            for term in self.propagated(disease.id):
                counts[term] += 1
        total = max(len(annotated), 1)
        # "+ 0.0" turns the root term's -0.0 into 0.0
        return {term: -math.log(n / total) + 0.0 for term, n in counts.items()} | {"__max__": math.log(total)}

    def term_ic(self, term: str) -> float:
        """Information content of ``term`` in nats (maximum for terms no disease carries)."""
        return self.ic.get(term, self.ic["__max__"])

    def gene_modes(self, gene: str) -> set[str]:
        """Union of the inheritance codes (AD, AR, XR, ...) of a gene's diseases."""
        modes: set[str] = set()
        for disease_id in self.gene_diseases.get(gene, ()):
            modes |= self.diseases[disease_id].modes if disease_id in self.diseases else set()
        return modes


def _read_hpoa(path: Path) -> tuple[dict[str, Disease], str]:
    diseases: dict[str, Disease] = {}
    version = ""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = (line for line in handle)
        header: list[str] | None = None
        for line in lines:
            if line.startswith("#"):
                if line.startswith("#version:"):
                    version = line.split(":", 1)[1].strip()
                continue
            header = line.rstrip("\n").split("\t")
            break
        if header is None or "database_id" not in header:
            raise PhenotypeError("no 'database_id' header line", path=str(path),
                                 fix="use phenotype.hpoa from an HPO release")
        for row in csv.DictReader(lines, fieldnames=header, delimiter="\t"):
            disease = diseases.get(row["database_id"])
            if disease is None:
                disease = Disease(row["database_id"], row["disease_name"])
                diseases[disease.id] = disease
            aspect, term = row["aspect"], row["hpo_id"]
            if aspect == "P":
                (disease.excluded if row["qualifier"] == "NOT" else disease.terms).add(term)
                frequency = parse_frequency(row.get("frequency") or "")
                if frequency is not None and row["qualifier"] != "NOT":
                    disease.frequencies[term] = max(frequency, disease.frequencies.get(term, 0.0))
            elif aspect == "C" and term:
                disease.onsets.add(term)
            elif aspect == "I" and term in MOI_CODES:
                disease.modes.add(MOI_CODES[term])
    for disease in diseases.values():
        # "0/35" or HP:0040285 (Excluded): the feature was looked for and not seen, so it counts
        # as absent, not as a feature of the disease (unless another source reports it present)
        absent = {t for t in disease.terms if disease.frequencies.get(t) == 0.0}
        disease.terms -= absent
        disease.excluded |= absent
    return diseases, version


def _read_gene_diseases(path: Path) -> dict[str, set[str]]:
    gene_diseases: dict[str, set[str]] = defaultdict(set)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if reader.fieldnames is None or "gene_symbol" not in reader.fieldnames:
            raise PhenotypeError("no 'gene_symbol' column", path=str(path),
                                 fix="use genes_to_phenotype.txt from an HPO release")
        for row in reader:
            gene_diseases[current_symbol(row["gene_symbol"])].add(row["disease_id"])
    return dict(gene_diseases)


def release_folder(path: Path) -> Path:
    """The HPO release folder the phenotype code reads, given the release's main file or the folder."""
    return path.parent if path.is_file() else path


@lru_cache(maxsize=2)
def load_annotations(hpo_dir: str) -> Annotations:
    """Load the ontology and annotations of one HPO release directory (cached per process)."""
    directory = Path(hpo_dir)
    for name in (OBO_FILE, HPOA_FILE, GENES_FILE):
        if not (directory / name).is_file():
            raise PhenotypeError(f"HPO release file '{name}' is missing", path=str(directory),
                                 fix="prepare the HPO release directory (hp.obo.gz, phenotype.hpoa.gz, "
                                     "genes_to_phenotype.txt.gz)")
    ontology = load_ontology(str(directory / OBO_FILE))
    diseases, version = _read_hpoa(directory / HPOA_FILE)
    gene_diseases = _read_gene_diseases(directory / GENES_FILE)
    digest = hashlib.sha256()
    for name in (OBO_FILE, HPOA_FILE):
        digest.update((directory / name).read_bytes())
    key = f"{version or ontology.version}-{digest.hexdigest()[:16]}-m{ANNOTATION_MODEL}"
    return Annotations(ontology, diseases, gene_diseases, version or ontology.version, key)

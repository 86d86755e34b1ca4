"""The Human Phenotype Ontology: terms, is_a ancestry, obsolete-term mapping.

Parses ``hp.obo`` (optionally gzip-compressed) with no third-party dependency, because
only ids, names, is_a links, alt_ids, obsolete flags and replaced_by are needed.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

from traaser.errors import PhenotypeError

HPO_ID = re.compile(r"^HP:\d{7}$")
ROOT = "HP:0000001"


@dataclass
class Term:
    """One HPO term as parsed from the OBO file."""

    id: str
    name: str = ""
    parents: list[str] = field(default_factory=list)
    alt_ids: list[str] = field(default_factory=list)
    obsolete: bool = False
    replaced_by: str | None = None
    consider: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResolvedTerm:
    """A user-given HPO id resolved to a current term; ``given`` differs when it was obsolete or an alt_id."""

    given: str
    id: str
    name: str
    note: str = ""


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _stanzas(handle: IO[str]) -> Iterator[dict[str, list[str]]]:
    current: dict[str, list[str]] | None = None
    for raw in handle:
        line = raw.rstrip("\n")
        if line.startswith("["):
            if current is not None:
                yield current
            current = {"_type": [line]}
            continue
        if current is None or not line or line.startswith("!"):
            continue
        key, _, value = line.partition(": ")
        current.setdefault(key, []).append(value)
    if current is not None:
        yield current


class Ontology:
    """HPO terms with is_a parents; ancestors are computed lazily and cached."""

    def __init__(self, terms: dict[str, Term], version: str) -> None:
        self.terms = terms
        self.version = version
        self._alt: dict[str, str] = {}
        for term in terms.values():
            for alt in term.alt_ids:
                self._alt[alt] = term.id
        self._ancestors: dict[str, frozenset[str]] = {}

    @classmethod
    def from_obo(cls, path: Path) -> Ontology:
        """Parse an OBO file; raises :class:`PhenotypeError` if it is missing or empty."""
        terms: dict[str, Term] = {}
        version = ""
        try:
            with _open_text(path) as handle:
                for stanza in _stanzas(handle):
                    kind = stanza["_type"][0]
                    if kind != "[Term]":
                        continue
                    term = Term(id=stanza["id"][0], name=stanza.get("name", [""])[0])
                    term.parents = [v.split(" ! ")[0].strip() for v in stanza.get("is_a", [])]
                    term.alt_ids = [v.strip() for v in stanza.get("alt_id", [])]
                    term.obsolete = stanza.get("is_obsolete", ["false"])[0].strip() == "true"
                    replaced = stanza.get("replaced_by")
                    term.replaced_by = replaced[0].strip() if replaced else None
                    term.consider = [v.strip() for v in stanza.get("consider", [])]
                    terms[term.id] = term
            with _open_text(path) as handle:
                for line in handle:
                    if line.startswith("data-version:"):
                        version = line.split(":", 1)[1].strip().removeprefix("hp/releases/")
                        break
                    if line.startswith("[Term]"):
                        break
        except FileNotFoundError:
            raise PhenotypeError("HPO ontology file not found", path=str(path),
                                 fix="point config 'hpo' at an HPO release (hp.obo)") from None
        if ROOT not in terms:
            raise PhenotypeError("no HPO root term HP:0000001 found; not an HPO OBO file",
                                 path=str(path), fix="use hp.obo from an HPO release")
        return cls(terms, version)

    def __contains__(self, term_id: str) -> bool:
        return term_id in self.terms or term_id in self._alt

    def name(self, term_id: str) -> str:
        term = self.terms.get(term_id)
        return term.name if term else ""

    def resolve(self, given: str, *, where: str = "") -> ResolvedTerm:
        """Map a user-given HPO id to a current, non-obsolete term.

        Obsolete ids follow ``replaced_by``; alt_ids map to their primary term. Malformed
        and unknown ids raise :class:`PhenotypeError` naming ``where`` and the id.
        """
        term_id = given.strip()
        if not HPO_ID.match(term_id):
            raise PhenotypeError(
                f"malformed HPO id '{given}'", path=where or None,
                fix="write HPO ids as 'HP:' followed by 7 digits, e.g. HP:0001250.")
        term = self.terms.get(term_id)
        if (term is None or term.obsolete) and term_id in self._alt:
            primary = self._alt[term_id]
            kind = "obsolete, merged into" if term is not None else "an alt_id of"
            return ResolvedTerm(given, primary, self.name(primary), f"{term_id} is {kind} {primary}")
        if term is None:
            raise PhenotypeError(
                f"unknown HPO id '{term_id}' (not in HPO release {self.version})", path=where or None,
                fix="check the id on https://hpo.jax.org or remove it.")
        if term.obsolete:
            if term.replaced_by and term.replaced_by in self.terms:
                new = term.replaced_by
                return ResolvedTerm(given, new, self.name(new), f"{term_id} is obsolete, replaced by {new}")
            raise PhenotypeError(
                f"HPO id '{term_id}' is obsolete with no replacement"
                + (f" (consider {', '.join(term.consider)})" if term.consider else ""),
                path=where or None, fix="replace it by a current term.")
        return ResolvedTerm(given, term_id, term.name)

    def ancestors(self, term_id: str) -> frozenset[str]:
        """The term and all its is_a ancestors (reflexive, transitive)."""
        cached = self._ancestors.get(term_id)
        if cached is not None:
            return cached
        result = {term_id}
        term = self.terms.get(term_id)
        if term is not None:
            for parent in term.parents:
                result |= self.ancestors(parent)
        frozen = frozenset(result)
        self._ancestors[term_id] = frozen
        return frozen



@lru_cache(maxsize=4)
def load_ontology(path: str) -> Ontology:
    """Parse and cache the ontology at ``path`` (one parse per process)."""
    return Ontology.from_obo(Path(path))

"""TRaaSer: rare-disease variant prioritisation, from a VCF and HPO terms to a ranked, explained report."""

__version__ = "0.1.0"
#: Version of the machine-readable outputs' layout (candidates.json, candidates.tsv columns,
#: accounting.json); raised when a field is renamed or removed.
OUTPUT_SCHEMA_VERSION = "1"

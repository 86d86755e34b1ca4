"""TRaaSer: rare-disease variant prioritisation, from a VCF and HPO terms to a ranked, explained report."""

__version__ = "0.1.0"

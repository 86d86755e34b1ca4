"""Outputs: candidates as TSV/JSON/VCF for machines and a self-contained HTML report."""

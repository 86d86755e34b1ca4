"""Consequence prediction/parsing and database annotation (ClinVar, gnomAD, gene tables)."""

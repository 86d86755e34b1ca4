"""ACMG/AMP evidence: criteria as data, evidence assigners (pure functions), classifiers."""

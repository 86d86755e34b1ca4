"""VCF access helpers, contig naming and reference checks."""

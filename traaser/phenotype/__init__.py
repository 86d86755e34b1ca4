"""HPO ontology, disease/gene annotations and phenotype similarity."""

"""The Italian language layer: morphology, clauses and vocabularies that every rule shares."""

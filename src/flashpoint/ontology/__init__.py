"""flashpoint.ontology."""

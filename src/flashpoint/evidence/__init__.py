"""flashpoint.evidence."""

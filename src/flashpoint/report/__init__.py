"""flashpoint.report."""

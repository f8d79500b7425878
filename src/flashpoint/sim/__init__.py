"""flashpoint.sim."""

"""flashpoint.sim.rules."""

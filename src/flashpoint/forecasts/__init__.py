"""flashpoint.forecasts."""

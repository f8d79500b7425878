"""Run sizes and bounds, apart from the engine so that the CLI can show them without loading it."""

DEFAULT_WORLDS = 20_000
DEFAULT_MONTHS = 48
DEFAULT_SEED = 0
MAX_WORLDS = 10_000_000
MAX_MONTHS = 600

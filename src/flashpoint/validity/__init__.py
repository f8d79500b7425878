"""Validity: the engine against closed-form theory, mechanisms and the historical record; calibration for
forecasting; sensitivity analysis. Sits above ``sim`` (ARCHITECTURE.md): it runs the engine, the engine never
imports it."""

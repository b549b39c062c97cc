"""Fitting the model's parameters to 2015-2025 history, and backtesting the fitted model."""

"""Document models."""

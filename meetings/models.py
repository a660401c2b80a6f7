"""Meeting models."""

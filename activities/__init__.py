"""Joint activities with their indicators and reports, protected areas and
cross-border pairs, and the information centres."""

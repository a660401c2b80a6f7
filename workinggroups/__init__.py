"""Working groups, their work plans and meetings (built in a later issue)."""

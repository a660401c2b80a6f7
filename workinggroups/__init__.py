"""Working groups: their mandates, members and roles, and versioned work plans
submitted to the coordination committee."""

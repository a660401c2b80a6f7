"""Countries, stakeholder types, member organisations, people, membership
applications and scoped role assignments."""

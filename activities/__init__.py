"""Joint activities, indicators, committee review and information centres
(built in a later issue)."""

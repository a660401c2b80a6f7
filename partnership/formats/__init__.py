"""Locale formats the portal sets where Django's own are incomplete (FORMAT_MODULE_PATH)."""

"""The document library: versioned files with an access level, served only
through a view that checks permission on every download.

A concern of its own because documents belong to groups, meetings,
information centres and activities alike."""

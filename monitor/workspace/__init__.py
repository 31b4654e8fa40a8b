"""The analyst's workspace: every zone side by side (overview), one indicator across zones
(indicator), each zone's record of targets (card), with the filters they share (filters) and their
exports (tables, export)."""

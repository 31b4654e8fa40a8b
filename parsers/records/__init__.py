"""Target-record extraction: clean report text in, records per ../shared/spec/targets.md out."""

from parsers.records.extract import extract_records

__all__ = ["extract_records"]

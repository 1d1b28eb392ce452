"""City-independent machinery: profile registry, fields, validation, result and verdict,
scoring dispatch, checklist, JSON Schema, dates."""

"""Small shared pieces every domain app uses: optimistic locking, form fields, the date range,
text rules (digits of any script, one-line fields) and spreadsheet-safe export cells."""

"""Small shared pieces every domain app uses: optimistic locking and form helpers."""

"""The people a rep calls: what a rep can say about a new one, defined once for the form, the
CSV import and the API (fields), creating, changing, archiving and forgetting a prospect and
the URL they will hear (service), importing a whole list from a CSV (csv_import, with the
file's encoding, delimiter and quotes read by csv_reading), and the QR code of a page (qr)."""

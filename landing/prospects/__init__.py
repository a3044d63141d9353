"""The people a rep calls: creating, changing, archiving and forgetting a prospect and the
URL they will hear (service), importing a whole list from a CSV (csv_import), and the QR
code of a page (qr)."""

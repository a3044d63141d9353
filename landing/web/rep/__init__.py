"""The rep's area under /app: the area's sign-in gate and navigation (area), the dashboard and
call list (dashboard), one prospect's pages (prospects), notices and settings (settings), the
script studio, CSV import and export, and the team admin pages."""

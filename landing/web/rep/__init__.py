"""The rep's area under /app: the area's sign-in gate and navigation (area), the dashboard,
call list and prospect pages (dashboard), the script studio, CSV import and export, and the
team admin pages."""

"""The database and what is stored in it: the engine and sessions (db), the tables
(models), migrations, backups, retention, attempt counts that limit across workers, and the
visit writer every page hit goes through. Imports only landing.core."""

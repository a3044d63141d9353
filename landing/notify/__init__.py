"""Telling the rep: notices of engaged visits (in the app at once), and the outbox that
delivers them by email and webhook from `landing worker`, with retries, to public addresses
only, failures in plain categories."""

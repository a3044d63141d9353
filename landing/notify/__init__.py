"""Telling the rep: notices of engaged visits (in the app at once), and the outbox that
delivers them by email and webhook from `landing worker`, with retries.

notices: what the rep is told, and how often (the quiet spell, the hourly cap).
outbox: one pass over what is due (deliver_due) and the worker that repeats it.
outbox_queue: the table as a queue: due, claimed, dropped, sent or retried with backoff.
email_delivery: one notice by email over SMTP.
webhook_delivery: one webhook POST: its body, its signature, a connection to a checked address.
webhook_targets: which addresses a webhook may reach (public ones only, unless opted in).
delivery_errors: a failure's plain category for the rep, its detail for the log.
"""

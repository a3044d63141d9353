"""The people who use landing: reps and their profiles, the team's membership (invites,
resets, deactivation), passwords and sign-in limits, server-side sessions, API tokens, and
the company's settings."""

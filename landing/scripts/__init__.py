"""What the rep says and sends: voicemail goals, the built-in library of templates (their
words in text files under builtin_templates/, one per goal, voice and attempt), the team's
and reps' own templates, rendering them in a sandbox, the linter that asks "would you call
you back?", and spelling aids for names that are hard to hear."""

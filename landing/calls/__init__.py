"""The rep's calls: the pitch for one prospect (voicemail script, email, page link), the
voicemails left and the outcomes logged with what each changes, script variants and how
they perform, the call-next ranking from engaged visits, and the CSV export of the list."""

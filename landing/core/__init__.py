"""Pure helpers every other package may use: input checks (validate), row ids, stored
secrets, CSV cell safety. No Flask, no tables, nothing of ours above it."""

"""A name said aloud → a page: speakable slugs and their keys, how names sound, the index
of what a listener might type (heard keys), resolving a typed path to a page, a redirect or
nothing, and warnings when a new URL sounds like another."""

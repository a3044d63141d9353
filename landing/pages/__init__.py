"""What happens on a prospect's page: each hit recorded through the visit gate and classed
(bot, unconfirmed, engaged, the rep's own) by agent, scanner range and behaviour; beacons
with their per-hit keys; misses (typed paths that reached no one); the visitor cookie and
privacy signals; the page's brand, video and the rep's previews."""

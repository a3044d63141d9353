"""Everything that speaks HTTP: the prospect's page (the fast path that replays it outside
Flask, the page cache, the public view and its beacons), sign-in, health, the rep's area
(rep/) and the JSON API (api/), and what every response shares (setup: CSRF, proxies,
template filters, security headers, body limits, the request log). Views stay thin: they
parse, call a service below, and answer."""

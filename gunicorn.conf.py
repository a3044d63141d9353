"""gunicorn's settings for landing, read by `make run` and the Procfile's `gunicorn` (it reads
./gunicorn.conf.py from the folder it starts in).

gunicorn itself believes X-Forwarded-Proto (and X-Forwarded-Ssl, X-Forwarded-Protocol) from
127.0.0.1 and from every UNIX-socket client by default: anyone able to reach the port from
the machine could make the app think the request came over https, whatever
LANDING_TRUSTED_PROXIES says. The app's own proxy handling (werkzeug's ProxyFix, set up from
TRUSTED_PROXIES in landing/web/setup.py) is the one place that decides which forwarded headers to
believe, so gunicorn believes none:

- TRUSTED_PROXIES=0 (the default): no forwarded header is believed from anyone.
- TRUSTED_PROXIES=N: the app reads X-Forwarded-For/-Proto/-Host as set by the last N
  proxies, and only those headers (gunicorn's longer list would also take a client's own
  X-Forwarded-Ssl that a proxy passed on untouched).

Each worker also freezes what it made while starting (the app, its templates, the parsers'
rules) out of the garbage collector's full passes: those walk every live object, tens of
milliseconds mid-request in a worker that holds the app, for objects that live as long as it.

If you start gunicorn with a config file of your own, copy these settings into it."""

import gc

forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}


def post_worker_init(worker) -> None:  # noqa: ARG001  (gunicorn's hook signature)
    gc.collect()
    gc.freeze()

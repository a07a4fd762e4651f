"""Reading settings from the environment: on/off flags and the Redis database a service uses."""

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, default: bool) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off`` (any case); unset means ``default``; anything else is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value not in TRUE | FALSE:
        raise ValueError(f"{name}={value!r}: use 1 or 0")
    return value in TRUE


def redis_db_url(url: str, db: int) -> str:
    """``url`` pointing at Redis database ``db``, whatever form it came in.

    ``redis://host:6379/0``, ``redis://host:6379`` (no number), ``rediss://user:pw@host/0?ssl_cert_reqs=none``
    keep their host, credentials and options; a socket (``unix:///run/redis.sock?db=0``) names it in ``db=``.
    """
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = [(key, value) for key, value in parse_qsl(parts.query) if key != "db"] + [("db", str(db))]
        # Built by hand: urlunsplit would drop the empty host of unix:///path.
        return f"unix://{parts.netloc}{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))

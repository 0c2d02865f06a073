"""Serve the explorer (`deter explore`): a Solara app, in this process, on a port bound up front.

The app runs under uvicorn inside `deter`'s own process, not in a child: nothing can outlive the
command (`kill -9` on it frees the port at once), Ctrl-C and SIGTERM stop the server gracefully,
and the port is bound before the URL is printed, so a busy port is refused in one line and a free
one cannot be taken between the check and the start.

Solara's start-up chatter is switched off: its check for a newer release on PyPI (the project pins
the version it was tested with), its usage telemetry, a warning about cookies that matters only when
the page is embedded in another site's frame (on a page opened directly, the session cookie's
fallback, SameSite=Lax, is the right setting), and its banner, which sat over the figures' legends.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import warnings

from sim.errors import ScenarioError

HOST = "127.0.0.1"
APP = "sim.present.explorer:Page"
COOKIE_WARNING = "Cookies with samesite=none require https"
"""The start of Solara's warning about cookies over plain http (emitted on every page load)."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "deter explore: %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    },
    "loggers": {
        name: {"handlers": ["stderr"], "level": "ERROR", "propagate": False}
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "solara", "reacton")
    },
}
"""Errors only (an exception in the app is still shown): no banner, no line per request."""


def bind(port: int, host: str = HOST) -> socket.socket:
    """A listening socket on host:port, or one line saying why not (ScenarioError, exit 2)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As uvicorn does: a port whose last connections are still closing (TIME_WAIT) is free to use;
    # one that another program listens on is still refused.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise ScenarioError(f"port {port} is in use; choose another with --port") from None
        raise ScenarioError(
            f"cannot serve on {host}:{port} ({err.strerror or err}); choose another port with --port"
        ) from None
    return sock


def quiet_solara() -> None:
    """Settings read when Solara is imported: production mode, no telemetry, no version check.

    (The version check belongs to the `solara run` command, which is not used here.) A user's own
    SOLARA_TELEMETRY_MIXPANEL_ENABLE is respected.
    """
    os.environ["SOLARA_APP"] = APP
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    warnings.filterwarnings("ignore", message=COOKIE_WARNING, category=UserWarning)


def serve_explorer(port: int, host: str = HOST, announce=None) -> int:
    """Bind the port, then serve the explorer until Ctrl-C or SIGTERM (raised as KeyboardInterrupt).

    `announce(url)` is called once the port is bound and the app is loaded, just before serving
    (default: print the URL). The scenario is read from DETER_EXPLORE_SCENARIO, as the app does.
    """
    sock = bind(port, host)
    try:
        quiet_solara()
        import uvicorn
        from solara.server import settings

        settings.main.mode = "production"
        settings.theme.show_banner = False  # "runs on Solara", pinned over the page's bottom right
        if os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"].lower() in ("0", "false", "no", "off"):
            settings.telemetry.mixpanel_enable = False
        config = uvicorn.Config(
            "solara.server.starlette:app",
            log_config=LOGGING,
            timeout_graceful_shutdown=3,  # a browser left open must not hold Ctrl-C up
        )
        server = uvicorn.Server(config)
        url = f"http://{host}:{sock.getsockname()[1]}/"
        if announce is None:
            print(f"deter explore: {url} (Ctrl-C stops it)", flush=True)
        else:
            announce(url)
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:  # the app failed to start; uvicorn has logged why
        print("deter explore: the server did not start (see the error above)", file=sys.stderr)
        return 1
    return 0

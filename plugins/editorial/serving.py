"""Where `invoke serve`, `reserve` and `livereload` listen, and one clear line when they can't.

A busy port is the usual case (another server still running): the task says so
and names an option to choose another, instead of a traceback.
"""

from __future__ import annotations

import errno
import logging
import socket


def busy_port_message(task: str, host: str, port: int) -> str:
    """The line a task prints when another program holds its port."""
    return (f"{task}: port {port} on {host} is in use (another server?); "
            f"choose another with --port {port + 1}")


def listen_error(task: str, host: str, port: int, error: OSError) -> str:
    """The line a task prints when binding host:port raised `error`."""
    if error.errno == errno.EADDRINUSE:
        return busy_port_message(task, host, port)
    reason = error.strerror or str(error)
    return f"{task}: cannot listen on {host}:{port} ({reason}); check --bind and --port"


def address_problem(task: str, host: str, port: int) -> str | None:
    """Why a server could not listen on host:port right now, as one line; None if it can.

    Binds a probe socket as the servers do (SO_REUSEADDR), so a port held only by
    connections closing down counts as free, and one a server listens on as busy.
    """
    if not 0 < port < 65536:
        return f"{task}: --port {port} is not a port number (1-65535)"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        return listen_error(task, host, port, error)
    return None


def livereload_server():
    """A livereload Server whose log lines print once.

    livereload's Server.serve() adds a handler of its own to the `livereload` and
    `tornado` loggers, which also pass every line on to the root logger, where
    Pelican's handler prints it a second time. This Server only sets the level and
    leaves the printing to Pelican's handler (in place once a build has run).
    """
    from livereload import Server

    class SingleLogServer(Server):
        def _setup_logging(self) -> None:
            logging.getLogger("livereload").setLevel(logging.INFO)

    return SingleLogServer()

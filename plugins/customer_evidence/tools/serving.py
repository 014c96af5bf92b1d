"""Where `invoke serve`, `reserve` and `livereload` listen, and one clear line when they can't.

A busy port is the usual case (another server still running): the task says so
and names an option to choose another, instead of a traceback.
"""

from __future__ import annotations

import errno
import socket
import sys
import webbrowser
from collections.abc import Callable
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

from customer_evidence.core.internals import single_log_livereload_server
from customer_evidence.tools import ToolError


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


class SiteRequestHandler(ComplexHTTPRequestHandler):
    """Pelican's request handler, answering unknown paths with the site's 404 page."""

    def do_GET(self):
        path = self.get_path_that_exists(self.path.split("?", 1)[0])
        if path is None:
            self.send_not_found()
            return
        self.path = path
        super(ComplexHTTPRequestHandler, self).do_GET()

    def send_not_found(self):
        page = Path(self.translate_path("/404.html"))
        if not page.is_file():
            self.send_error(404)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class AddressReuseTCPServer(RootedHTTPServer):
    allow_reuse_address = True


def check_address(task: str, host: str, port: int) -> None:
    """Stop with one line (ToolError) if a server could not listen on host:port now."""
    problem = address_problem(task, host, port)
    if problem:
        raise ToolError(problem)


def serve(folder: Path, host: str, port: int, open_browser: bool = False) -> None:
    """Serve a built site until interrupted: unknown paths get its 404 page."""
    if not (folder / "index.html").is_file():
        raise ToolError(f"nothing to serve in {folder.name}/: run `invoke build`")
    check_address("serve", host, port)
    server = AddressReuseTCPServer(str(folder), (host, port), SiteRequestHandler)
    url = f"http://{host}:{port}/"
    if open_browser:
        webbrowser.open(url)
    sys.stderr.write(f"Serving at {url} ...\n")
    server.serve_forever()


def watched_globs(settings_file: Path, settings: dict) -> list[str]:
    """What `invoke livereload` rebuilds on: settings, theme, content, registries, plugins."""
    theme, content = settings["THEME"], settings["PATH"]
    plugins = Path(__file__).resolve().parent.parent.parent  # the repository's plugins/
    return [str(settings_file), f"{theme}/templates/**/*.html", f"{content}/*.yml",
            f"{plugins}/**/*.py", f"{content}/**/*.md", f"{content}/**/*.rst",
            *(f"{theme}/static/**/*.{ext}" for ext in ("css", "js", "svg"))]


def livereload(folder: Path, globs: list[str], rebuild: Callable[[], object], host: str,
               port: int, open_browser: bool = False) -> None:
    """Build, serve `folder`, rebuild on a change to `globs`, reload the browser tab."""
    check_address("livereload", host, port)  # before a build it would waste
    rebuild()
    server = single_log_livereload_server()
    for glob in globs:
        server.watch(glob, rebuild)
    if open_browser:
        webbrowser.open(f"http://{host}:{port}")
    try:
        server.serve(host=host, port=port, root=str(folder))
    except OSError as error:  # the port was taken during the first build
        raise ToolError(listen_error("livereload", host, port, error)) from None

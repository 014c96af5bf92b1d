"""Set up a fresh clone and run the blog or its tests: the README's two commands.

    python3 bootstrap.py serve   # install, build the sample site, serve it on :8000
    python3 bootstrap.py build   # install and build into output/ only
    python3 bootstrap.py test    # install what the tests need, run them

Arguments after `serve` and `build` go to the invoke task (`serve --port 8001
--bind 0.0.0.0`, `build --strict`); after `test`, to pytest.

Needs only Python 3.11+. Creates .venv/ with the pinned
requirements (again only when a requirements file changed); for the tests it also
installs the Debian packages they use when missing (rsync, and chromium and npm
for the browser tests; as root, with apt-get) and the npm packages of package-lock.json
(axe-core) into node_modules/ when missing or when the lock changed; then hands
over to invoke. It never downloads a browser of its own: Playwright drives
Debian's chromium.
"""

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
REQUIREMENTS = {"serve": "requirements.txt", "build": "requirements.txt",
                "test": "requirements-dev.txt"}
# Commands the tests run, and the Debian packages that provide each (chromium
# with the fonts it recommends, so pages render as readers see them).
TEST_SYSTEM_TOOLS = {"rsync": "rsync", "chromium": "chromium fonts-liberation", "npm": "npm"}
NODE_MODULES = ROOT / "node_modules"
NODE_LOCK = ROOT / "package-lock.json"
TASKS = {"serve": ["reserve"], "build": ["build"], "test": ["test"]}


def fail(message: str, code: int = 2) -> None:
    """Print a message for the person at the terminal and stop."""
    sys.stderr.write(f"bootstrap: {message}\n")
    sys.exit(code)


def requirements_digest(path: Path) -> str:
    """Hash a requirements file and the files it includes with -r."""
    digest = hashlib.sha256()
    for line in path.read_text().splitlines():
        digest.update(line.encode())
        if line.startswith("-r "):
            digest.update(requirements_digest(path.parent / line[3:].strip()).encode())
    return digest.hexdigest()


def ensure_venv(requirements: str) -> None:
    """Create .venv; install the pinned requirements, then this repository's plugins
    and tools (editable, so edits need no reinstall), again only if either changed."""
    if not (BIN / "python").exists():
        print(f"bootstrap: creating {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{requirements}.sha256"
    wanted = requirements_digest(ROOT / requirements)
    wanted += hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"bootstrap: installing {requirements} and the plugins (pip install -e .)",
          flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(ROOT / requirements)], check=True)
    subprocess.run([*pip, "--no-deps", "--editable", str(ROOT)], check=True)
    stamp.write_text(wanted)


def ensure_system_tools(tools: dict[str, str]) -> None:
    """Install missing Debian packages as root, or say what to install."""
    packages = sorted({pkg for cmd, pkgs in tools.items() if shutil.which(cmd) is None
                       for pkg in pkgs.split()})
    if not packages:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        fail(f"the tests need {', '.join(packages)}; install with your package "
             f"manager (Debian: sudo apt-get install {' '.join(packages)})")
    print(f"bootstrap: apt-get install {' '.join(packages)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                    *packages], check=True, env=env)


def ensure_node_modules() -> None:
    """Run `npm ci` when node_modules/ is missing or package-lock.json changed."""
    stamp = NODE_MODULES / ".installed-package-lock.sha256"
    wanted = hashlib.sha256(NODE_LOCK.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        fail("the browser tests need npm (for axe-core); install Node.js and npm "
             "(Debian: sudo apt-get install npm)")
    print("bootstrap: npm ci (axe-core for the browser tests)", flush=True)
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                   check=True, cwd=ROOT)
    stamp.write_text(wanted)


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (bootstrap runs under any python3)
        fail(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    if not argv or argv[0] not in TASKS:
        fail(f"usage: python3 {Path(__file__).name} {{{'|'.join(TASKS)}}} [args]")
    command, extra = argv[0], argv[1:]
    os.chdir(ROOT)
    try:
        ensure_venv(REQUIREMENTS[command])
        if command == "test":
            ensure_system_tools(TEST_SYSTEM_TOOLS)
            ensure_node_modules()
    except subprocess.CalledProcessError as exc:
        fail(f"set-up step failed ({' '.join(map(str, exc.cmd))}); see above", 1)
    args = TASKS[command]
    if command == "test" and extra:
        args = [*args, "--args", shlex.join(extra)]
    else:
        args = [*args, *extra]  # e.g. serve --port 8001: `invoke reserve --port 8001`
    invoke = str(BIN / "invoke")
    os.execv(invoke, [invoke, *args])


if __name__ == "__main__":
    main(sys.argv[1:])

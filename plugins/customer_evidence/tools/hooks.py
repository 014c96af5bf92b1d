"""`invoke hooks`: the git pre-commit hook that runs the audit of what a commit changes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from customer_evidence.tools import ToolError

PRE_COMMIT_HOOK = """\
#!/bin/sh
# Installed by `invoke hooks`: the editorial audit of what this commit changes.
cd "$(git rev-parse --show-toplevel)" || exit 1
if [ ! -x .venv/bin/invoke ]; then
    echo "pre-commit: no .venv/bin/invoke; run 'python3 bootstrap.py build' first" >&2
    exit 1
fi
exec .venv/bin/invoke audit --changed
"""


def install_hook(repository: Path, force: bool = False) -> list[str]:
    """Write the pre-commit hook into the repository's hooks folder; what was done.

    A different hook already there is kept unless `force`, then moved to
    pre-commit.backup.
    """
    found = subprocess.run(["git", "rev-parse", "--git-path", "hooks"], cwd=repository,
                           capture_output=True, text=True)
    if found.returncode:
        raise ToolError(f"{repository} is not a git repository; nothing was installed")
    hook = repository / found.stdout.strip() / "pre-commit"
    if hook.is_file() and hook.read_text(errors="replace") == PRE_COMMIT_HOOK:
        return [f"hooks: {hook} is already installed"]
    done = []
    if hook.exists():
        if not force:
            raise ToolError(f"hooks: {hook} exists and is not this project's hook; nothing was "
                            "changed. Merge it by hand, or run `invoke hooks --force` to replace "
                            "it (the old one is kept as pre-commit.backup)")
        hook.replace(hook.with_name("pre-commit.backup"))
        done.append(f"hooks: moved the old hook to {hook.with_name('pre-commit.backup')}")
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(PRE_COMMIT_HOOK)
    hook.chmod(0o755)
    return [*done, f"hooks: installed {hook}; every commit now runs "
                   "`invoke audit --changed` (skip once with git commit --no-verify)"]

"""The git workflow: the GitHub Actions workflow, pre-commit's config and `invoke hooks`."""

from __future__ import annotations

import functools
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import bootstrap
from conftest import ROOT, copy_site, run_invoke

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
COMMAND_STARTS = {"exec", "then", "do", "&&", "||", ";"}
def invoke(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return run_invoke(cwd, *args, timeout=120, **env)


@functools.cache
def task_names() -> frozenset[str]:
    """The tasks `invoke --list` shows for the repository's tasks.py."""
    listing = invoke(ROOT, "--list", "--list-format", "json")
    assert listing.returncode == 0, listing.stderr
    return frozenset(t["name"] for t in json.loads(listing.stdout)["tasks"])


@functools.cache
def task_options(name: str) -> frozenset[str]:
    """The --long options of one task, from `invoke --help TASK`."""
    return frozenset(re.findall(r"--[a-z][\w-]*", invoke(ROOT, "--help", name).stdout))


def commands(script: str) -> list[list[str]]:
    """Each shell command of a script, as words (no comments, one per line)."""
    words = []
    for line in script.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            words.append(shlex.split(line))
    return words


def invoke_calls(script: str) -> list[tuple[str, list[str]]]:
    """(task, options) for every `invoke TASK --option ...` the script runs."""
    calls = []
    for words in commands(script):
        for i, word in enumerate(words[:-1]):
            starts_command = i == 0 or words[i - 1] in COMMAND_STARTS
            if starts_command and Path(word).name in {"invoke", "inv"}:
                options = [w.split("=", 1)[0] for w in words[i + 2:] if w.startswith("--")]
                calls.append((words[i + 1], options))
    return calls


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(flow: dict) -> dict:
    """The `on:` block (YAML 1.1 reads a bare `on` key as True)."""
    return flow.get("on", flow.get(True))


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job["steps"]]


def scripts() -> list[tuple[str, str]]:
    """(where, shell script) for every command the workflow and pre-commit run."""
    found = [(f"workflow step {s.get('name', s.get('run'))!r}", s["run"])
             for s in steps(workflow()) if "run" in s]
    hooks = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    found += [(f"pre-commit hook {h['id']!r}", h["entry"])
              for repo in hooks["repos"] for h in repo["hooks"]]
    return found


def test_the_workflow_runs_on_pull_requests_and_pushes_to_main():
    on = triggers(workflow())
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_every_invoke_task_and_option_the_workflow_and_hook_use_exists():
    calls = [(where, call) for where, script in scripts() for call in invoke_calls(script)]
    assert {task for _, (task, _) in calls} >= {"audit", "gh-pages"}
    for where, (task, options) in calls:
        assert task in task_names(), f"{where} runs `invoke {task}`, which tasks.py lacks"
        missing = set(options) - task_options(task)
        assert not missing, f"{where}: `invoke {task}` has no option {sorted(missing)}"


def test_every_bootstrap_command_the_workflow_runs_exists():
    used = [words[2] for _, script in scripts() for words in commands(script)
            if words[:2] == ["python3", "bootstrap.py"]]
    assert "test" in used
    for command in used:
        assert command in bootstrap.TASKS, f"bootstrap.py has no command {command!r}"


def test_pull_requests_run_the_readme_test_command_then_the_audit_for_github():
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (exec_line,) = [w for w in commands(ci_run) if w[:1] == ["exec"]]
    flow = workflow()
    checks = [job for job in flow["jobs"].values() if "if" not in job]
    assert len(checks) == 1, "one job runs on every event"
    runs = [step.get("run", "").strip() for step in checks[0]["steps"]]
    assert shlex.join(exec_line[1:]) in runs
    audit = next(s for s in checks[0]["steps"] if "invoke audit" in s.get("run", ""))
    assert invoke_calls(audit["run"]) == [("audit", ["--format"])]
    assert "github" in audit["run"].split() and "pull_request" in audit["if"]
    assert runs.index(shlex.join(exec_line[1:])) < checks[0]["steps"].index(audit)


def test_pull_requests_also_run_the_publish_gate_that_main_will_face():
    (check,) = [job for job in workflow()["jobs"].values() if "if" not in job]
    steps = check["steps"]
    gate = next(s for s in steps if "invoke preview" in s.get("run", ""))
    assert invoke_calls(gate["run"]) == [("preview", [])] and "pull_request" in gate["if"]
    tests = next(s for s in steps if "bootstrap.py test" in s.get("run", ""))
    assert steps.index(tests) < steps.index(gate)


def test_main_is_published_with_gh_pages_after_the_tests_and_may_push():
    flow = workflow()
    (name, job), = [(n, j) for n, j in flow["jobs"].items()
                    if any("gh-pages" in s.get("run", "") for s in j["steps"])]
    assert "push" in job["if"] and "refs/heads/main" in job["if"]
    needs = job["needs"] if isinstance(job["needs"], list) else [job["needs"]]
    assert all(n in flow["jobs"] and n != name for n in needs) and needs
    assert job["permissions"]["contents"] == "write"
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0, "ghp-import needs origin/gh-pages"
    assert flow["permissions"]["contents"] == "read", "only the publish job may write"


def test_main_can_publish_to_s3_with_credentials_only_from_secrets():
    flow = workflow()
    (name, job), = [(n, j) for n, j in flow["jobs"].items()
                    if any(("publish", ["--to"]) in invoke_calls(s.get("run", ""))
                           for s in j["steps"])]
    assert "refs/heads/main" in job["if"] and "vars.S3_TARGET != ''" in job["if"]
    assert job["needs"] in ("check", ["check"])
    assert "permissions" not in job, "an S3 deploy needs no write access to the repository"
    (step,) = [s for s in job["steps"] if "invoke publish" in s.get("run", "")]
    env = step["env"]
    assert env["S3_TARGET"] == "${{ vars.S3_TARGET }}"
    secrets = {k: v for k, v in env.items() if "secrets." in v}
    assert set(secrets) == {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    assert all(v == f"${{{{ secrets.{k} }}}}" for k, v in secrets.items())
    pages = next(j for j in flow["jobs"].values()
                 if any("gh-pages" in s.get("run", "") for s in j["steps"]))
    assert "vars.GH_PAGES != 'false'" in pages["if"], "a team on S3 alone can turn Pages off"


def test_actions_are_pinned_to_a_major_version():
    used = [s["uses"] for s in steps(workflow()) if "uses" in s]
    assert used
    for action in used:
        assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", action), action


def test_the_pre_commit_hook_is_a_local_system_hook_running_the_changed_audit():
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    (hook,) = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert invoke_calls(hook["entry"]) == [("audit", ["--changed"])]


@pytest.fixture
def git_repo(tmp_path) -> Path:
    """A git repository holding a copy of the site's sources."""
    assert shutil.which("git"), "git is not installed; the hook tests need it"
    copy = copy_site(tmp_path / "repo")
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    return copy


def test_hooks_installs_an_executable_pre_commit_hook_running_the_changed_audit(git_repo):
    result = invoke(git_repo, "hooks")
    assert result.returncode == 0, result.stderr
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    assert str(hook) in result.stdout
    assert os.access(hook, os.X_OK)
    calls = invoke_calls(hook.read_text())
    assert calls == [("audit", ["--changed"])]
    assert all(task in task_names() for task, _ in calls)
    again = invoke(git_repo, "hooks")
    assert again.returncode == 0 and "already installed" in again.stdout


def test_the_hook_says_what_to_do_when_there_is_no_virtualenv(git_repo):
    assert invoke(git_repo, "hooks").returncode == 0
    run = subprocess.run([str(git_repo / ".git" / "hooks" / "pre-commit")], cwd=git_repo,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "bootstrap.py" in run.stderr


def test_hooks_refuses_to_replace_a_foreign_hook_unless_forced(git_repo):
    hook = git_repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho the team's own hook\n")
    result = invoke(git_repo, "hooks")
    assert result.returncode == 1
    assert str(hook) in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert hook.read_text() == "#!/bin/sh\necho the team's own hook\n"

    forced = invoke(git_repo, "hooks", "--force")
    assert forced.returncode == 0, forced.stderr
    assert invoke_calls(hook.read_text()) == [("audit", ["--changed"])]
    backup = hook.with_name("pre-commit.backup")
    assert backup.read_text() == "#!/bin/sh\necho the team's own hook\n"


def test_hooks_outside_a_git_repository_says_so(tmp_path):
    copy = copy_site(tmp_path / "not-a-repo")
    result = invoke(copy, "hooks", GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert result.returncode == 1
    assert "not a git repository" in result.stderr and "Traceback" not in result.stderr

"""The README's pre-commit config works as pasted: its `rev` names a commit (or tag) of
this repository, and the hook it names is one the repository ships at that rev.

It needs git and the repository's history (a clone, as CI makes): without them it fails
saying so, rather than passing unchecked."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _config() -> dict[str, Any]:
    """The README's `.pre-commit-config.yaml` block, parsed."""
    found = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", README, re.S)
    assert found, "the README shows no .pre-commit-config.yaml block"
    config: dict[str, Any] = yaml.safe_load(found.group(1))
    return config


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    git = shutil.which("git")
    assert git, "git is not installed: it is needed to check the README's pre-commit rev"
    return subprocess.run(
        [git, "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )


def test_the_readme_rev_is_a_commit_or_tag_of_this_repository() -> None:
    """`git cat-file -e REV^{commit}` finds the README's rev in this repository."""
    (repo,) = _config()["repos"]
    rev = str(repo["rev"])
    inside = _git("rev-parse", "--is-inside-work-tree")
    assert inside.stdout.strip() == "true", f"{ROOT} is not a git checkout: {inside.stderr}"
    shallow = _git("rev-parse", "--is-shallow-repository").stdout.strip()
    found = _git("cat-file", "-e", f"{rev}^{{commit}}")
    assert found.returncode == 0, (
        f"the README's pre-commit rev {rev!r} is not a commit or tag of this repository"
        + (" (this clone is shallow: git fetch --unshallow)" if shallow == "true" else "")
    )
    is_tag = _git("rev-parse", "--verify", "--quiet", f"refs/tags/{rev}").returncode == 0
    assert is_tag or re.fullmatch(r"[0-9a-f]{40}", rev), (
        f"{rev!r}: pin a tag or a full 40-character commit SHA (pre-commit wants an exact rev)"
    )


def test_the_readme_hook_is_shipped_at_that_rev() -> None:
    """The hook id the README uses is in `.pre-commit-hooks.yaml` as of that rev."""
    (repo,) = _config()["repos"]
    shown = _git("show", f"{repo['rev']}:.pre-commit-hooks.yaml")
    assert shown.returncode == 0, shown.stderr
    ids = {hook["id"] for hook in yaml.safe_load(shown.stdout)}
    assert {hook["id"] for hook in repo["hooks"]} <= ids


def test_the_try_repo_command_pins_the_same_rev() -> None:
    """The README's `pre-commit try-repo` line tries the rev the config pins."""
    (repo,) = _config()["repos"]
    assert f"--ref {repo['rev']}" in README

"""`make run` takes the newest supported Python it finds (3.11 to 3.14) and says which it used."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _make(path_dir, *args, dry_run=True):
    # Only the fake interpreters are on PATH, so the machine's own Pythons cannot be picked by accident.
    env = {"PATH": str(path_dir), "HOME": os.environ.get("HOME", "/tmp")}
    command = [MAKE, "--no-print-directory", "-C", str(ROOT), *(["-n"] if dry_run else []), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def _script(path, body):
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def test_the_newest_supported_python_that_starts_is_used_and_named(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # A pyenv shim for a version that is not active exists on PATH but does not start.
    _script(bin_dir / "python3.14", "exit 127")
    (bin_dir / "python3.13").symlink_to(sys.executable)
    (bin_dir / "python3.11").symlink_to(sys.executable)
    venv = tmp_path / "venv"

    result = _make(bin_dir, f"VENV={venv}", f"{venv}/bin/python")

    assert result.returncode == 0, result.stderr
    assert f"{bin_dir}/python3.13 -m venv {venv}" in result.stdout
    assert f"Using $({bin_dir}/python3.13 -V 2>&1) ({bin_dir}/python3.13)" in result.stdout


def test_without_a_supported_python_make_says_which_versions_work_and_creates_nothing(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _script(bin_dir / "python3", 'case "$1" in -V) echo "Python 3.10.13";; *) exit 1;; esac')
    venv = tmp_path / "venv"

    result = _make(bin_dir, f"VENV={venv}", f"{venv}/bin/python", dry_run=False)

    assert result.returncode != 0
    assert "Attract needs Python 3.11 to 3.14" in result.stdout
    assert not venv.exists()


def test_an_explicit_unsupported_python_is_refused_with_its_version(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _script(bin_dir / "python3.10", 'case "$1" in -V) echo "Python 3.10.13";; *) exit 1;; esac')
    venv = tmp_path / "venv"

    result = _make(
        bin_dir, f"PYTHON={bin_dir}/python3.10", f"VENV={venv}", f"{venv}/bin/python", dry_run=False
    )

    assert result.returncode != 0
    assert "Attract needs Python 3.11 to 3.14" in result.stdout
    assert "Python 3.10.13" in result.stdout
    assert not venv.exists()


def test_the_package_accepts_the_pythons_ci_runs_on():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())

    assert pyproject["project"]["requires-python"] == ">=3.11,<3.15"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "3.11" in ci and "3.13" in ci

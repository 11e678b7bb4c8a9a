"""What production start-up and logs do with LinkedIn secrets: real LinkedIn needs the partner app's
credentials spelled out, and gunicorn's access log never records an OAuth code or state."""

import datetime as dt
import os
import shlex
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = {"LINKEDIN_API_BASE": "https://api.linkedin.com", "LINKEDIN_OAUTH_BASE": "https://www.linkedin.com"}


def start_django(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKEDIN_")}
    env.update(SECRET_KEY="deployment-test-secret-key-0123456789-abcdefghijklmnop", **overrides)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.LINKEDIN_CLIENT_ID)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "attract.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"])
def test_real_linkedin_base_urls_need_the_partner_apps_credentials(missing):
    given = {"LINKEDIN_CLIENT_ID": "real-id", "LINKEDIN_CLIENT_SECRET": "real-secret"}
    given.pop(missing)

    started = start_django(**REAL, **given)

    assert started.returncode != 0
    assert f"Environment variable {missing} is required" in started.stderr
    assert "attract-sandbox-partner" not in started.stdout


def test_real_linkedin_with_its_credentials_starts_and_the_sandbox_needs_none():
    real = start_django(**REAL, LINKEDIN_CLIENT_ID="real-id", LINKEDIN_CLIENT_SECRET="real-secret")
    sandbox = start_django()

    assert (real.returncode, real.stdout.strip()) == (0, "real-id"), real.stderr
    assert (sandbox.returncode, sandbox.stdout.strip()) == (0, "attract-sandbox-partner"), sandbox.stderr


def test_the_web_access_log_leaves_out_the_query_string_of_the_oauth_callback():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    words = shlex.split(web.split(":", 1)[1])
    log_format = words[words.index("--access-logformat") + 1]
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", log_format)
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/linkedin/oauth/callback/?code=SECRET-CODE&state=SECRET-STATE",
        "PATH_INFO": "/linkedin/oauth/callback/",
        "QUERY_STRING": "code=SECRET-CODE&state=SECRET-STATE",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://www.linkedin.com/oauth/v2/authorization?state=SECRET-STATE",
        "HTTP_USER_AGENT": "Browser",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])

    line = log_format % logger.atoms(response, SimpleNamespace(headers=[]), environ, dt.timedelta(0, 0, 1500))

    assert "/linkedin/oauth/callback/" in line and "302" in line
    assert "SECRET" not in line

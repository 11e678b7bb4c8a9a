"""Production security defaults: HSTS (a year by default with an https SITE_URL), an SSL redirect for
deployments without a proxy, and a Content-Security-Policy on every page that no template breaks."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

BASE_DIR = Path(django_settings.BASE_DIR)
TEMPLATES = BASE_DIR / "templates"


def settings_with(**env) -> dict:
    """The settings a fresh process reads from this environment (settings are read once, at start-up)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ('SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
        "'SESSION_COOKIE_SECURE', 'CONTENT_SECURITY_POLICY', 'LINKEDIN_SANDBOX', 'INSTALLED_APPS')})); "
        "from django.urls import resolve; from django.urls.exceptions import Resolver404\n"
        "try: resolve('/sandbox/linkedin/'); print('sandbox served')\n"
        "except Resolver404: print('sandbox not found')"
    )
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SITE_URL", "DEBUG", "LINKEDIN_"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="attract.settings", SECRET_KEY="x" * 50, **env)
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    *_, values, sandbox = out.stdout.strip().splitlines()
    return {**json.loads(values), "sandbox served": sandbox == "sandbox served"}


def test_an_https_site_url_turns_hsts_on_for_a_year_and_the_ssl_redirect_is_a_setting():
    https = settings_with(SITE_URL="https://jobs.example.com")
    redirecting = settings_with(SITE_URL="https://jobs.example.com", SECURE_SSL_REDIRECT="true")
    shorter = settings_with(SITE_URL="https://jobs.example.com", SECURE_HSTS_SECONDS="600")
    plain = settings_with(SITE_URL="http://127.0.0.1:8000")

    assert https["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert https["SESSION_COOKIE_SECURE"] is True
    assert (https["SECURE_SSL_REDIRECT"], redirecting["SECURE_SSL_REDIRECT"]) == (False, True)
    assert shorter["SECURE_HSTS_SECONDS"] == 600
    assert plain["SECURE_HSTS_SECONDS"] == 0


def test_with_real_linkedin_the_policy_allows_linkedin_s_widget_and_sign_in(tmp_path):
    policy = settings_with(
        SITE_URL="https://jobs.example.com",
        LINKEDIN_API_BASE="https://api.linkedin.com",
        LINKEDIN_OAUTH_BASE="https://www.linkedin.com",
        LINKEDIN_CLIENT_ID="id",
        LINKEDIN_CLIENT_SECRET="secret",
    )["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]

    assert "https://platform.linkedin.com" in policy["script-src"]
    assert "https://www.linkedin.com" in policy["form-action"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]


@pytest.mark.django_db
def test_hsts_is_sent_over_https_and_http_is_redirected_except_healthz(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True

    secure = client.get("/careers/", secure=True)
    plain = client.get("/careers/")
    probe = client.get("/healthz")

    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert probe.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/careers/", "/accounts/login/", "/linkedin/jobs.xml", "/healthz"])
def test_every_page_carries_a_policy_without_unsafe_inline(client, address):
    policy = client.get(address)["Content-Security-Policy"]

    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy


INLINE = [
    (re.compile(r"<style", re.I), "an inline <style>"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (
        re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"(?:IN/|application/json))[^>]*>", re.I),
        "an inline script",
    ),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"hx-on", re.I), "an hx-on handler (evaluated as script)"),
]


def test_no_template_needs_unsafe_inline():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(BASE_DIR)}:{line}: {what}")

    assert found == []


def test_with_debug_off_the_sandbox_serves_only_when_asked_for_explicitly():
    production = settings_with(DEBUG="false")
    asked = settings_with(DEBUG="false", LINKEDIN_SANDBOX="true")
    developing = settings_with(DEBUG="true")

    assert (production["LINKEDIN_SANDBOX"], production["sandbox served"]) == (False, False)
    assert "linkedin_sandbox" not in production["INSTALLED_APPS"]
    assert (asked["LINKEDIN_SANDBOX"], asked["sandbox served"]) == (True, True)
    assert (developing["LINKEDIN_SANDBOX"], developing["sandbox served"]) == (True, True)


def test_under_the_tests_the_sandbox_serves(client, db):
    assert django_settings.LINKEDIN_SANDBOX is True
    assert client.get("/sandbox/linkedin/").status_code != 404

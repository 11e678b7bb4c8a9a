"""The client honours the proxy and CA bundle the environment names, as requests does, but reads the
environment once per origin rather than on each of a sync's thousands of calls."""

import requests
import responses

from linkedin_integration.client.transport import Transport

API = "https://api.linkedin.com/v2/atsCandidates"


def transport():
    return Transport(timeout=5, clock=None, sleep=lambda seconds: None)


def test_the_environments_proxy_and_ca_bundle_are_used(monkeypatch, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not read here")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    seen = []
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter,
        "send",
        lambda adapter, request, **kwargs: seen.append(kwargs) or _ok(request),
    )

    transport().send("GET", API)

    assert seen[0]["proxies"]["https"] == "http://proxy.internal:3128"
    assert seen[0]["verify"] == str(bundle)


def test_a_host_named_in_no_proxy_goes_direct(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "api.linkedin.com")

    assert not transport()._environment_for(API)["proxies"]


@responses.activate
def test_the_environment_is_read_once_per_origin(monkeypatch):
    responses.add(responses.GET, API, json={})
    responses.add(responses.GET, "https://www.linkedin.com/oauth/v2/x", json={})
    reads = []
    merge = requests.Session.merge_environment_settings

    def counted(session, url, *args):
        if session.trust_env:
            reads.append(url)
        return merge(session, url, *args)

    monkeypatch.setattr(requests.Session, "merge_environment_settings", counted)
    client = transport()

    for _ in range(5):
        client.send("GET", API)
    client.send("GET", "https://www.linkedin.com/oauth/v2/x")

    assert reads == [API, "https://www.linkedin.com/oauth/v2/x"]


def _ok(request):
    response = requests.Response()
    response.status_code, response.request, response._content = 200, request, b"{}"
    return response

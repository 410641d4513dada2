"""Security headers: a Content-Security-Policy without inline scripts, a Permissions-Policy, and no caching of what a
signed-in user sees."""

import re
from pathlib import Path

from django.urls import reverse


def test_pages_carry_the_policies(client_for, personas):
    response = client_for(personas["committee"]).get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store, private"


def test_an_anonymous_page_has_the_policies_too(client):
    response = client.get(reverse("accounts:login"))
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def test_no_template_has_an_inline_script_or_handler():
    """The policy would refuse them in the browser: behaviour lives in static files (static/js/behaviours.js)."""
    found = []
    for path in (Path(__file__).resolve().parents[3] / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            found.append(path.name)
    assert not found, f"inline scripts or on…= handlers in: {found}"

"""The overview page shows the audit's summary of the store."""
from __future__ import annotations

import re


def test_overview_shows_the_audit_summary(client, demo):
    html = client.get("/").text
    section = re.search(r'<section class="audit" id="audit-summary">(.*?)</section>', html, re.S)
    assert section, "no audit summary on the overview"
    body = section.group(1)
    assert "events per article" in body and "furniture actors" in body
    assert re.search(r"\d+\.\d events per article", body)

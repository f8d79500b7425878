"""The workspace in a real browser: every page loads clean, a question leads to its sentence, a what-if
slider changes a number, a hostile article runs nothing, and a write without the token is refused."""

from __future__ import annotations

import re

import pytest

PAGES = {
    "/": "flashpoint",
    "/system": "System",
    "/questions": "Questions",
    "/questions/world-war-12m": "world war",
    "/evidence": "Evidence",
    "/evidence?kind=quotes": "Evidence",
    "/evidence?kind=forecasts": "Evidence",
    "/whatif": "What-if",
    "/scores": "Scores",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_without_errors(server, watched, path) -> None:
    response = watched.page.goto(server + path)
    assert response.status == 200
    assert PAGES[path].lower() in watched.page.content().lower()
    watched.page.wait_for_load_state("networkidle")
    assert watched.errors == [] and watched.dialogs == []


def test_a_question_leads_to_its_sentence(server, watched) -> None:
    page = watched.page
    page.goto(server + "/questions")
    page.get_by_role("link", name="world-war-12m", exact=True).click()
    assert page.locator("#resolution-text").inner_text().startswith("YES if")
    page.locator("a.sentence").first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+\?start=\d+&end=\d+#hl$"))
    mark = page.locator("mark#hl")
    assert "very little chance of another world war" in mark.inner_text()
    assert mark.is_visible()
    assert watched.errors == []


def test_the_system_graph_links_to_parameters(server, watched) -> None:
    page = watched.page
    page.goto(server + "/system")
    for kind in ("alliances", "flows", "theatres", "actors"):
        assert page.locator(f"svg.graph a[href^='#p-{kind}-']").count() > 0, kind
    page.locator("svg.graph a[href='#p-theatres-ukraine']").click()
    assert page.url.endswith("#p-theatres-ukraine")
    page.locator("svg.graph a[href='#p-actors-PRK']").click()
    section = page.locator("#p-actors-PRK")
    assert page.url.endswith("#p-actors-PRK") and section.is_visible()
    assert "actors.PRK.resolve" in section.inner_text()


def _retake(page) -> float:
    return float(page.locator("tr[data-question='russia-retakes-kursk-6m'] td.prob").inner_text())


def test_a_whatif_slider_changes_the_number(server, watched) -> None:
    page = watched.page
    page.goto(server + "/whatif")
    status = page.locator("#status")
    page.locator("#status[data-state='first answer']").wait_for()
    before = _retake(page)
    slider = page.locator("input[name='theatres.ukraine.fronts.kursk.force_a']")
    slider.fill(slider.get_attribute("max"))  # Russia's Kursk force at the top of its range
    slider.dispatch_event("change")
    page.locator("#status[data-state='refined']").wait_for()
    assert "theatres.ukraine.fronts.kursk.force_a" in status.inner_text()
    after = _retake(page)
    assert after - before > 0.1, (before, after)
    assert watched.errors == []


def test_a_hostile_article_runs_nothing(server, watched) -> None:
    page = watched.page
    page.goto(server + "/evidence?kind=forecasts&speaker=smith")
    row = page.locator("#evidence a.sentence").first
    assert "<b onmouseover=alert(5)>" in row.inner_text()  # shown as text, not markup
    row.hover()
    row.click()
    page.wait_for_url(re.compile(r"/articles/"))
    page.locator("mark#hl").hover()
    text = page.locator("#article").inner_text()
    for shown in ('<script>alert("body")</script>', 'href="javascript:alert(2)"', "<svg onload=alert(3)>"):
        assert shown in text
    assert (
        page.locator("#article script, #article img, #article iframe, #article svg, #article a").count() == 0
    )
    assert '<script>alert("title")</script>' in page.locator("h1").inner_text()
    page.goto(server + "/questions/russia-retakes-kursk-6m")
    page.locator("blockquote.statement").first.hover()
    page.wait_for_load_state("networkidle")
    assert watched.dialogs == [], watched.dialogs
    assert watched.errors == [], watched.errors


def test_a_write_without_the_token_is_refused(server, watched) -> None:
    page = watched.page
    page.goto(server + "/questions")
    status, body = page.evaluate(
        """async () => {
            const r = await fetch('/api/v1/questions/world-war-48m/resolution', {
                method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({outcome: 'yes', date: '2025-01-01'})});
            return [r.status, await r.json()];
        }"""
    )
    assert status == 403 and body["ok"] is False and "read-only" in body["error"]
    detail = page.request.get(server + "/api/v1/questions/world-war-48m").json()
    assert detail["resolutions"] == []

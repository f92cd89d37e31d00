"""Every page a visitor uses passes axe-core in Chromium: no serious or critical violation
(WCAG 2 A and AA rules, contrast included), every control reachable with the keyboard, and the
survey's answers named for a screen reader.

axe-core comes from the `axe-playwright-python` package of the `test` extra: its
`axe.min.js` is injected from the installed file, never from a CDN. Each run writes the
violations by impact to artifacts/axe/<page>.json, so a report can compare runs.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import requests

from tests.support.kiosk_token import kiosk_token
from tests.support.servers import LiveServer

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "artifacts" / "axe"
BLOCKING = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def run_axe(page, name: str) -> list[dict]:
    """axe-core over the page as it is now; the summary is written for the report."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           TAGS)
    violations = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                   "nodes": [n["target"] for n in v["nodes"]][:5]}
                  for v in result["violations"]]
    RESULTS.mkdir(parents=True, exist_ok=True)
    by_impact: dict[str, int] = {}
    for v in violations:
        by_impact[v["impact"]] = by_impact.get(v["impact"], 0) + 1
    # "incomplete": what axe could not decide alone (e.g. text over a gradient): read by a person
    unsure = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
              for v in result["incomplete"]]
    (RESULTS / f"{name}.json").write_text(json.dumps(
        {"page": name, "axe": result["testEngine"]["version"], "by_impact": by_impact,
         "violations": violations, "incomplete": unsure}, indent=1))
    return [v for v in violations if v["impact"] in BLOCKING]


def unreachable_by_tab(page, scope: str = "body", presses: int = 80) -> list[str]:
    """Visible controls in ``scope`` that Tab never reaches."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    reached = set()
    for _ in range(presses):
        page.keyboard.press("Tab")
        key = page.evaluate("""() => { const a = document.activeElement;
            if (!a || a === document.body) return null;
            a.dataset.tabSeen = '1'; return a.tagName; }""")
        if key:
            reached.add(key)
    controls = ", ".join(f"{scope} {kind}" for kind in (
        "button", "a[href]", "input:not([type=hidden])", "select", "textarea"))
    return page.evaluate("""selector => [...document.querySelectorAll(selector)]
      .filter(n => n.offsetParent !== null && !n.disabled && n.tabIndex >= 0
                   && !n.closest('[aria-hidden=true]'))
      .filter(n => n.type !== 'radio' || !document.querySelector(
          'input[type=radio][name="' + n.name + '"][data-tab-seen]'))
      .filter(n => !n.dataset.tabSeen)
      .map(n => n.id || n.name || n.textContent.trim().slice(0, 30))""", controls)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("a11y") / "instance").start()
    server.kiosk = {"Authorization": "Bearer " + kiosk_token(server)}
    yield server
    server.stop()


def staff(server, username):
    token = server.cli("token", "create", "--user", username).strip().splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


def issue(server, service="A"):
    res = requests.post(f"{server.url}/api/v1/offices/demo/tickets", json={"service": service},
                        headers=server.kiosk, timeout=10)
    res.raise_for_status()
    return res.json()


def done(server, ticket, counter=1):
    h = staff(server, f"loket{counter}")
    called = requests.post(f"{server.url}/api/v1/counters/{counter}/call", headers=h,
                           json={"code": ticket["code"]}, timeout=10).json()
    for action in ("serve", "complete"):
        requests.post(f"{server.url}/api/v1/tickets/{called['id']}/{action}", headers=h,
                      timeout=10).raise_for_status()


def test_kiosk_screens(browser, live):
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    page.goto(f"{live.url}/kiosk/demo")
    page.wait_for_selector("#s-unpaired:not([hidden])")
    problems = {"unpaired": run_axe(page, "kiosk-unpaired")}
    page.goto(f"{live.url}/kiosk/demo/pair#{kiosk_token(live)}")
    page.wait_for_url(f"{live.url}/kiosk/demo")
    page.wait_for_selector("body[data-menu-loaded='1'] #s-home:not([hidden])")
    problems["home"] = run_axe(page, "kiosk-home")
    assert unreachable_by_tab(page, "#s-home") == [] and unreachable_by_tab(page, ".bar") == []
    page.click("#lang")
    problems["home-en"] = run_axe(page, "kiosk-home-en")
    page.click("#lang")
    page.click('button.service[data-service="A"]')
    page.wait_for_selector("#s-kind:not([hidden])")
    problems["kind"] = run_axe(page, "kiosk-kind")
    page.click('[data-kind="priority"]')
    page.wait_for_selector("#s-reason:not([hidden])")
    problems["reason"] = run_axe(page, "kiosk-reason")
    assert unreachable_by_tab(page, "#s-reason") == []
    page.click('[data-reason="lansia"]')
    page.wait_for_selector("#s-result:not([hidden])")
    problems["result"] = run_axe(page, "kiosk-result")
    assert {k: v for k, v in problems.items() if v} == {}
    context.close()


def test_ticket_status_page(browser, live):
    ticket = issue(live, "B")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live.url}/t/{ticket['token']}")
    page.wait_for_selector("#status-text:has-text('Menunggu')")
    problems = {"waiting": run_axe(page, "status-waiting")}
    assert unreachable_by_tab(page) == []
    done(live, ticket, 2)
    page.reload()
    page.wait_for_selector("#survey:visible")
    problems["done"] = run_axe(page, "status-done")
    assert {k: v for k, v in problems.items() if v} == {}
    page.close()


def test_survey_with_a_screen_readers_names(browser, live):
    ticket = issue(live, "C")
    done(live, ticket, 3)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live.url}/survey/{ticket['token']}")
    page.wait_for_selector("form.skm")
    problems = run_axe(page, "survey-form")
    assert problems == []
    assert unreachable_by_tab(page, "form.skm", presses=60) == []
    # each answer is announced with its question (the group) and its words
    names = page.evaluate("""() => [...document.querySelectorAll('#field-u6 input')].map(i =>
        [i.closest('fieldset').querySelector('legend').innerText.trim().length > 0,
         i.labels[0].innerText.trim()])""")
    assert all(group and label for group, label in names), names
    for number in (1, 2, 3):
        page.click(f"#field-u{number} label.answer.s{number + 1}")  # chosen answers, inverted
    assert run_axe(page, "survey-form-answered") == []
    page.click("button.send")
    page.wait_for_selector("fieldset.invalid")
    assert run_axe(page, "survey-form-error") == []
    page.close()


def test_online_request_form(browser, live):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live.url}/kiosk/demo/online")
    page.wait_for_selector("#online-form")
    assert run_axe(page, "online-form") == []
    assert unreachable_by_tab(page, "#online-form") == []
    page.fill("#name", "Bu Ratna")
    page.fill("#phone", "081234567890")
    page.fill("#request_text", "Syarat legalisir ijazah?")
    time.sleep(float(os.environ.get("A11Y_FILL_WAIT_S", "3.2")))  # the form's anti-bot pause
    page.click("#send")
    page.wait_for_url("**/online/sent/**")
    assert run_axe(page, "online-sent") == []
    page.close()

"""Issue 17, the lobby board read from across the room: word-safe waiting strip, recent
cards with counter and time at 40 px or more at 1080p, one card per ticket however often it
is recalled, and a sound hint whose icon needs no emoji font."""

from __future__ import annotations

import pytest

from tests.display.conftest import SHOTS
from tests.display.test_board_browser import open_board

pytestmark = pytest.mark.browser

BROKEN_WORDS = """() => {
  const broken = [];
  for (const node of document.querySelectorAll('#waiting .svc b, #waiting .svc span')) {
    const text = node.textContent;
    let at = 0;
    for (const word of text.split(/\\s+/)) {
      const start = text.indexOf(word, at); at = start + word.length;
      if (!word) continue;
      const range = document.createRange();
      range.setStart(node.firstChild, start); range.setEnd(node.firstChild, start + word.length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(word);
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def busy_board(live, desk):
    """Eight calls and a priority ticket waiting in every service, then two recalls."""
    for i in range(10):
        desk.issue("ABCD"[i % 4])
    for number in (1, 2, 3, 1, 2, 3, 1, 2):
        desk.call_next(number)
    for service in "ABCD":
        desk.issue(service, priority=True)
    return desk


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_waiting_strip_breaks_between_words_only(browser, live, busy_board, size):
    page = open_board(browser, live, viewport=size)
    page.wait_for_function("document.getElementById('waiting').textContent.includes('prioritas')")
    assert page.evaluate(BROKEN_WORDS) == []
    page.screenshot(path=str(SHOTS / f"display-board-issue17-{size[0]}x{size[1]}.png"))
    page.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_recent_cards_keep_counter_and_time_in_lobby_type(browser, live, busy_board, size):
    page = open_board(browser, live, viewport=size)
    lobby_px = 40 * size[1] / 1080  # 40 px at 1080p, the same share of a smaller screen
    page.wait_for_selector("#recent li .at")
    cards = page.eval_on_selector_all("#recent li:not(.empty)", """els => els.map(li => ({
        code: li.querySelector('.code').textContent,
        num: li.querySelector('.num') && li.querySelector('.num').textContent,
        at: li.querySelector('.at') && li.querySelector('.at').textContent,
        small: Math.min(...[...li.querySelectorAll('*')].filter(n => n.childNodes.length
          && [...n.childNodes].some(c => c.nodeType === 3 && c.textContent.trim()))
          .map(n => parseFloat(getComputedStyle(n).fontSize))),
    }))""")
    assert len(cards) >= 7, cards
    cut = page.evaluate("""() => { const box = document.querySelector('.recent')
        .getBoundingClientRect(); return [...document.querySelectorAll('#recent li')]
        .filter(li => li.getBoundingClientRect().bottom > box.bottom + 1
                      || li.scrollWidth > li.clientWidth + 1).length; }""")
    assert cut == 0, f"{cut} recent cards fall outside the panel"
    for card in cards:
        assert card["num"] and card["at"], card
        assert card["small"] >= lobby_px - 0.5, card
    page.close()


def test_a_recall_does_not_take_a_slot_of_its_own(browser, live, busy_board):
    page = open_board(browser, live)
    before = page.eval_on_selector_all("#recent li .code", "els => els.map(e => e.textContent)")
    busy_board.recall(1)
    busy_board.recall(2)
    page.wait_for_function("window.antrianBoard.spoken.filter(e => e.recall).length >= 2"
                           " || document.getElementById('now-recall').offsetParent !== null")
    page.wait_for_timeout(300)
    shown = page.eval_on_selector_all("#recent li .code", "els => els.map(e => e.textContent)")
    assert len(shown) == len(set(shown)), f"a ticket shows twice: {shown}"
    assert page.text_content("#now-code") not in shown
    assert len(shown) >= min(len(before), 7)
    page.reload()
    page.wait_for_selector("#recent li .code")
    shown = page.eval_on_selector_all("#recent li .code", "els => els.map(e => e.textContent)")
    assert len(shown) == len(set(shown)), f"after a reload, a ticket shows twice: {shown}"
    page.close()


def test_the_sound_hint_icon_needs_no_emoji_font(browser, live):
    page = open_board(browser, live)
    hint = page.evaluate("document.getElementById('sound-hint').textContent")
    assert not any(ord(ch) > 0x2FFF for ch in hint), "an emoji that may draw as an empty box"
    assert page.locator("#sound-hint .speaker").count() == 1
    page.close()

"""OfficeStream: each socket hears the office's events in seq order, after a snapshot that is
never newer than the first of them and never older than one it already heard."""

from __future__ import annotations

import pytest

from antrian.shared.core import events
from antrian.shared.realtime.office_stream import OfficeStream

ROOM = "office:demo"


class Outlet:
    """Records what would go out, and which sockets are in the room, as Socket.IO would."""

    def __init__(self) -> None:
        self.room: set[str] = set()
        self.heard: dict[str, list[tuple[str, int]]] = {}

    def emit(self, name: str, data, to: str) -> None:
        for sid in sorted(self.room) if to == ROOM else [to]:
            self.heard.setdefault(sid, []).append((name, data["seq"]))

    def enter(self, sid: str, rooms: list[str]) -> None:
        assert rooms == [ROOM]
        self.room.add(sid)


def snap(seq: int) -> dict:
    return {"seq": seq}


@pytest.fixture
def out() -> Outlet:
    return Outlet()


def offer(stream: OfficeStream, *seqs: int) -> None:
    for seq in seqs:
        stream.offer(seq, "ticket.called", {"seq": seq}, now=0.0)


def test_events_go_out_in_seq_order_each_once(out):
    stream = OfficeStream(ROOM, out)
    assert stream.join("a", [ROOM], snap(10), now=0.0)
    offer(stream, 12, 11, 11, 14, 13, 12)
    assert out.heard["a"] == [("board", 10)] + [("ticket.called", s) for s in (11, 12, 13, 14)]
    assert stream.delivered == 14
    assert stream.waiting_since() is None


def test_a_gap_is_held_and_reported_until_it_closes(out):
    stream = OfficeStream(ROOM, out)
    stream.join("a", [ROOM], snap(10), now=0.0)
    stream.offer(12, "ticket.called", {"seq": 12}, now=5.0)
    assert out.heard["a"] == [("board", 10)]
    assert stream.waiting_since() == 5.0
    offer(stream, 11)
    assert [s for _, s in out.heard["a"]] == [10, 11, 12]
    assert stream.waiting_since() is None


def test_a_snapshot_behind_the_room_is_followed_by_the_events_after_it(out):
    stream = OfficeStream(ROOM, out)
    stream.join("a", [ROOM], snap(10), now=0.0)
    offer(stream, 11, 12, 13)
    assert stream.join("b", [ROOM], snap(11), now=0.0)  # read before 12 and 13 went out
    assert out.heard["b"] == [("board", 11), ("ticket.called", 12), ("ticket.called", 13)]
    offer(stream, 14)
    assert out.heard["b"][-1] == ("ticket.called", 14)


def test_a_snapshot_ahead_of_the_room_joins_when_the_room_reaches_it(out):
    stream = OfficeStream(ROOM, out)
    stream.join("a", [ROOM], snap(10), now=0.0)
    assert stream.join("b", [ROOM], snap(12), now=1.0)  # 11 and 12 still on their way
    assert "b" not in out.heard and stream.waiting_since() == 1.0
    offer(stream, 11, 12, 13)
    assert out.heard["b"] == [("board", 12), ("ticket.called", 13)]  # never 11 or 12 again


def test_a_snapshot_older_than_the_history_must_be_read_again(out):
    stream = OfficeStream(ROOM, out, history=2)
    stream.join("a", [ROOM], snap(10), now=0.0)
    offer(stream, 11, 12, 13)
    assert not stream.join("b", [ROOM], snap(10), now=0.0)
    assert "b" not in out.heard and "b" not in out.room


def test_a_room_snapshot_resolves_a_gap_for_everyone(out):
    stream = OfficeStream(ROOM, out)
    stream.join("a", [ROOM], snap(10), now=0.0)
    offer(stream, 12, 13, 15)  # 11 is lost
    stream.join("b", [ROOM], snap(14), now=0.0)
    assert not stream.apply_snapshot(snap(9))  # older than the room: refused
    assert stream.apply_snapshot(snap(14))
    assert out.heard["a"] == [("board", 10), ("board", 14), ("ticket.called", 15)]
    assert out.heard["b"] == [("board", 14), ("ticket.called", 15)]
    assert stream.waiting_since() is None


def test_a_socket_that_leaves_while_joining_is_forgotten(out):
    stream = OfficeStream(ROOM, out)
    stream.join("a", [ROOM], snap(10), now=0.0)
    stream.join("b", [ROOM], snap(11), now=0.0)
    stream.leave("b")
    offer(stream, 11)
    assert "b" not in out.heard and stream.waiting_since() is None


def test_commit_order_hands_batches_on_in_reservation_order():
    order = events.CommitOrder()
    got: list[list] = []
    order.listeners.append(got.append)
    first, second, third = order.reserve(), order.reserve(), order.reserve()
    order.settle(third, ["c"])
    order.settle(second, [])  # rolled back
    assert got == []  # the first has not committed yet: nothing may overtake it
    order.settle(first, ["a"])
    assert got == [["a"], ["c"]]

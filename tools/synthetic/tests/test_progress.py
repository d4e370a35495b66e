"""The load's progress where stderr is not a terminal: plain lines a log can show."""

from __future__ import annotations

import io

from kohtaamo.synthetic import PhaseBars


def test_off_a_terminal_each_phase_is_a_line_at_its_start_every_tenth_and_its_end():
    # given progress written to a file, not a terminal
    log = io.StringIO()
    # when a phase of 200 clients goes one by one to its end, then a phase with nothing in it
    with PhaseBars(enabled=True, stream=log) as bars:
        for done in range(201):
            bars.update(done, 200, "registrations")
        bars.update(200, 200, "registrations")  # the phase's end is reported once more
        bars.update(0, 0, "tallies")
    lines = log.getvalue().splitlines()
    # then the first phase is eleven lines, 0 % to 100 %, and the empty phase one line at 100 %
    assert [line.split()[:3] for line in lines] == (
        [["registrations", f"{20 * k}/200", f"({10 * k}"] for k in range(11)] + [["tallies", "0/0", "(100"]])


def test_disabled_writes_nothing():
    log = io.StringIO()
    with PhaseBars(enabled=False, stream=log) as bars:
        bars.update(1, 2, "registrations")
    assert log.getvalue() == ""

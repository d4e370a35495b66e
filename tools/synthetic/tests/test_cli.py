"""Bad input to ``python -m kohtaamo.synthetic``: one line on stderr and a non-zero exit."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from kohtaamo.synthetic.cli import BAD_INPUT, UNREACHABLE, app


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(("args", "message"), [
    (["--clients", "49"], "--clients must be 50..100000, not 49"),
    (["--clients", "100001"], "--clients must be 50..100000, not 100001"),
    (["--seed", "-1"], "--seed must be 0 or more, not -1"),
    (["--concurrency", "0"], "--concurrency must be 1..256, not 0"),
    (["--base-url", "ftp://example"], "is not an http(s) URL"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == BAD_INPUT
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_service_is_one_line_and_exit_3():
    port = free_port()
    result = run("--clients", "50", "--intake-url", f"http://127.0.0.1:{port}", "--no-progress")
    assert result.exit_code == UNREACHABLE
    assert result.stderr.startswith(f"kohtaamo.synthetic: cannot reach intake at http://127.0.0.1:{port}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_journal_of_another_programme_is_one_line_and_exit_2(tmp_path):
    # given a journal of 50 clients of seed 1, stopped on request
    journal = tmp_path / "journal"
    journal.write_text('{"clients":50,"seed":1}\n{"stopped":true}\n')

    # when a load of seed 2 is to go on from it, then it is refused before anything is sent
    result = run("--clients", "50", "--seed", "2", "--journal", str(journal), "--no-progress",
                 "--base-url", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == BAD_INPUT
    assert "--journal:" in result.stderr and "another programme" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

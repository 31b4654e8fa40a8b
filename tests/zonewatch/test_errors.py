"""Every user mistake or environment failure is one line on stderr and a documented exit code (issue 15, point 5).

The failures are real: a database server that is not there, a read-only and a full file system
(a tmpfs in a private mount namespace, since the tests may run as root, which ignores chmod), an SMTP
server that refuses the recipient.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.zonewatch.conftest import zonewatch
from zonewatch.failures import ExitCode


def assert_one_line(result: subprocess.CompletedProcess, code: int, *phrases: str) -> str:
    """The child exited `code` and said so in exactly one stderr line (no traceback) naming `phrases`."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for phrase in phrases:
        assert phrase in errors[0], (phrase, errors[0])
    return errors[0]


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("not a url", "bad database URL"),
        ("nosuchdb://host/zw", "bad database URL"),
        ("mysql://zw@127.0.0.1/zw", "driver is not installed"),
    ],
)
@pytest.mark.parametrize(
    "command", [["db", "upgrade"], ["reports"], ["digest"], ["parse"], ["diff", "--zone", "Z"]]
)
def test_bad_db_url_is_a_user_error(command: list[str], url: str, phrase: str) -> None:
    from click.testing import CliRunner

    from zonewatch.cli import main

    result = CliRunner().invoke(main, [*command, "--db", url])
    assert result.exit_code == ExitCode.USER_ERROR, result.output
    assert phrase in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_db_url_in_a_real_process_and_from_the_environment(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites:\n  - {name: a, zone: 甲园区, start_urls: ['http://127.0.0.1:9/']}\n", encoding="utf-8"
    )
    result = zonewatch("run", "--sites", str(sites), env={"ZONEWATCH_DB_URL": "sqlite:/x"})
    assert_one_line(result, ExitCode.USER_ERROR, "bad database URL")


@pytest.mark.parametrize("command", [["db", "current"], ["reports"]])
def test_unreachable_database_exits_4(command: list[str]) -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once. The password stays hidden.
    result = zonewatch(*command, "--db", "postgresql+psycopg://zw:secret@127.0.0.1:1/zw", timeout=60)
    line = assert_one_line(result, ExitCode.DATABASE, "127.0.0.1")
    assert "secret" not in result.stderr, line


# --- read-only and full file systems ------------------------------------------------------------


def _private_mounts_work() -> bool:
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt && mount -o remount,ro /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.fixture(scope="module")
def private_mounts() -> None:
    try:
        usable = _private_mounts_work()
    except FileNotFoundError:
        usable = False
    if not usable:
        pytest.skip(
            "cannot mount a private tmpfs (unshare -m needs CAP_SYS_ADMIN): no real read-only/full fs"
        )


def zonewatch_on_tmpfs(
    mountpoint: Path, prepare: list[str], args: list[str], *, state: str, env: dict[str, str]
) -> subprocess.CompletedProcess:
    """Run `zonewatch ARGS` with a fresh 512 KB tmpfs on mountpoint, in a private mount namespace.

    prepare: Python snippets run first on the writable tmpfs (e.g. to store a document); then the
    file system is made `state` ("readonly": remounted read-only; "full": filled to the last block).
    """
    mountpoint.mkdir(parents=True, exist_ok=True)
    python = shlex.quote(sys.executable)
    steps = [f"mount -t tmpfs -o size=512k tmpfs {shlex.quote(str(mountpoint))}"]
    steps += [f"{python} -c {shlex.quote(snippet)} >/dev/null" for snippet in prepare]
    if state == "readonly":
        steps.append(f"mount -o remount,ro {shlex.quote(str(mountpoint))}")
    else:
        steps.append(f"dd if=/dev/zero of={shlex.quote(str(mountpoint / 'filler'))} bs=1k 2>/dev/null; true")
    steps.append(f"exec {python} -m zonewatch {shlex.join(args)}")
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", " && ".join(steps)],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, **env},
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path, private_mounts: None) -> Iterator[Path]:
    yield tmp_path / "home"


@pytest.mark.parametrize("state", ["readonly", "full"])
def test_fresh_database_in_an_unwritable_home_exits_5(home: Path, state: str) -> None:
    result = zonewatch_on_tmpfs(home, [], ["db", "upgrade"], state=state, env={"ZONEWATCH_HOME": str(home)})
    assert_one_line(result, ExitCode.STORAGE, "cannot write")


@pytest.mark.parametrize("state", ["readonly", "full"])
def test_digest_into_an_unwritable_folder_exits_5_and_queues_nothing(
    home: Path, tmp_path: Path, state: str
) -> None:
    url = f"sqlite:///{tmp_path / 'z.db'}"
    assert zonewatch("db", "upgrade", "--db", url).returncode == 0
    out = home / "digests" / "today.html"
    result = zonewatch_on_tmpfs(home, [], ["digest", "--db", url, "--out", str(out)], state=state, env={})
    assert_one_line(result, ExitCode.STORAGE, "cannot write")


def test_run_into_an_unwritable_out_fails_before_crawling(home: Path, tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        "sites:\n  - {name: a, zone: 甲园区, start_urls: ['http://127.0.0.1:9/']}\n", encoding="utf-8"
    )
    url = f"sqlite:///{tmp_path / 'z.db'}"
    args = ["run", "--sites", str(sites), "--db", url, "--out", str(home / "d.html")]
    result = zonewatch_on_tmpfs(home, [], args, state="readonly", env={})
    assert_one_line(result, ExitCode.STORAGE, str(home / "d.html"))
    assert not (tmp_path / "z.db").exists(), "nothing ran: not even the database was created"


# Migrates the default database under ZONEWATCH_HOME and stores one fetched page waiting to be parsed.
STORE_ONE_DOCUMENT = """
from storage import repository as repo
from storage.db import session_scope
from storage.migrate import upgrade
from zonewatch.settings import load_settings
from zonewatch.sites import SiteConfig

url = load_settings().db_url
upgrade(url)
with session_scope(url) as session:
    repo.upsert_site(session, SiteConfig(name="a", zone="甲园区", start_urls=["http://127.0.0.1:9/"]))
    page = "<html><body><p>" + "园区正文。" * 3000 + "</p></body></html>"
    repo.save_document(session, repo.FetchedDocument("a", "http://127.0.0.1:9/a.html", page.encode()))
"""


@pytest.mark.parametrize("state", ["readonly", "full"])
def test_parse_on_an_unwritable_home_with_work_to_do_exits_5(home: Path, state: str) -> None:
    """A database with a document waiting, then its file system turns read-only or full."""
    result = zonewatch_on_tmpfs(
        home, [STORE_ONE_DOCUMENT], ["parse"], state=state, env={"ZONEWATCH_HOME": str(home)}
    )
    assert_one_line(result, ExitCode.STORAGE, "cannot write")


# --- mail ------------------------------------------------------------------------------------------


class RefusingServer:
    """An SMTP server that refuses every recipient, as a relay does for an unknown mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]  # noqa: N802
        return "550 5.1.1 mailbox unavailable"


@pytest.fixture
def refusing_smtp() -> Iterator[int]:
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(RefusingServer(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def test_undelivered_digest_exits_6_and_stays_queued(tmp_path: Path, refusing_smtp: int) -> None:
    url = f"sqlite:///{tmp_path / 'z.db'}"
    assert zonewatch("db", "upgrade", "--db", url).returncode == 0  # digest reads: it creates none
    env = {
        "ZONEWATCH_SMTP_URL": f"smtp://127.0.0.1:{refusing_smtp}",
        "ZONEWATCH_MAIL_TO": "reader@example.cn",
        "ZONEWATCH_SEND_EMPTY_DIGEST": "1",
    }
    result = zonewatch("digest", "--db", url, "--send", env=env)
    assert_one_line(result, ExitCode.MAIL, "not delivered", "550")
    from sqlalchemy import select

    from storage.db import session_scope
    from storage.models import OutboxMessage

    with session_scope(url) as session:
        assert [row.status for row in session.scalars(select(OutboxMessage))] == ["pending"]


def test_send_without_a_mail_server_exits_6(sqlite_db_url: str) -> None:
    result = zonewatch("digest", "--db", sqlite_db_url, "--send", "--to", "r@example.cn")
    assert_one_line(result, ExitCode.MAIL, "no SMTP server")


# --- a bug ---------------------------------------------------------------------------------------


def test_a_bug_is_one_line_and_exit_70(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug cannot be produced on purpose in correct code, so one is planted in the sites loader."""
    from click.testing import CliRunner

    import zonewatch.cli_common
    from zonewatch.cli import main

    def broken(path: Path) -> None:
        raise RuntimeError("planted bug")

    monkeypatch.setattr(zonewatch.cli_common, "load_sites", broken)
    monkeypatch.delenv("ZONEWATCH_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["sites", "--sites", str(tmp_path / "s.yaml")])
    assert result.exit_code == ExitCode.INTERNAL
    assert result.stderr.strip() == (
        "Error: internal error: RuntimeError: planted bug (set ZONEWATCH_DEBUG=1 for the traceback)"
    )


def test_a_logged_exception_is_one_line_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """Scrapy and the parse stage log exceptions (a spider callback, one bad document): one line each."""
    import logging

    from zonewatch.failures import log_to_stderr_in_one_line

    log_to_stderr_in_one_line()
    log_to_stderr_in_one_line()  # idempotent: one handler, one line
    try:
        raise ValueError("bad table\nin page 3")
    except ValueError:
        logging.getLogger("parsers.stage").exception("parsing document %s failed", "http://a/1.html")
    err = capsys.readouterr().err
    assert err == (
        "error: parsers.stage: parsing document http://a/1.html failed (ValueError: bad table in page 3)\n"
    )

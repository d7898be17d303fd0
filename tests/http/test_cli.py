"""The command line: init refuses to overwrite, serve prints where it
listens, demo is idempotent, every subcommand has --help, bad flags fail
clearly."""
import hashlib
import re
import socket
import subprocess

import pytest

from conftest import BIN, DEMO_RE, STAFF_PASSWORD, finish_server, run_cli, sign_in, start_server, \
    DataDir


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_init_creates_and_refuses_to_overwrite(binary, tmp_path):
    d = tmp_path / "data"
    r = run_cli("init", "--data", str(d), "--name", "First Name")
    assert r.returncode == 0, r.stderr
    assert f"created {d}/sanctuary.db" in r.stdout
    db = d / "sanctuary.db"
    assert db.exists()
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    before = {p.name: digest(p) for p in d.iterdir() if p.is_file()}
    r = run_cli("init", "--data", str(d), "--name", "Second Name")
    assert r.returncode != 0
    assert "refusing to overwrite" in r.stderr
    after = {p.name: digest(p) for p in d.iterdir() if p.is_file() and p.name in before}
    assert after == before, "init touched an existing data folder"


@pytest.mark.parametrize("args, message", [
    (["--languages", "en,xx"], "--languages"),
    (["--languages", "en,es", "--default-lang", "bn"], "default"),
    (["--timezone", "Mars/Base"], "--timezone"),
    (["--hotline", "call us"], "--hotline"),
    (["--languages", ""], "non-empty"),
])
def test_init_rejects_bad_settings(binary, tmp_path, args, message):
    d = tmp_path / "data"
    r = run_cli("init", "--data", str(d), *args)
    assert r.returncode != 0
    assert message in r.stderr, r.stderr
    assert not (d / "sanctuary.db").exists()


def test_demo_is_idempotent(binary, tmp_path):
    d = tmp_path / "data"
    assert run_cli("init", "--data", str(d)).returncode == 0
    first = run_cli("demo", "--data", str(d))
    assert first.returncode == 0
    m = DEMO_RE.search(first.stdout)
    assert m and len(m.group(2)) >= 12
    assert first.stdout.count("demo sign-in:") == 1
    second = run_cli("demo", "--data", str(d))
    assert second.returncode == 0, second.stderr
    assert not DEMO_RE.search(second.stdout), "a second password was printed"
    assert m.group(2) not in second.stdout
    # content not duplicated, and the first password still works
    data = DataDir(d, m.group(1), m.group(2))
    srv = start_server(data, name="demo-twice")
    try:
        text = srv.get("/").text
        assert text.count("We are neighbors in Jackson Heights") == 1
        assert text.count('<section class="about"') == 1
        sign_in(srv, m.group(1), m.group(2))
        es = srv.get("/?lang=es").text
        assert es.count("Somos vecinos de Jackson Heights") == 1
    finally:
        finish_server(srv)


def test_demo_keeps_a_chosen_group_name(binary, tmp_path):
    d = tmp_path / "data"
    assert run_cli("init", "--data", str(d), "--name", "Our Own Name").returncode == 0
    assert run_cli("demo", "--data", str(d)).returncode == 0
    srv = start_server(DataDir(d), name="demo-name")
    try:
        assert "Our Own Name" in srv.get("/").text
    finally:
        finish_server(srv)


def test_serve_prints_listening_line(binary, server):
    # the fixture parsed it; the port it named is the one that answers
    assert server.host == "127.0.0.1" and 0 < server.port < 65536
    assert server.healthy()


def test_serve_on_a_busy_port_fails_clearly(binary, server):
    r = run_cli("serve", "--data", str(server.data.path), "--listen", f"127.0.0.1:{server.port}",
                timeout=30)
    assert r.returncode != 0
    assert "cannot listen" in r.stderr
    assert "listening on" not in r.stdout


def test_serve_without_database_fails_clearly(binary, tmp_path):
    r = run_cli("serve", "--data", str(tmp_path / "none"), "--listen", "127.0.0.1:0")
    assert r.returncode != 0
    assert "no database" in r.stderr and "sanctuary init" in r.stderr


@pytest.mark.parametrize("listen", ["nonsense", "127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:"])
def test_serve_rejects_bad_listen(binary, server, listen):
    r = run_cli("serve", "--data", str(server.data.path), "--listen", listen)
    assert r.returncode == 2
    assert "--listen" in r.stderr


@pytest.mark.parametrize("flag", ["--threads", "--timeout", "--max-per-ip"])
def test_serve_rejects_out_of_range_numbers(binary, server, flag):
    r = run_cli("serve", "--data", str(server.data.path), "--listen", "127.0.0.1:0", flag, "-5")
    assert r.returncode == 2
    assert flag in r.stderr or "out of range" in r.stderr


HELP_CASES = [
    (["init", "--help"], "sanctuary init"),
    (["serve", "--help"], "sanctuary serve"),
    (["demo", "--help"], "sanctuary demo"),
    (["migrate", "--help"], "sanctuary migrate"),
    (["user", "--help"], "sanctuary user add"),
    (["user", "add", "--help"], "sanctuary user add"),
    (["version", "--help"], "sanctuary version"),
    (["--help"], "sanctuary COMMAND"),
    (["help"], "sanctuary COMMAND"),
    (["serve", "-h"], "sanctuary serve"),
]


@pytest.mark.parametrize("args, usage", HELP_CASES, ids=[" ".join(a) for a, _ in HELP_CASES])
def test_every_subcommand_has_help(binary, args, usage):
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: "), r.stdout
    assert usage in r.stdout
    assert r.stderr == ""


def test_every_listed_command_has_help(binary):
    """Whatever commands `sanctuary --help` lists, each answers --help."""
    out = run_cli("--help").stdout
    commands = re.findall(r"^  ([a-z][a-z-]*) ", out, re.M)
    assert {"init", "serve", "demo", "migrate", "user", "version"} <= set(commands), out
    for cmd in commands:
        r = run_cli(cmd, "--help")
        assert r.returncode == 0, f"{cmd} --help: exit {r.returncode}: {r.stderr}"
        assert r.stdout.startswith("usage: sanctuary " + cmd), f"{cmd} --help: {r.stdout[:200]!r}"


def test_serve_help_lists_options(binary):
    out = run_cli("serve", "--help").stdout
    for flag in ("--data", "--listen", "--threads", "--timeout", "--help"):
        assert flag in out


@pytest.mark.parametrize("cmd", [["init"], ["serve"], ["demo"], ["migrate"], ["user", "add"],
                                 ["version"]])
def test_unknown_flag_fails_clearly(binary, tmp_path, cmd):
    r = run_cli(*cmd, "--data", str(tmp_path / "d"), "--frobnicate")
    if cmd == ["version"]:
        r = run_cli("version", "--frobnicate")
    assert r.returncode != 0
    assert "unknown option '--frobnicate'" in r.stderr, r.stderr
    assert "usage:" in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("args, message", [
    (["init", "--data"], "option '--data' needs a value"),
    (["serve", "--data", "x", "--listen"], "option '--listen' needs a value"),
    (["init", "--data", "--name", "x"], "option '--data' needs a value"),
    (["init", "--data="], "needs a non-empty value"),
    (["demo"], "missing required option --data"),
    (["migrate"], "missing required option --data"),
    (["user", "add", "--data", "x", "--role", "admin"], "missing required option --email"),
    (["serve", "--data", "x", "--no-access-log=yes"], "takes no value"),
    (["demo", "--data", "x", "extra"], "unexpected argument 'extra'"),
])
def test_missing_values_fail_clearly(binary, args, message):
    r = run_cli(*args)
    assert r.returncode != 0
    assert message in r.stderr, r.stderr


def test_unknown_command(binary):
    r = run_cli("frobnicate")
    assert r.returncode == 2
    assert "unknown command 'frobnicate'" in r.stderr
    assert "usage:" in r.stderr


def test_no_command(binary):
    r = run_cli()
    assert r.returncode == 2
    assert "usage:" in r.stderr


def test_user_without_subcommand(binary):
    r = run_cli("user")
    assert r.returncode == 2
    assert "user add" in r.stderr


def test_version(binary):
    r = run_cli("version")
    assert r.returncode == 0
    assert re.fullmatch(r"sanctuary \S+\n", r.stdout)


def test_migrate_is_a_no_op_when_current(binary, server):
    r = run_cli("migrate", "--data", str(server.data.path))
    assert r.returncode == 0, r.stderr
    assert re.search(r"database at version \d+ \(0 migrations applied\)", r.stdout)


# ---- user add ------------------------------------------------------------------------

def test_user_add_and_sign_in(binary, fresh_server):
    d = str(fresh_server.data.path)
    r = run_cli("user", "add", "--data", d, "--email", "Mixed.Case@Example.ORG", "--role",
                "volunteer", stdin=STAFF_PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert re.search(r"created volunteer account \d+", r.stdout)
    assert STAFF_PASSWORD not in r.stdout + r.stderr
    s = sign_in(fresh_server, "mixed.case@example.org", STAFF_PASSWORD)
    assert "volunteer" in s.get(fresh_server.url + "/app", timeout=10).text
    # the same email again
    r = run_cli("user", "add", "--data", d, "--email", "mixed.case@example.org", "--role", "admin",
                stdin=STAFF_PASSWORD + "\n")
    assert r.returncode != 0
    assert "already exists" in r.stderr


@pytest.mark.parametrize("args, stdin, message", [
    (["--role", "boss"], STAFF_PASSWORD, "--role must be admin, organizer or volunteer"),
    ([], "short", "at least 12"),
    ([], "", "no password"),
    ([], "password1234", "too common"),
    (["--lang", "xx"], STAFF_PASSWORD, "--lang"),
])
def test_user_add_rejects(binary, server, args, stdin, message):
    base = ["user", "add", "--data", str(server.data.path), "--email", "rejected@example.org"]
    if not any(a == "--role" for a in args):
        base += ["--role", "organizer"]
    r = run_cli(*base, *args, stdin=stdin + ("\n" if stdin else ""))
    assert r.returncode != 0
    assert message.lower() in r.stderr.lower(), r.stderr


def test_user_add_rejects_bad_email(binary, server):
    r = run_cli("user", "add", "--data", str(server.data.path), "--email", "not an email",
                "--role", "organizer", stdin=STAFF_PASSWORD + "\n")
    assert r.returncode == 2
    assert "--email" in r.stderr

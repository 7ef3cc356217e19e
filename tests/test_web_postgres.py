"""tdgrad serve on PostgreSQL: a throwaway cluster (Debian's postgresql, on a Unix socket in a
temporary folder) holds the class's answers across a restart, as SQLite does."""

import glob
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tdgrad import spec
from tdgrad.web.app import create_app
from tdgrad.web.store import Store, Submission


@pytest.fixture(scope="module")
def postgres_url():
    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
    top = Path(tempfile.mkdtemp(prefix="tdgrad-pg-"))
    as_postgres = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to Debian's postgres user
        shutil.chown(top, "postgres", "postgres")
        os.chmod(top, 0o755)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, sock = top / "data", top / "sock"
    run = lambda *cmd: subprocess.run([*as_postgres, *cmd], check=True, capture_output=True)  # noqa: E731
    run("mkdir", str(sock))
    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "tdgrad")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(top / "log"), "-w", "-o",
        f"-k {sock} -c listen_addresses=''", "start")
    try:
        yield f"postgresql://tdgrad@/postgres?host={sock}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(top, ignore_errors=True)


def test_the_store_keeps_answers_in_postgresql(postgres_url):
    first = Store(postgres_url)
    assert first.student("22001234", 17) == 17
    first.add("22001234", 17, Submission("3:q1.loss", "0,0336", "correct", "", 1.0))
    first.add("22001234", 17, Submission("3:q1.loss", "0,5", "wrong", "attendu", 0.0))
    again = Store(postgres_url)  # a restarted server
    assert again.student("22001234", 99) == 17  # the variant of the first visit, for good
    (row,) = again.latest("22001234")
    assert (row["answer"], row["verdict"]) == ("0,5", "wrong")
    assert again.attempts()[("22001234", "3:q1.loss")] == 2


def test_a_class_served_from_postgresql(postgres_url, root, tmp_path):
    td = spec.load(root / "examples/td1.toml")
    with TestClient(create_app(td, postgres_url, cache=tmp_path / "fig")) as c:
        csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/").text).group(1)
        page = c.post("/login", data={"csrf": csrf, "student": "pg-student"})
        head = {"X-CSRF-Token": re.search(r'name="csrf" content="([^"]+)"', page.text).group(1)}
        r = c.post("/api/answer", json={"question": "3:q1.a_1", "text": "0,1+0,1+0,8"}, headers=head)
        assert r.json()["verdict"] == "correct"  # a_1 = b_1 + w_11 x_1 + w_12 x_2 = 1
    assert [row["answer"] for row in Store(postgres_url).latest("pg-student")] == ["0,1+0,1+0,8"]

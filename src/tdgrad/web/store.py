"""Where the web page keeps students and every answer they submit: one SQL database.

SQLite by default (a file beside the generated TD), any SQLAlchemy URL otherwise
(``postgresql://user@host/db``). Every submission is a row, never overwritten: the latest per
question is what counts, the history shows how a student got there, and a server restart loses
nothing that was acknowledged. The session secret and the teacher's token live here too, so a
restart does not log students out.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from tdgrad.errors import UserError

metadata = sa.MetaData()

students = sa.Table(
    "students", metadata,
    sa.Column("student", sa.String(80), primary_key=True),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

answers = sa.Table(
    "answers", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("student", sa.String(80), sa.ForeignKey("students.student"), nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("question", sa.String(120), nullable=False),  # "exercise:question", as in grade
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("verdict", sa.String(20), nullable=False),
    sa.Column("feedback", sa.Text, nullable=False, default=""),
    sa.Column("points", sa.Float, nullable=False, default=0.0),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("answers_by_student", "student", "question", "id"),
)

settings = sa.Table(
    "settings", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)


@dataclass(frozen=True)
class Submission:
    question: str
    answer: str
    verdict: str
    feedback: str
    points: float


def _sqlite_pragmas(connection, _record) -> None:
    # WAL: readers never wait for the writer; synchronous=NORMAL: a commit survives the server's
    # crash or restart (not the machine's power cut) without an fsync per answer
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    def __init__(self, url: str):
        # psycopg 3 is the driver tdgrad installs for PostgreSQL (extra "postgres")
        url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}} if url.startswith("sqlite") else {}
        try:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **kwargs)
        except ModuleNotFoundError as exc:
            raise UserError(f"database {url.split(':')[0]}: its driver is not installed ({exc.name}); "
                            "for PostgreSQL: pip install 'tdgrad[postgres]'") from None
        except sa.exc.ArgumentError as exc:
            raise UserError(f"--db: not a database URL ({exc}); e.g. sqlite:///class.sqlite3 or "
                            "postgresql://user:password@host/dbname") from None
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def setting(self, name: str, make=lambda: secrets.token_urlsafe(32)) -> str:
        """A persistent value, created once (the session secret, the teacher's token)."""
        with self.engine.begin() as db:
            row = db.execute(sa.select(settings.c.value).where(settings.c.name == name)).first()
            if row:
                return row[0]
            value = make()
            db.execute(settings.insert().values(name=name, value=value))
            return value

    def student(self, student: str, seed: int) -> int:
        """The student's variant seed: the one of their first visit, kept for good."""
        with self.engine.begin() as db:
            row = db.execute(sa.select(students.c.seed).where(students.c.student == student)).first()
            if row:
                return int(row[0])
            db.execute(students.insert().values(student=student, seed=seed, created=_now()))
            return seed

    def add(self, student: str, seed: int, s: Submission) -> None:
        with self.engine.begin() as db:
            db.execute(answers.insert().values(student=student, seed=seed, question=s.question,
                                               answer=s.answer, verdict=s.verdict,
                                               feedback=s.feedback, points=s.points, at=_now()))

    def latest(self, student: str | None = None) -> list[dict]:
        """The last submission per (student, question), oldest student first."""
        last = (sa.select(sa.func.max(answers.c.id).label("id"))
                .group_by(answers.c.student, answers.c.question))
        if student is not None:
            last = last.where(answers.c.student == student)
        query = (sa.select(answers).where(answers.c.id.in_(last))
                 .order_by(answers.c.student, answers.c.id))
        with self.engine.connect() as db:
            return [dict(row._mapping) for row in db.execute(query)]

    def attempts(self) -> dict[tuple[str, str], int]:
        """How many times each student submitted each question."""
        query = (sa.select(answers.c.student, answers.c.question, sa.func.count())
                 .group_by(answers.c.student, answers.c.question))
        with self.engine.connect() as db:
            return {(s, q): n for s, q, n in db.execute(query)}

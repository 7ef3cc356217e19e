"""``tdgrad serve``: the TD as a web page where students answer and are checked as they type.

Routes, in the order a student meets them: ``/`` (sign in with a student id, or a random
variant), ``/td`` (the statement, one box per question), ``/api/preview`` (how tdgrad reads what
is being typed), ``/api/answer`` (verdict and feedback, stored), ``/api/derivation`` (steps, the
first wrong one), ``/api/solution`` (the correction of one question, from the corrige's LaTeX).
``/teacher?token=…`` shows the class's progress per question.

Safety: students' text only ever reaches the reader and the checker, in the bounded runner; every
state-changing request carries the session's CSRF token (header or form field) and the session
cookie is signed, HttpOnly and SameSite=Strict; a student sees only their own answers.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from functools import partial
from collections import Counter
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tdgrad.errors import Message
from tdgrad.spec import Spec
from tdgrad.syntax import MAX_LENGTH
from tdgrad.web.checking import Checker
from tdgrad.web.store import Store, Submission
from tdgrad.web.td import Pages, seed_of

HERE = Path(__file__).parent
MAX_DERIVATION = 6000  # characters of a whole derivation
_STUDENT_ID = re.compile(r"[\w.@+-]{1,80}")
_FIGURE = re.compile(r"[0-9a-f]{20}-\d+\.svg")

WORDS = {
    "fr": {"sign_in": "Commencer", "student_id": "Numéro d'étudiant", "random": "Variante au hasard",
           "variant": "Variante", "check": "Vérifier", "preview": "Lu comme", "solution": "Voir la correction",
           "derivation": "Vérifier une dérivation (une étape par ligne, LaTeX ou texte)",
           "check_steps": "Vérifier les étapes", "sign_out": "Changer d'étudiant",
           "correct": "juste", "wrong": "faux", "undecided": "indécis", "unparsable": "illisible",
           "other": "Autres réponses", "progress": "Avancement de la classe", "students": "étudiants",
           "question": "Question", "answered": "répondu", "bad_id": "Numéro d'étudiant invalide (lettres, chiffres, . _ - @ +)."},
    "en": {"sign_in": "Start", "student_id": "Student id", "random": "Random variant",
           "variant": "Variant", "check": "Check", "preview": "Read as", "solution": "Show the correction",
           "derivation": "Check a derivation (one step per line, LaTeX or plain)",
           "check_steps": "Check the steps", "sign_out": "Another student",
           "correct": "right", "wrong": "wrong", "undecided": "undecided", "unparsable": "unreadable",
           "other": "Other answers", "progress": "Class progress", "students": "students",
           "question": "Question", "answered": "answered", "bad_id": "Invalid student id (letters, digits, . _ - @ +)."},
}

_pages_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "pages"), autoescape=True,
                                undefined=jinja2.StrictUndefined)


def _html(name: str, **context) -> HTMLResponse:
    return HTMLResponse(_pages_env.get_template(name).render(**context),
                        headers={"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                 "style-src 'self' 'unsafe-inline'; font-src 'self'"})


def _csrf(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return token


def _csrf_ok(request: Request, sent) -> bool:
    expected = request.session.get("csrf")
    return isinstance(expected, str) and bool(expected) and isinstance(sent, str) and \
        secrets.compare_digest(sent, expected)


async def _json_body(request: Request) -> dict | Response:
    """The JSON body of a state-changing call, after the CSRF and size checks."""
    if not _csrf_ok(request, request.headers.get("x-csrf-token")):
        return JSONResponse({"error": "csrf"}, status_code=403)
    if int(request.headers.get("content-length") or 0) > 4 * MAX_DERIVATION:
        return JSONResponse({"error": "too long"}, status_code=413)
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"error": "not JSON"}, status_code=400)
    return body if isinstance(body, dict) else JSONResponse({"error": "not an object"}, status_code=400)


def create_app(spec: Spec, database: str, token: str | None = None, lang: str | None = None,
               cache: Path | None = None, jobs: int | None = None) -> Starlette:
    lang = lang or spec.language
    words = WORDS[lang]
    store = Store(database)
    teacher_token = token or store.setting("teacher_token")
    cache = cache or Path("output") / spec.path.stem / "web-figures"
    pages = Pages(spec, lang, cache)
    state: dict = {}

    @asynccontextmanager
    async def lifespan(app):
        state["checker"] = Checker(jobs)
        yield
        pages.close()
        state["checker"].close()

    def student_of(request: Request) -> tuple[str, int] | None:
        student = request.session.get("student")
        return (student, int(request.session["seed"])) if student else None

    async def home(request: Request) -> Response:
        if student_of(request):
            return RedirectResponse("/td", status_code=303)
        return _html("login.html", w=words, lang=lang, title=spec.title, csrf=_csrf(request), error="")

    async def login(request: Request) -> Response:
        form = await request.form()
        if not _csrf_ok(request, form.get("csrf")):
            return Response("CSRF token missing or wrong; reload the page.", status_code=403)
        if form.get("random"):
            student = "anonyme-" + secrets.token_hex(4)
            seed = secrets.randbelow(2**31)
        else:
            student = str(form.get("student", "")).strip()
            if not _STUDENT_ID.fullmatch(student):
                return _html("login.html", w=words, lang=lang, title=spec.title, csrf=_csrf(request),
                             error=words["bad_id"])
            seed = seed_of(spec, student)
        request.session.clear()
        request.session.update(student=student,
                               seed=await run_in_threadpool(store.student, student, seed))
        _csrf(request)
        return RedirectResponse("/td", status_code=303)

    async def logout(request: Request) -> Response:
        form = await request.form()
        if _csrf_ok(request, form.get("csrf")):
            request.session.clear()
        return RedirectResponse("/", status_code=303)

    async def td(request: Request) -> Response:
        who = student_of(request)
        if not who:
            return RedirectResponse("/", status_code=303)
        page = await run_in_threadpool(pages.get, who[1])
        saved = {row["question"]: row for row in await run_in_threadpool(store.latest, who[0])}
        return _html("td.html", w=words, lang=lang, page=page, student=who[0], saved=saved,
                     csrf=_csrf(request))

    async def figure(request: Request) -> Response:
        name = request.path_params["name"]
        job = pages.figure(name) if _FIGURE.fullmatch(name) else None
        if job is not None:
            try:
                await asyncio.wrap_future(job)
            except Exception:  # noqa: BLE001 - the page shows no figure, the log says why
                logging.getLogger("tdgrad.web").exception("figure %s could not be typeset", name)
        if not _FIGURE.fullmatch(name) or not (cache / name).exists():
            return Response(status_code=404)
        return FileResponse(cache / name, media_type="image/svg+xml",
                            headers={"Cache-Control": "max-age=86400"})

    async def api(request: Request, task: str) -> Response:
        who = student_of(request)
        if not who:
            return JSONResponse({"error": "not signed in"}, status_code=401)
        body = await _json_body(request)
        if isinstance(body, Response):
            return body
        page = await run_in_threadpool(pages.get, who[1])
        text = str(body.get("text", ""))
        limit = MAX_DERIVATION if task == "steps" else MAX_LENGTH
        if len(text) > limit:
            too_long = Message("answer too long ({length} characters, at most {most})", {"length": len(text), "most": limit})
            return JSONResponse({"verdict": "unparsable", "feedback": too_long.say(lang)})
        if task == "steps":
            outcome = await state["checker"]("steps", text, lang)
            return JSONResponse(outcome.value if outcome.ok else {"error": outcome.undecided})
        question = page.question(str(body.get("question", "")))
        if question is None:
            return JSONResponse({"error": "no such question"}, status_code=404)
        if task == "preview":
            outcome = await state["checker"]("preview", question.reference, text, lang)
            return JSONResponse(outcome.value if outcome.ok else {"error": outcome.undecided})
        outcome = await state["checker"]("judge", question.reference, text, lang)
        result = outcome.value if outcome.ok else {"verdict": "undecided", "feedback":
                                                   outcome.undecided, "points": 0.0}
        await run_in_threadpool(store.add, who[0], who[1], Submission(
            question.id, text, result["verdict"], result["feedback"], result["points"]))
        return JSONResponse(result)

    async def solution(request: Request) -> Response:
        who = student_of(request)
        if not who:
            return JSONResponse({"error": "not signed in"}, status_code=401)
        page = await run_in_threadpool(pages.get, who[1])
        ex, item = int(request.path_params["exercise"]), int(request.path_params["item"])
        if not (1 <= ex <= len(page.exercises)) or not (1 <= item <= len(page.exercises[ex - 1].items)):
            return JSONResponse({"error": "no such question"}, status_code=404)
        return JSONResponse({"html": page.exercises[ex - 1].items[item - 1].solution})

    async def teacher(request: Request) -> Response:
        if not secrets.compare_digest(request.query_params.get("token", ""), teacher_token):
            return Response("teacher token missing or wrong", status_code=403)
        rows = await run_in_threadpool(store.latest)
        attempts = await run_in_threadpool(store.attempts)
        students = sorted({r["student"] for r in rows})
        per_question: dict[str, Counter] = {}
        for r in rows:
            per_question.setdefault(r["question"], Counter())[r["verdict"]] += 1
        tries: Counter[str] = Counter()
        for (_, q), n in attempts.items():
            tries[q] += n
        return _html("teacher.html", w=words, lang=lang, title=spec.title, students=students,
                     questions=sorted(per_question, key=_question_order), counts=per_question,
                     tries=tries)

    routes = [
        Route("/", home), Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]), Route("/td", td),
        Route("/figure/{name}", figure),
        Route("/api/preview", partial(api, task="preview"), methods=["POST"]),
        Route("/api/answer", partial(api, task="judge"), methods=["POST"]),
        Route("/api/derivation", partial(api, task="steps"), methods=["POST"]),
        Route("/api/solution/{exercise:int}/{item:int}", solution),
        Route("/teacher", teacher),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    secret = store.setting("session_secret")
    middleware = [Middleware(SessionMiddleware, secret_key=secret, same_site="strict",
                             session_cookie="tdgrad", https_only=False)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.teacher_token = teacher_token
    return app


def _question_order(qid: str):
    ex, _, rest = qid.partition(":")
    m = re.match(r"q(\d+)", rest)
    return (int(ex), int(m.group(1)) if m else 10**6, rest)

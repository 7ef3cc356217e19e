"""A student's session in a real browser (headless Chromium driven by Playwright), end to end:
sign in, read the statement (math typeset by KaTeX, figures as SVG), answer right and wrong,
see the verdicts, reload, and find the answers kept by the server."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from conftest import ROOT as root

    out = tmp_path_factory.mktemp("serve")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tdgrad", "serve", str(root / "examples/td1.toml"),
                             "--port", str(port), "--out", str(out), "--token", "prof-secret"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("tdgrad serve did not start: " + proc.stdout.read())
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def _answer(page, question, text):
    form = page.locator(f'form.answer[data-question="{question}"]')
    form.locator("[name=text]").fill(text)
    form.locator("button").click()
    return form


def test_a_student_answers_and_finds_the_answers_after_reload(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server)
    page.fill("#student", "22001234")
    page.click("text=Commencer")
    expect(page.locator("h1")).to_contain_text("TD n°1")
    # the statement's math is typeset by KaTeX, served by tdgrad itself
    expect(page.locator(".katex").first).to_be_visible()
    # the network drawing of exercise 3 is an SVG typeset from the TD's own TikZ
    expect(page.locator("#ex3 img.figure").first).to_have_attribute("src", re.compile(r"^/figure/"))
    figure = page.locator("#ex3 img.figure").first
    for _ in range(300):  # typeset in the background when the page is first made
        if figure.evaluate("img => img.complete && img.naturalWidth") > 100:
            break
        page.wait_for_timeout(100)
    assert figure.evaluate("img => img.naturalWidth") > 100

    # The loss of the MLP exercise, computed independently: forward pass by hand with numpy
    import numpy as np
    sig = lambda z: 1 / (1 + np.exp(-z))
    h1, h2 = sig(0.1 + 0.1 + 0.8), sig(0.1 + 0.4 + 0.6)
    h3 = np.tanh(0.1 + 0.3 * h1 + 0.9 * h2)
    loss = 0.5 * (h3 - 0.5) ** 2
    right = f"{loss:.4f}".replace(".", ",")
    form = _answer(page, "3:q1.loss", right)
    expect(form.locator(".verdict")).to_have_text("juste")
    form = _answer(page, "3:q1.loss", "0,5")
    expect(form.locator(".verdict")).to_have_text("faux")
    # an expression, typed as a student would: the preview shows how tdgrad read it
    form = page.locator('form.answer[data-question="1:q4.da"]')
    form.locator("[name=text]").fill("x σ(ax)(1-σ(ax))")
    expect(form.locator(".preview .katex")).to_be_visible()
    form.locator("button").click()
    expect(form.locator(".verdict")).to_have_text("juste")
    form = _answer(page, "3:q1.h_3", "0,75 +")
    expect(form.locator(".verdict")).to_have_text("illisible")

    # a derivation with a wrong step: the first wrong step is highlighted
    page.fill("#derivation textarea", "$(e^{2x})' = 2e^{2x} = e^{2x} + 1$")
    page.click("#derivation button")
    expect(page.locator(".steps li.first-wrong")).to_have_count(1)
    expect(page.locator(".steps li").nth(0)).to_have_class("holds")

    # the correction of one question, from the same LaTeX as corrige.pdf
    page.locator('#ex3-q1 details.solution summary').click()
    expect(page.locator("#ex3-q1 details.solution .body .katex").first).to_be_visible()
    if os.environ.get("TDGRAD_SCREENSHOTS"):
        page.screenshot(path=os.environ["TDGRAD_SCREENSHOTS"] + "/td.png", full_page=True)

    page.reload()
    kept = page.locator('form.answer[data-question="3:q1.loss"]')
    expect(kept.locator("[name=text]")).to_have_value("0,5")
    expect(kept.locator(".verdict")).to_have_text("faux")
    expect(page.locator('form.answer[data-question="1:q4.da"] [name=text]')).to_have_value("x σ(ax)(1-σ(ax))")

    # the teacher sees the class's progress; a student without the token does not
    assert page.goto(server + "/teacher").status == 403
    page.goto(server + "/teacher?token=prof-secret")
    expect(page.locator("table.progress")).to_contain_text("3:q1.loss")
    if os.environ.get("TDGRAD_SCREENSHOTS"):
        page.screenshot(path=os.environ["TDGRAD_SCREENSHOTS"] + "/teacher.png", full_page=True)

// tdgrad's TD page: typeset math, preview how tdgrad reads an answer, check it, show corrections.
"use strict";
const MACROS = { "\\dd": "\\mathrm{d}" };  // the sheets' own macros (preamble.tex.j2)
const csrf = () => document.querySelector('meta[name="csrf"]').content;
const WORDS = {
  fr: { correct: "juste", wrong: "faux", undecided: "indécis", unparsable: "illisible", holds: "juste", fails: "fausse", step: "Étape", first: "première étape fausse" },
  en: { correct: "right", wrong: "wrong", undecided: "undecided", unparsable: "unreadable", holds: "holds", fails: "fails", step: "Step", first: "first wrong step" },
};
const words = () => WORDS[document.body.dataset.lang] || WORDS.fr;

function typeset(root) {
  if (!window.katex) return;
  root.querySelectorAll(".tex").forEach((el) => {
    if (el.dataset.done) return;
    katex.render(el.textContent, el, { displayMode: el.classList.contains("display"),
      throwOnError: false, macros: MACROS });
    el.dataset.done = "1";
  });
}

async function post(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json",
    "X-CSRF-Token": csrf() }, body: JSON.stringify(body), credentials: "same-origin" });
  return r.json();
}

function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

function setupAnswer(form) {
  const input = form.querySelector("[name=text]");
  const preview = form.querySelector(".preview");
  const verdict = form.querySelector(".verdict");
  const feedback = form.querySelector(".feedback");
  const question = form.dataset.question;
  const showPreview = debounce(async () => {
    const text = input.value.trim();
    if (!text || form.dataset.kind === "array" || form.dataset.kind === "numpy") { preview.hidden = true; return; }
    const r = await post("/api/preview", { question, text });
    // checked meanwhile and unreadable: the feedback already says why, once is enough
    if (input.value.trim() === text && verdict.classList.contains("unparsable")) return;
    const math = preview.querySelector(".math");
    if (r.latex !== undefined) {
      katex.render(r.latex, math, { throwOnError: false });
      math.classList.remove("error");
    } else {
      math.textContent = r.error || "";
      math.classList.add("error");
    }
    preview.hidden = false;
  }, 300);
  input.addEventListener("input", () => {
    verdict.className = "verdict"; verdict.textContent = ""; showPreview();
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    verdict.className = "verdict pending"; verdict.textContent = "…";
    const r = await post("/api/answer", { question, text: input.value });
    verdict.className = "verdict " + (r.verdict || "undecided");
    verdict.textContent = words()[r.verdict] || r.verdict || r.error;
    feedback.textContent = r.feedback || "";
    if (r.verdict === "unparsable") preview.hidden = true;  // the feedback says the same
  });
}

function setupSolution(details) {
  details.addEventListener("toggle", async () => {
    const body = details.querySelector(".body");
    if (!details.open || body.dataset.loaded) return;
    const r = await fetch(`/api/solution/${details.dataset.exercise}/${details.dataset.item}`,
      { credentials: "same-origin" }).then((x) => x.json());
    body.innerHTML = r.html || "";  // tdgrad's own correction, converted on the server
    body.dataset.loaded = "1";
    placeFigures(body);
    typeset(body);
  });
}

function placeFigures(root) {
  const names = JSON.parse(document.getElementById("figures").textContent);
  root.querySelectorAll("img.figure").forEach((img) => {
    const name = names[Number(img.dataset.figure)];
    if (!name) return;
    // TeX sizes are small on a screen: show the drawing 1.4 times its printed size
    img.addEventListener("load", () => { img.style.width = (img.naturalWidth * 1.4) + "px"; }, { once: true });
    img.src = "/figure/" + name;
  });
}

function setupDerivation(form) {
  const list = document.querySelector(".derivation .steps");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    list.textContent = "…";
    const r = await post("/api/derivation", { text: form.querySelector("textarea").value });
    list.textContent = "";
    if (r.error) { list.textContent = r.error; return; }
    for (const s of r.steps) {
      const li = document.createElement("li");
      li.className = s.verdict + (s.step === r.first_wrong ? " first-wrong" : "");
      const head = document.createElement("span");
      head.className = "verdict " + s.verdict;
      head.textContent = (words()[s.verdict] || s.verdict) + (s.step === r.first_wrong ? " — " + words().first : "");
      const math = document.createElement("span");
      katex.render(`${s.lhs} ${s.kind === "⇔" ? "\\iff" : "="} ${s.rhs}`, math, { throwOnError: false, macros: MACROS });
      li.append(head, " ", math);
      if (s.verdict !== "holds" && s.reason) {
        const why = document.createElement("div"); why.className = "feedback"; why.textContent = s.reason; li.append(why);
      }
      list.append(li);
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("figures")) placeFigures(document);
  typeset(document);
  document.querySelectorAll("form.answer").forEach(setupAnswer);
  document.querySelectorAll("details.solution").forEach(setupSolution);
  const d = document.getElementById("derivation");
  if (d) setupDerivation(d);
});

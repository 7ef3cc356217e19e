"""Whole derivations typed the way a hurried French student types them, against the examples' keys.

One step per line or ``=`` chains, ``donc``, ``⇒``, ``d'où``, numbering ``1)``, ``a.``, bullets,
blank lines, ``≈ 0,21`` at the end, decimal commas, ``σ'``, ``th``, LaTeX pasted from Overleaf
(``\\frac``, ``\\sigma``, ``\\approx``). The verdict of each is the teacher's, worked out by hand
(the numbers in the comments, checked with a calculator), never by running tdgrad:

- ``OK``: every step holds (none fails, none is left undecided);
- ``F(lhs, rhs)``: the first wrong step is the one from ``lhs`` to ``rhs`` (fragments of what the
  student wrote), and its reason is said in French;
- ``U(n)``: nothing is wrong but ``n`` steps cannot be decided — a substitution of the statement's
  values when the page does not know them (no key), the message naming the missing values.

With a key (``tdgrad derivation --key answers.json --exercise N``) the derivation's first names get
the key's values and formulas (``dy/da``, ``h₃``, ``δ₃``, ``L``) and its substitutions are checked at
the statement's values; without one (the web page's box) the student's own lines ``a = 2`` serve.

The statement's numbers (the examples' seeds):
td1 ex 1: y = σ(ax) at a = 2, x = 1: σ(2) = 0,880797, 1 − σ(2) = 0,119203, σ′(2) = 0,104994,
  ∂y/∂x = aσ′(ax) = 0,209987, ∂y/∂a = xσ′(ax) = 0,104994.
td1 ex 2: f = x₁x₂ + sin x₁ at (2, 5): f = 10 + 0,909297 = 10,909297, ∂f/∂x₁ = x₂ + cos x₁
  = 5 − 0,416147 = 4,583853, ∂f/∂x₂ = x₁ = 2.
td1 ex 3: the 2-2-1 network, x = (1, 1), y = 0,5, w₁₁ = 0,1, w₁₂ = 0,8, b₁ = 0,1, w₂₁ = 0,4,
  w₂₂ = 0,6, b₂ = 0,1, w₃₁ = 0,3, w₃₂ = 0,9, b₃ = 0,1, η = 1: a₁ = 1, a₂ = 1,1, h₁ = σ(1) = 0,731059,
  h₂ = σ(1,1) = 0,750260, a₃ = 0,3·0,731059 + 0,9·0,750260 + 0,1 = 0,994552, h₃ = tanh a₃ = 0,759296,
  L = ½(h₃ − y)² = ½·0,259296² = 0,033617, δ₃ = (h₃ − y)(1 − h₃²) = 0,259296·0,423469 = 0,109804,
  ∂L/∂w₃₁ = δ₃h₁ = 0,080273, ∂L/∂w₃₂ = δ₃h₂ = 0,082382, δ₁ = δ₃w₃₁h₁(1 − h₁) = 0,109804·0,3·0,196612
  = 0,006477.
td-identites: x = 0,5: σ(0,5) = 0,622459, σ′(0,5) = 0,235004, tanh 0,5 = 0,462117, tanh′(0,5) = 0,786448.
td-convolution ex 1: x = (2, −1, 0,5), y = −0,5, w = (−0,2, 0,6), v = (−0,4, −0,7): a₁ = −0,4 − 0,6
  = −1, a₂ = 0,2 + 0,3 = 0,5, o = (0, 0,5), ŷ = −0,35, e = y − ŷ = −0,15, ℓ = ½e² = 0,01125,
  ∂ℓ/∂v₂ = −e·o₂ = 0,075.
cours-reseaux ex 2: x = 1,5, u = (−0,2, −0,9), b₁ = −0,5, b₂ = 0,1: z₁ = −0,3 − 0,5 = −0,8,
  a₁ = σ(−0,8) = 0,310026, z₂ = −1,35 + 0,1 = −1,25, a₂ = σ(−1,25) = 0,222700.
td-classification: index notation as typed without LaTeX (``W_kj^(2)``, ``1(k=y)``, ``Σ_k``, ``δ_ky``,
  ``dL/do_k^a``), checked instance by instance with the key's notation; a step that "holds
  numerically" (every instance at random points, SymPy's proof out of reach) counts as holding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tdgrad.student import derivation, indexed, runner

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SPECS = {"td1": "td1.toml", "id": "td-identites.toml", "conv": "td-convolution.toml", "cours": "cours-reseaux.toml",
         "clf": "td-classification.toml"}
OK = ("ok",)


def F(lhs: str, rhs: str) -> tuple:
    return ("fails", lhs, rhs)


def U(n: int) -> tuple:
    return ("undecided", n)


# (key: (spec, exercise) or None for the web page's box, derivation, verdict)
CASES = [
    # -- identities, no key (the web page): every step is an identity or numbers
    (None, "σ'(x) = σ(x)(1-σ(x))\n= e^-x/(1+e^-x)²", OK),  # σ(1−σ) = 1/(1+e^−x)·e^−x/(1+e^−x)
    (None, "σ'(x) = σ(x)(1-σ(x)) = e^-x/(1+e^-x)", F("σ(x)(1-σ(x))", "e^-x/(1+e^-x)")),  # at 0: ¼ vs ½
    (None, "1) σ'(x) = σ(x)(1-σ(x))\n\n2) donc σ'(0,5) = 0,6225 × 0,3775 ≈ 0,235", OK),  # 0,23499; σ′(0,5) = 0,235004
    (None, "1) σ'(x) = σ(x)(1-σ(x))\n2) donc σ'(0,5) = 0,6225 × 0,3775 ≈ 0,253", F("0,6225 × 0,3775", "0,253")),
    (None, "tanh'(x) = 1 - tanh²(x)\n⇒ tanh'(0,5) = 1 - 0,4621² ≈ 0,786", OK),  # 1 − 0,213536 = 0,786464
    (None, "- tanh'(x) = 1 - tanh(x)²\n- tanh'(x) = (1-tanh x)(1+tanh x)", OK),  # bullets; (1−t)(1+t) = 1 − t²
    (None, "tanh'(x) = 1 + tanh²(x)", F("tanh'(x)", "1 + tanh²(x)")),  # at 0: 1 = 1, at 1: 0,42 vs 1,58
    (None, "$$\\frac{\\partial y}{\\partial a} = x\\sigma'(ax) = x \\sigma(ax)(1-\\sigma(ax))$$", OK),  # name dropped
    (None, "$$\\sigma'(x) = \\frac{e^{-x}}{(1+e^{-x})^2} = \\frac{1}{1+e^{-x}}\\cdot\\frac{1}{1+e^{x}} = "
           "\\sigma(x)\\sigma(-x) = \\sigma(x)(1+\\sigma(x))$$",
     F("\\sigma(x)\\sigma(-x)", "\\sigma(x)(1+\\sigma(x))")),  # e^−x/(1+e^−x) = 1/(e^x+1) = σ(−x); 1 + σ wrong
    (None, "a. ln σ(x) = -ln(1+e^{-x}) = -softplus(-x)", OK),  # softplus(−x) = ln(1 + e^−x)
    (None, "a. ln σ(x) = ln(1) - ln(1+e^-x)\nb. = 0 + ln(1+e^-x)", F("ln(1) - ln(1+e^-x)", "0 + ln(1+e^-x)")),
    (None, "σ(x) = 1/(1+e^-x) = e^x/(e^x+1) = (1/2)(tanh(x/2)+1)", OK),  # ½(1 + tanh(x/2)) = e^{x/2}/(e^{x/2}+e^{−x/2})
    (None, "σ(x) = (1/2)(tanh(x)+1)", F("σ(x)", "(1/2)(tanh(x)+1)")),  # at 1: 0,731 vs 0,881
    (None, "• σ(-x) = 1/(1+e^x)\n• = e^-x/(e^-x + 1) = 1 - σ(x)", OK),  # multiply by e^−x; 1 − 1/(1+e^−x)
    (None, "σ(-x) = 1/(1+e^x) = 1 + σ(x)", F("1/(1+e^x)", "1 + σ(x)")),
    (None, "(1) d/dx ln(1+e^x) = e^x/(1+e^x)\n(2) = 1/(1+e^-x) = σ(x)", OK),  # softplus′ = σ
    # σ′(x) ≈ 0,235 is true at x = 0,5 only, which this text does not say: undecided, tanh′(0) = 1 holds
    (None, "$$\\sigma'(x) \\approx 0,235 \\text{ donc } \\tanh'(0) = 1$$", U(1)),
    (None, "th'(x) = 1 - th²(x) d'où th'(0) = 1 - 0 = 1", OK),  # th = tanh; tanh 0 = 0
    (None, "th'(x) = 1 - th²(x) d'où th'(0) = 1 - 1 = 0", F("th'(0)", "1 - 1")),
    (None, "e^{-x}/(1+e^{-x})^2 = σ(x)²e^{-x} = σ(x)·σ(x)e^{-x}", OK),  # 1/(1+e^−x)² · e^−x
    (None, "e^{-x}/(1+e^{-x})^2 = σ(x)²e^{x}", F("e^{-x}/(1+e^{-x})^2", "σ(x)²e^{x}")),
    # a justification after the math is no part of it; a derivative's name at a point is a name
    (None, "on a σ'(x) = σ(x)(1-σ(x)) (cours)", OK),
    (None, "σ'(x) = σ(x)(1-σ(x)) car σ = 1/(1+e^-x)", OK),
    (None, "σ'(x) = σ(x)(1+σ(x)) (règle de la chaîne)", F("σ'(x)", "σ(x)(1+σ(x))")),
    (None, "tanh'(x) = 1-tanh(x)^2 ; tanh'(0,5) = 1 - 0,462^2 = 0,787", OK),  # 1 − 0,213444 = 0,786556
    (None, "dy/da = x*σ(a*x)*(1-σ(a*x))\n     = 1*0,881*0,119\n     = 0,1048", U(1)),  # 0,104839
    (("td1", 1), "Q2 : dy/dx = aσ(ax)(1-σ(ax)) => dy/dx(1) = 2σ(2)(1-σ(2)) = 0,21", OK),
    # numbers only, rounded on the way (a teacher's 4 decimals, then 3)
    (None, "0,8808 × 0,1192 = 0,1050 ≈ 0,105", OK),  # 0,10499136; 0,1050 within the written decimals
    (None, "2 × 0,8808 × 0,1192 ≈ 0,21", OK),  # 0,20998
    (None, "2 × 0,8808 × 0,1192 ≈ 0,12", F("2 × 0,8808 × 0,1192", "0,12")),
    (None, "0,3 × 0,731 + 0,9 × 0,750 + 0,1 = 0,2193 + 0,675 + 0,1 = 0,9943 ≈ 0,994", OK),
    (None, "0,3 × 0,731 + 0,9 × 0,750 + 0,1 = 0,2193 + 0,675 + 0,1 = 1,9943", F("0,2193 + 0,675 + 0,1", "1,9943")),
    (None, "(0,7593 - 0,5)(1 - 0,7593²) = 0,2593 × 0,4235 ≈ 0,1098", OK),  # 0,2593·0,423464 = 0,109804
    (None, "(0,7593 - 0,5)(1 - 0,7593)² = 0,2593 × 0,0579 ≈ 0,0150", OK),  # a wrong formula, right arithmetic
    (None, "1/(1+e^-2) ≈ 0,8808\n1 - 0,8808 = 0,1192", OK),
    (None, "1/(1+e^-2) ≈ 0,8808\n1 - 0,8808 = 0,1292", F("1 - 0,8808", "0,1292")),
    # substitutions without a key: the page cannot know a and x unless the student writes them
    (None, "dy/da = x σ(ax)(1-σ(ax)) = 1 × σ(2)(1-σ(2)) ≈ 0,105", U(1)),
    (None, "a = 2, x = 1\ndy/da = x σ(ax)(1-σ(ax)) = 1 × σ(2)(1 - σ(2)) ≈ 0,105", OK),
    (None, "a = 2 et x = 1\ndy/dx = a σ(ax)(1-σ(ax))\n= 2 σ(2)(1 - σ(2))\n≈ 0,21", OK),  # 2·0,104994 = 0,209987
    (None, "a = 2, x = 1\ndy/dx = a σ(ax)(1-σ(ax)) = 2 σ(1)(1 - σ(1)) ≈ 0,39",
     F("a σ(ax)(1-σ(ax))", "2 σ(1)(1 - σ(1))")),  # σ(a·x) = σ(2), not σ(1): 2·0,196612 = 0,393
    # -- td1 ex 1 with the key: a = 2, x = 1, and the key's own dy/da, dy/dx, y
    (("td1", 1), "dy/da = x σ(ax)(1-σ(ax))\n= 1 × σ(2)(1-σ(2))\n= 0,8808 × 0,1192\n≈ 0,105", OK),
    (("td1", 1), "dy/da = a σ(ax)(1-σ(ax))\n= 2 σ(2)(1-σ(2))\n≈ 0,21", F("dy/da", "a σ(ax)(1-σ(ax))")),  # that is dy/dx
    (("td1", 1), "$$\\frac{\\partial y}{\\partial a} = x\\,\\sigma(ax)\\left(1-\\sigma(ax)\\right) = \\sigma(2)(1-\\sigma(2)) "
                 "\\approx 0{,}105$$", OK),
    (("td1", 1), "y = σ(ax) = σ(2) = 1/(1+e^-2) ≈ 0,88", OK),  # 0,880797
    (("td1", 1), "y = σ(ax) = σ(2) = 1/(1+e^2) ≈ 0,12", F("σ(2)", "1/(1+e^2)")),
    (("td1", 1), "dy/dx = a σ(ax)(1 − σ(ax)) = 2 × 0,8808 × 0,1192 ≈ 0,21", OK),
    (("td1", 1), "dy/dx = σ(ax)(1 − σ(ax)) = 0,8808 × 0,1192 ≈ 0,105", F("dy/dx", "σ(ax)(1 − σ(ax))")),  # a lost
    (("td1", 1), "1) dy/dx = aσ'(ax)\n2) = 2σ'(2) = 2 × 0,105\n3) ≈ 0,21", OK),  # 2·0,105 = 0,210
    (("td1", 1), "dy/dx = a e^{-ax}/(1+e^{-ax})^2 = 2e^{-2}/(1+e^{-2})^2 ≈ 0,42", F("2e^{-2}/(1+e^{-2})^2", "0,42")),
    # -- td1 ex 2: f = x₁x₂ + sin x₁ at (2, 5)
    (("td1", 2), "∂f/∂x1 = x2 + cos(x1) = 5 + cos(2) ≈ 4,584", OK),  # 5 − 0,416147
    (("td1", 2), "∂f/∂x1 = x2 - cos(x1) = 5 - cos(2) ≈ 5,416", F("∂f/∂x1", "x2 - cos(x1)")),
    (("td1", 2), "∂f/∂x2 = x1 = 2", OK),
    (("td1", 2), "∂f/∂x2 = x1 + cos(x1) = 2 + cos 2 ≈ 1,58", F("∂f/∂x2", "x1 + cos(x1)")),
    (("td1", 2), "f = x1x2 + sin(x1) = 2 × 5 + sin(2) ≈ 10,91", OK),  # 10 + 0,909297
    (("td1", 2), "f = x1x2 + sin(x1) = 2 × 5 + sin(2) ≈ 10,99", F("2 × 5 + sin(2)", "10,99")),
    # -- td1 ex 3: the 2-2-1 network (η = 1)
    (("td1", 3), "a₁ = w₁₁x₁ + w₁₂x₂ + b₁ = 0,1 + 0,8 + 0,1 = 1", OK),
    (("td1", 3), "a₂ = w₂₁x₁ + w₂₂x₂ + b₂ = 0,4 + 0,6 + 0,1 = 1,1", OK),
    (("td1", 3), "a₂ = w₂₁x₁ + w₂₂x₂ + b₂ = 0,4 + 0,6 = 1", F("w₂₁x₁ + w₂₂x₂ + b₂", "0,4 + 0,6")),  # b₂ forgotten
    (("td1", 3), "h₁ = σ(a₁) = σ(1) = 1/(1+e^{-1}) ≈ 0,731", OK),
    (("td1", 3), "h₂ = σ(a₂) = σ(1,1) ≈ 0,75", OK),  # 0,750260
    (("td1", 3), "h₂ = σ(1,1) ≈ 0,7305", F("σ(1,1)", "0,7305")),
    (("td1", 3), "a₃ = w₃₁h₁ + w₃₂h₂ + b₃ = 0,3 × 0,731 + 0,9 × 0,750 + 0,1 ≈ 0,994", OK),
    (("td1", 3), "h₃ = tanh(a₃) = tanh(0,99455) ≈ 0,7593", OK),  # tanh 0,994552 = 0,759296
    (("td1", 3), "h₃ = σ(a₃) = σ(0,99455) ≈ 0,730", F("h₃", "σ(a₃)")),  # the output unit is tanh
    (("td1", 3), "L = ½(h₃ − y)² = ½(0,7593 − 0,5)² ≈ 0,0336", OK),  # 0,067236/2 = 0,033618
    (("td1", 3), "L = (h₃ − y)² = 0,2593² ≈ 0,0672", F("L", "(h₃ − y)²")),  # the ½ forgotten
    (("td1", 3), "δ₃ = (h₃ − y)(1 − h₃²)\n= (0,7593 − 0,5)(1 − 0,7593²)\n≈ 0,1098", OK),
    # pasted from Overleaf: an align* block, 0{,}7593, \approx
    (("td1", 3), "\\begin{align*}\n\\frac{\\partial L}{\\partial w_{31}} &= (h_3 - y)(1-h_3^2) h_1 \\\\\n"
                 "&= (0{,}7593 - 0{,}5)(1 - 0{,}7593^2) \\times 0{,}7311 \\\\\n&\\approx 0{,}0803\n\\end{align*}", OK),
    # values carried rounded: tanh(0,9943) = 0,759190 against the key's h₃ = 0,759296 (1,4·10⁻⁴ apart,
    # within the 1 % a number answer is given); a₃ from h₁ ≈ 0,731 and h₂ ≈ 0,750 is 0,9943
    (("td1", 3), "$h_1 = \\sigma(a_1) = \\sigma(1) \\simeq 0.731$\n$h_2 = \\sigma(1.1) \\simeq 0.750$\n"
                 "$a_3 = 0.3 \\times 0.731 + 0.9 \\times 0.750 + 0.1 = 0.9943$\n$\\hat{y} = h_3 = \\tanh(0.9943) \\simeq 0.759$", OK),
    (("td1", 3), "$h_3 = \\tanh(0.9943) \\simeq 0.769$", F("\\tanh(0.9943)", "0.769")),
    # the updated weight keeps its name: w31 is the new w₃₁ here, not the statement's 0,3
    (("td1", 3), "w31 = 0,3 - 1 × 0,0803 ≈ 0,220", OK),  # 0,2197
    (("td1", 3), "w31 = 0,3 + 1 × 0,0803 ≈ 0,380", OK),  # a wrong update rule, but each step holds as written
    (("td1", 3), "w31 = 0,3 - 1 × 0,0803 ≈ 0,2803", F("0,3 - 1 × 0,0803", "0,2803")),
    (("td1", 3), "δ₃ = (h₃ − y)(1 − h₃)² = 0,2593 × 0,0579 ≈ 0,0150", F("δ₃", "(h₃ − y)(1 − h₃)²")),
    (("td1", 3), "dL/dw31 = (h3 - y)(1 - h3^2) h1 = 0,1098 × 0,7311 ≈ 0,0803", OK),  # 0,080275
    (("td1", 3), "dL/dw31 = (h3 - y)(1 - h3^2) h2 = 0,1098 × 0,7503 ≈ 0,0824", F("dL/dw31", "(h3 - y)(1 - h3^2) h2")),
    (("td1", 3), "$$\\frac{\\partial L}{\\partial w_{32}} = (h_3 - y)(1-h_3^2)\\,h_2 \\approx 0{,}0824$$", OK),
    (("td1", 3), "∂L/∂w₁₁ = (h₃ − y)(1 − h₃²) w₃₁ h₁(1 − h₁) x₁ ≈ 0,00648", OK),  # 0,109804·0,3·0,196612 = 0,006477
    (("td1", 3), "∂L/∂w₁₁ = (h₃ − y)(1 − h₃²) w₃₁ h₁ x₁ ≈ 0,0241", F("∂L/∂w₁₁", "(h₃ − y)(1 − h₃²) w₃₁ h₁ x₁")),
    # δ₃, δ_3 and δ3 are one name, the key's δ₃ = (h₃ − y)(1 − h₃²) = 0,1098
    (("td1", 3), "∂L/∂b₃ = δ₃ ≈ 0,1098", OK),
    (("td1", 3), "∂L/∂b₃ = δ3 ≈ 0,1098", OK),
    (("td1", 3), "∂L/∂b₃ = δ₃ ≈ 0,2196", F("δ₃", "0,2196")),  # twice δ₃
    # -- td-identites (x = 0,5)
    (("id", 1), "σ'(x) = σ(x)(1 − σ(x)) = 0,6225 × 0,3775 ≈ 0,235", OK),
    (("id", 1), "tanh'(x) = 1 − tanh²(x) = 1 − 0,4621² ≈ 0,786", OK),
    (("id", 1), "tanh'(x) = 1 − tanh²(x) = 1 − 0,4621 ≈ 0,538", F("1 − tanh²(x)", "1 − 0,4621")),
    # -- td-convolution ex 1
    (("conv", 1), "a₁ = x₁w₁ + x₂w₂ = 2 × (−0,2) + (−1) × 0,6 = −1", OK),
    (("conv", 1), "a₂ = x₂w₁ + x₃w₂ = (−1)(−0,2) + 0,5 × 0,6 = 0,5", OK),
    (("conv", 1), "a₂ = x₂w₁ + x₃w₂ = 0,2 − 0,3 = −0,1", F("x₂w₁ + x₃w₂", "0,2 − 0,3")),  # (−1)(−0,2) = +0,2, 0,5·0,6 = +0,3
    (("conv", 1), "ŷ = o₁v₁ + o₂v₂ = 0 × (−0,4) + 0,5 × (−0,7) = −0,35", OK),
    (("conv", 1), "∂ℓ/∂v₂ = (ŷ − y) o₂ = (−0,35 + 0,5) × 0,5 = 0,075", OK),  # −e·o₂ = 0,15·0,5
    (("conv", 1), "∂ℓ/∂v₂ = (y − ŷ) o₂ = (−0,5 + 0,35) × 0,5 = −0,075", F("∂ℓ/∂v₂", "(y − ŷ) o₂")),  # the sign
    # -- cours-reseaux ex 2 (x = 1,5)
    # u₁x is u₁·x, as the teacher reads it
    (("cours", 2), "z₁ = u₁x + b₁ = −0,2 × 1,5 − 0,5 = −0,8", OK),
    (("cours", 2), "z₁ = u₁ x + b₁ = −0,2 × 1,5 − 0,5 = −0,8", OK),
    (("cours", 2), "z₁ = x u₁ + b₁ = 1,5 × (−0,2) + (−0,5) = −0,8", OK),
    (("cours", 2), "a₁ = σ(z₁) = σ(−0,8) ≈ 0,31", OK),  # 0,310026
    (("cours", 2), "z₂ = u₂ x + b₂ = −0,9 × 1,5 + 0,1 = −1,35", F("−0,9 × 1,5 + 0,1", "−1,35")),  # = −1,25
    # -- index notation typed without LaTeX (td-classification, its notation from the key): the
    # seed's gradients ∂L/∂o_k^a = o_k^s − 𝟙(k = y), ∂L/∂h_j^s = Σ_k W_kj^(2) ∂L/∂o_k^a,
    # ∂L/∂h_j^a = ∂L/∂h_j^s 𝟙(h_j^a > 0), ∂L/∂W_kj^(2) = ∂L/∂o_k^a h_j^s, ∂L/∂W_ji^(1) = ∂L/∂h_j^a x_i
    (("clf", 1), "∂L/∂o_k^a = o_k^s − 1(k=y)", OK),
    (("clf", 1), "dL/do_k^a = o_k^s - 1_{k=y}", OK),  # d for ∂
    (("clf", 1), "∂L/∂o_k^a = o_k^s + 1(k=y)", F("", "o_k^s+")),  # at k = y: o_y^s − 1, not + 1
    (("clf", 1), "∂L/∂h_j^s = Σ_k W_kj^(2) (o_k^s − 𝟙{k=y})", OK),
    (("clf", 1), "∂L/∂h_j^s = Σ_k W_jk^(2) (o_k^s − 𝟙{k=y})", F("", "W_{jk}")),  # W⁽²⁾ is m × d_h: indices swapped
    (("clf", 1), "∂L/∂h_j^a = ∂L/∂h_j^s 1(h_j^a > 0)", OK),
    (("clf", 1), "∂L/∂W_kj^(2) = (o_k^s - 1(k=y)) h_j^s", OK),
    (("clf", 1), "∂L/∂W_kj^(2) = (o_k^s - 1(k=y)) h_k^s", F("", "h_k^s")),
    (("clf", 1), "∂L/∂b_k^(2) = o_k^s − δ_ky", OK),
    (("clf", 1), "∂L/∂W_ji^(1) = ∂L/∂h_j^a x_i", OK),
    (("clf", 1), "∂L/∂W_ji^(1) = ∂L/∂h_j^s x_i", F("", "h_j^s")),  # the ReLU's mask forgotten
    (("clf", 1), "∂L/∂b_j^(1) = ∂L/∂h_j^a", OK),
]


@pytest.fixture(scope="module")
def keys(example_keys):
    return {name: example_keys[name] for name in SPECS}


@pytest.fixture(scope="module")
def pool():
    with runner.Pool(seconds=derivation.STEP_SECONDS) as p:
        yield p


def _check(keys, pool, key, text, lang="fr"):
    if key is None:  # the web page's box
        return derivation.check(text, pool=pool, lang=lang)
    return indexed.check(text, context=indexed.from_key(keys[key[0]], key[1]), pool=pool, lang=lang)


def test_there_are_enough_derivations():
    assert len(CASES) >= 60
    assert len({(c[0], c[1]) for c in CASES}) == len(CASES)
    assert sum(c[2][0] == "fails" for c in CASES) >= 25 and sum(c[2] == OK for c in CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0][0] if c[0] else 'page'}-{c[1][:40]}")
def test_a_hurried_derivation_gets_the_teachers_verdict(keys, pool, case):
    key, text, expected = case
    steps, first = _check(keys, pool, key, text)
    words = [s.word for s in steps]
    assert steps, text
    if expected == OK:
        assert first is None and set(words) <= {"holds", "rounded", "holds numerically"}, \
            [(s.lhs, s.rhs, s.json("fr")["reason"]) for s in steps]
    elif expected[0] == "undecided":
        assert first is None and words.count("undecided") == expected[1], \
            [(s.lhs, s.rhs, s.word, s.json("fr")["reason"]) for s in steps]
        for s in steps:
            if s.word == "undecided":  # what is missing, in French
                said = s.json("fr")["reason"]
                assert "n'est pas donnée" in said or "impossible de lire" in said, said
    else:
        _, lhs, rhs = expected
        assert first is not None, [(s.lhs, s.rhs, s.word, s.json("fr")["reason"]) for s in steps]
        bad = steps[first - 1]
        assert lhs in bad.lhs and rhs in bad.rhs, (bad.lhs, bad.rhs)
        french, english = bad.json("fr")["reason"], bad.json("en")["reason"]
        # both sides' values where they differ, or the index that falls outside its matrix
        assert ("à gauche" in french and "à droite" in french or "telle qu'écrite" in french) \
            and french != english, french


def test_the_command_names_the_first_wrong_step_in_french(keys, tmp_path, capsys):
    from tdgrad import cli

    copy = tmp_path / "copie.txt"
    copy.write_text("1) dy/da = a σ(ax)(1-σ(ax))\n2) = 2 σ(2)(1-σ(2))\n3) ≈ 0,21\n", encoding="utf-8")
    code = cli.main(["derivation", str(copy), "--key", str(keys["td1"]), "--exercise", "1", "--lang", "fr"])
    out = capsys.readouterr().out
    # dy/da = xσ′(ax) = 0,104994 at a = 2, x = 1; aσ′(ax) = 0,209987 there
    assert code == 1 and "première étape fausse: 1" in out and "NE TIENT PAS" in out, out
    # the wrong formula is shown at the statement's point, in French
    assert "en a = 2, x = 1 : 0,105 à gauche, 0,21 à droite" in out, out

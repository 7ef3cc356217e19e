"""Vector, matrix, index and numpy answers typed the way a hurried French student types them.

Against the real keys of the examples (``tdgrad generate examples/*.toml --tex-only``): vectors and
matrices written by hand (``[0,338 ; -0,666 ; 0,328]``, ``(0,338 -0,666 0,328)``, ``0 0 0,296``,
``[0 0 0 ; 0 0 0 ; -0,148 -0,296 -0,592]``, ``\\begin{pmatrix}…``, ``(…)ᵀ``), shapes (``3×3``), the
course's notation from a phone (``oˢ − e_y``, ``∂L/∂oᵃ (hˢ)ᵀ``, ``𝟙(hᵃ > 0)``) and numpy one-liners.
The verdict of each is the teacher's, worked out by hand (the numbers in the comments), never by
running tdgrad: ``C`` right, ``W`` wrong, ``W_(code)`` wrong with that named mistake, ``R(fragment)``
refused with a message naming what to fix (said in French as well).

td-classification (d = d_h = m = 3, y = 1, classes from 0): x = (−0,5, −1, −2),
  hᵃ = W⁽¹⁾x + b⁽¹⁾ = (−0,4 + 0,3 − 1,2 + 0,3 ; −0,3 + 0,1 − 0,6 + 0,5 ; 0,2 − 0,2 − 0,4 + 0,5) = (−1 ; −0,3 ; 0,1),
  hˢ = relu(hᵃ) = (0 ; 0 ; 0,1), oᵃ = W⁽²⁾hˢ + b⁽²⁾ = 0,1·(0,2 ; 0,1 ; 0,9) + (−0,3 ; −0,3 ; −0,4)
  = (−0,28 ; −0,29 ; −0,31), oˢ = softmax = (0,755784 ; 0,748264 ; 0,733447)/2,237495
  = (0,33778 ; 0,33442 ; 0,32780), L = −ln 0,33442 = 1,0954,
  ∂L/∂oᵃ = oˢ − e_y = (0,33778 ; −0,66558 ; 0,32780), ∂L/∂W⁽²⁾ = ∂L/∂oᵃ hˢᵀ: only its third column,
  0,1·∂L/∂oᵃ = (0,033778 ; −0,066558 ; 0,032780); ∂L/∂hˢ = W⁽²⁾ᵀ ∂L/∂oᵃ = (−0,33778 + 0,53246 + 0,03278 ;
  0,20267 + 0,66558 + 0,29502 ; 0,06756 − 0,06656 + 0,29502) = (0,22746 ; 1,16327 ; 0,29602),
  ∂L/∂hᵃ = ∂L/∂hˢ ⊙ 𝟙(hᵃ > 0) = (0 ; 0 ; 0,29602), ∂L/∂W⁽¹⁾ = ∂L/∂hᵃ xᵀ: only its third row,
  0,29602·(−0,5 ; −1 ; −2) = (−0,14801 ; −0,29602 ; −0,59203).
  Its numpy questions are graded on the statement's arrays and on two other data sets of other
  sizes and classes (the key's ``envs``): an answer with a size written by hand (``np.eye(3)``) is
  right for the statement only.
td1 ex 1 (σ(ax), a = 2, x = 1): w = (x, a, −w₁w₂, e^{w₃}, 1 + w₄, 1/w₅) = (1 ; 2 ; −2 ; 0,135335 ;
  1,135335 ; 0,880797); tangents for x: (1 ; 0 ; −2 ; −0,270671 ; −0,270671 ; 0,270671/1,288986 = 0,209987);
  adjoints: w̄₆ = 1, w̄₅ = −1/w₅² = −0,775803, w̄₄ = w̄₅, w̄₃ = w̄₄w₄ = −0,104994, w̄₂ = −w₁w̄₃ = 0,104994,
  w̄₁ = −w₂w̄₃ = 0,209987.
td1 ex 2 (f = x₁x₂ + sin x₁ at (2, 5)): w = (2 ; 5 ; 10 ; 0,909297 ; 10,909297),
  tangents for x₁: (1 ; 0 ; 5 ; cos 2 = −0,416147 ; 4,583853).
cours-reseaux ex 3, example 1 (x = (2, 1), class 0): z⁽¹⁾ = (−0,6 − 0,3 − 0,3 ; −2 + 1 − 0,2) = (−1,2 ; −1,2),
  a⁽¹⁾ = σ(−1,2) = 0,231475 (both), z⁽²⁾ = (0,6·0,231475 − 0,2 ; 1,5·0,231475 − 0,4 ; −0,2·0,231475 + 0,4)
  = (−0,061115 ; −0,052788 ; 0,353705), a⁽²⁾ = (0,940715 ; 0,948581 ; 1,424320)/3,313616
  = (0,283893 ; 0,286267 ; 0,429840), a − y = (−0,716107 ; 0,286267 ; 0,429840).
cours-reseaux ex 4 (7 A then 5 B, k = 3): k-fold folds {0–3}, {4–7}, {8–11}: proportions (A, B) =
  (1, 0), (3/4, 1/4), (0, 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tdgrad import answers
from tdgrad.student.grade import grade_one

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SPECS = {"clf": "td-classification.toml", "td1": "td1.toml", "cours": "cours-reseaux.toml"}
C, W = "correct", "wrong"


def W_(code: str) -> tuple[str, str]:
    return ("wrong", code)


def R(fragment: str) -> tuple[str, str]:
    return ("unparsable", fragment)


CASES = [
    # -- vectors written by hand: ∂L/∂oᵃ = (0,33778 ; −0,66558 ; 0,32780)
    ("clf", "1:num.grad_oa", "[0,338 ; -0,666 ; 0,328]", C),
    ("clf", "1:num.grad_oa", "(0,338 -0,666 0,328)", C),  # spaces between entries: the commas are decimal
    ("clf", "1:num.grad_oa", "(0,34, -0,67, 0,33)", C),  # ", " separates, "0,34" is a number
    ("clf", "1:num.grad_oa", "0,338 -0,666 0,328", C),
    ("clf", "1:num.grad_oa", "0,338 ; -0,666 ; 0,328", C),
    ("clf", "1:num.grad_oa", "[0.338, -0.666, 0.328]", C),
    ("clf", "1:num.grad_oa", "(0,3378 ; −0,6656 ; 0,3278)", C),  # the minus of a phone
    ("clf", "1:num.grad_oa", "\\begin{pmatrix} 0,338 \\\\ -0,666 \\\\ 0,328 \\end{pmatrix}", C),
    ("clf", "1:num.grad_oa", "\\begin{bmatrix} 0{,}338 \\\\ -0{,}666 \\\\ 0{,}328 \\end{bmatrix}", C),
    ("clf", "1:num.grad_oa", "(0,338 ; −0,666 ; 0,328)ᵀ", C),  # a column written as a transposed row
    ("clf", "1:num.grad_oa", "ᵗ(0,338 -0,666 0,328)", C),
    ("clf", "1:num.grad_oa", "[0,338 -0,666 0,328]^T", C),
    ("clf", "1:num.grad_oa", "[0,338 ; - 0,666 ; 0,328]", C),  # a minus typed apart from its number
    ("clf", "1:num.grad_oa", "(0,338  -  0,666  0,328)", C),
    ("clf", "1:num.grad_oa", "[0,338 ; -0,666 ; 0,328].", C),  # the sentence's full stop
    ("clf", "1:num.grad_oa", "≈ (0,338 ; -0,666 ; 0,328)", C),
    ("clf", "1:num.grad_oa", "(0,338 ; -0,666 ; 0,328) environ", C),
    ("clf", "1:num.grad_oa", "∂L/∂oᵃ = (0,338 ; -0,666 ; 0,328)", C),  # the answer's name first
    ("clf", "1:num.grad_W1", "[0 0 0 ; 0 0 0 ; - 0,148 - 0,296 - 0,592]", C),
    ("clf", "1:num.grad_oa", "[0,338 ; 0,666 ; 0,328]", W),  # the minus of the true class lost
    ("clf", "1:num.grad_oa", "[0,338 ; -0,666 ; 0,238]", W),  # digits swapped in the third entry
    ("clf", "1:num.grad_oa", "[-0,338 ; 0,666 ; -0,328]", W_("sign")),  # e_y − oˢ
    ("clf", "1:num.grad_oa", "[0,338 ; -0,666]", W_("shape")),  # an entry forgotten
    ("clf", "1:num.grad_oa", "(0,338,-0,666,0,328)", R("the commas may separate the entries")),  # 3 or 6 entries?
    ("clf", "1:num.grad_oa", "[0,338 ; 0,334 ; 0,328]", W),  # oˢ itself: e_y not subtracted
    # ∂L/∂hᵃ = (0 ; 0 ; 0,29602), hˢ = (0 ; 0 ; 0,1), hᵃ = (−1 ; −0,3 ; 0,1)
    ("clf", "1:num.grad_ha", "[0 ; 0 ; 0,296]", C),
    ("clf", "1:num.grad_ha", "(0, 0, 0,296)", C),
    ("clf", "1:num.grad_ha", "0 0 0,296", C),
    ("clf", "1:num.grad_ha", "[0 0 0.296]", C),
    # one significant digit: 0,29602 → 0,3 is rounded right but too coarsely (the rule asks for two)
    ("clf", "1:num.grad_ha", "(0 ; 0 ; 0,3)", W_("rounding")),
    ("clf", "1:num.grad_ha", "(0 ; 0 ; 0,30)", C),  # two significant digits as written: 0,296 → 0,30
    ("clf", "1:num.grad_ha", "(0 ; 0 ; 0,31)", W),  # 0,296 rounds to 0,30
    ("clf", "1:num.grad_ha", "[0,227 ; 1,163 ; 0,296]", W),  # ∂L/∂hˢ: the ReLU mask forgotten
    ("clf", "1:num.hs", "(0 ; 0 ; 0,1)", C),
    ("clf", "1:num.hs", "(0,0,0.1)", C),  # a decimal point: the commas separate
    ("clf", "1:num.hs", "(0 ,0 ,0,1)", C),
    ("clf", "1:num.hs", "(-1 ; -0,3 ; 0,1)", W),  # hᵃ: relu not applied
    ("clf", "1:num.ha", "-1 ; -0,3 ; 0,1", C),
    ("clf", "1:num.oa", "(-0,28 ; -0,29 ; -0,31)", C),
    ("clf", "1:num.oa", "(-0,28 ; -0,29 ; -0,13)", W),
    ("clf", "1:num.os", "(0,34 ; 0,33 ; 0,33)", C),  # two decimals: 0,33778 → 0,34
    ("clf", "1:num.grad_hs", "(0,227 ; 1,163 ; 0,296)", C),
    ("clf", "1:num.grad_hs", "(0,227 ; 1,163 ; 0,296)ᵀ", C),
    ("clf", "1:num.grad_hs", "(−0,338 ; 0,533 ; 0,033)", W),  # the first column's three terms, not summed
    ("clf", "1:num.grad_b2", "[0,338 ; -0,666 ; 0,328]", C),  # ∂L/∂b⁽²⁾ = ∂L/∂oᵃ
    # -- matrices written by hand: ∂L/∂W⁽¹⁾ has only its third row, (−0,14801 −0,29602 −0,59203)
    ("clf", "1:num.grad_W1", "[0 0 0 ; 0 0 0 ; -0,148 -0,296 -0,592]", C),
    ("clf", "1:num.grad_W1", "[[0,0,0],[0,0,0],[-0.148,-0.296,-0.592]]", C),
    ("clf", "1:num.grad_W1", "\\begin{pmatrix} 0 & 0 & 0 \\\\ 0 & 0 & 0 \\\\ -0,148 & -0,296 & -0,592 \\end{pmatrix}", C),
    ("clf", "1:num.grad_W1", "(0 0 0 | 0 0 0 | -0,148 -0,296 -0,592)", C),
    ("clf", "1:num.grad_W1", "0 0 0\n0 0 0\n-0,148 -0,296 -0,592", C),  # one row a line
    ("clf", "1:num.grad_W1", "[0 0 -0,148 ; 0 0 -0,296 ; 0 0 -0,592]", W_("transposed")),  # x ∂L/∂hᵃᵀ
    ("clf", "1:num.grad_W1", "[0 0 0 ; 0 0 0 ; -0,148 -0,296 -0,5]", W_("entries")),  # the last entry
    ("clf", "1:num.grad_W1", "[0 0 0 ; 0 0 0 ; -0,148 -0,296]", R("rows have different lengths")),
    ("clf", "1:num.grad_W2", "[0 0 0,0338 ; 0 0 -0,0666 ; 0 0 0,0328]", C),
    ("clf", "1:num.grad_W2", "[0 0 0,034 ; 0 0 -0,067 ; 0 0 0,033]", C),
    ("clf", "1:num.grad_W2", "[0 0 0 ; 0 0 0 ; 0,0338 -0,0666 0,0328]", W_("transposed")),  # hˢ (∂L/∂oᵃ)ᵀ
    ("clf", "1:num.grad_W2", "[0 0 0,338 ; 0 0 -0,666 ; 0 0 0,328]", W_("factor")),  # hˢ₃ = 0,1 forgotten
    # shapes: W⁽²⁾ ∈ ℝ^{m×d_h} = 3×3, b⁽²⁾ ∈ ℝ^m = 3
    ("clf", "1:q2.shape_W2", "3×3", C),
    ("clf", "1:q2.shape_W2", "3x3", C),
    ("clf", "1:q2.shape_W2", "(3,3)", C),
    ("clf", "1:q2.shape_W2", "ℝ^{3×3}", C),
    ("clf", "1:q2.shape_W2", "3×4", W),
    ("clf", "1:q2.shape_b2", "3", C),
    ("clf", "1:q2.shape_b2", "(3,)", C),
    ("clf", "1:q2.shape_b2", "3×1", C),  # a column of 3: the vector's size
    ("clf", "1:q2.shape_b2", "1×3", W),  # a row
    # -- the course's notation and numpy, ∂L/∂oᵃ = oˢ − e_y
    ("clf", "1:q8.grad_oa", "os - np.eye(m)[y]", C),
    ("clf", "1:q8.grad_oa", "grad_oa = os - np.eye(m)[y]", C),
    ("clf", "1:q8.grad_oa", "os - onehot(y)", C),
    ("clf", "1:q8.grad_oa", "o^s - e_y", C),
    ("clf", "1:q8.grad_oa", "oˢ − onehot_m(y)", C),  # superscript s from a phone
    ("clf", "1:q8.grad_oa", "g = os.copy(); g[y] -= 1", C),
    ("clf", "1:q8.grad_oa", "np.exp(oa)/np.exp(oa).sum() - np.eye(m)[y]", C),
    ("clf", "1:q8.grad_oa", "os - np.eye(m)[y-1]", W_("onehot_shifted")),  # classes count from 0 here
    ("clf", "1:q8.grad_oa", "o_s - e_y", C),  # oˢ written with an underscore: s is no index here
    ("clf", "1:q8.grad_oa", "os-1", W_("entries")),  # 1 taken from every entry, not from the true class's
    ("clf", "1:q8.grad_oa", "os - (np.arange(m) == y)", C),
    ("clf", "1:q8.grad_oa", "np.eye(m)[y] - os", W_("sign")),
    ("clf", "1:q8.grad_oa", "grad_oa = os - np.eye(3)[y]", W_("hard_coded")),  # right for m = 3 only
    ("clf", "1:q8.grad_oa", "os - np.array([0, 1, 0])", W_("onehot_literal")),
    # ∂L/∂W⁽²⁾ = ∂L/∂oᵃ hˢᵀ (m × d_h)
    ("clf", "1:q10.grad_W2", "np.outer(grad_oa, hs)", C),
    ("clf", "1:q10.grad_W2", "grad_oa[:, None] @ hs[None, :]", C),
    ("clf", "1:q10.grad_W2", "grad_oa.reshape(-1,1) @ hs.reshape(1,-1)", C),
    ("clf", "1:q10.grad_W2", "∂L/∂oᵃ (hˢ)ᵀ", C),
    ("clf", "1:q10.grad_W2", "(o^s - e_y) (h^s)^T", C),
    ("clf", "1:q10.grad_W2", "\\frac{\\partial L}{\\partial o^a} {h^s}^\\top", C),
    ("clf", "1:q10.grad_W2", "np.outer(hs, grad_oa)", W_("transposed")),
    ("clf", "1:q10.grad_W2", "grad_oa @ hs.T", W_("array_fails")),  # hs.T of a 1-d array is hs: a dot product
    ("clf", "1:q10.grad_W2", "np.dot(grad_oa, hs.T)", W_("array_fails")),  # the same, as np.dot
    # ∂L/∂hˢ = W⁽²⁾ᵀ ∂L/∂oᵃ
    ("clf", "1:q12.grad_hs", "W2.T @ grad_oa", C),
    ("clf", "1:q12.grad_hs", "grad_oa @ W2", C),  # (W2ᵀg)ᵢ = Σₖ gₖ W2ₖᵢ
    ("clf", "1:q12.grad_hs", "W^{(2)T} (o^s - e_y)", C),
    ("clf", "1:q12.grad_hs", "W⁽²⁾ᵀ (oˢ − e_y)", C),
    ("clf", "1:q12.grad_hs", "(W^{(2)})^T ∂L/∂oᵃ", C),
    ("clf", "1:q12.grad_hs", "W2 @ grad_oa", W_("array_fails")),  # m × d_h times m: sizes do not agree
    # ∂L/∂hᵃ = ∂L/∂hˢ ⊙ 𝟙(hᵃ > 0)
    ("clf", "1:q14.grad_ha", "grad_hs * (ha > 0)", C),
    ("clf", "1:q14.grad_ha", "np.where(ha > 0, grad_hs, 0)", C),
    ("clf", "1:q14.grad_ha", "grad_hs ⊙ 𝟙(hᵃ > 0)", C),
    ("clf", "1:q14.grad_ha", "grad_hs * np.sign(hs)", C),  # hˢ ≥ 0: sign(hˢ) is the mask
    ("clf", "1:q14.grad_ha", "W2.T @ grad_oa * (ha > 0)", C),  # @ before *, as in numpy
    ("clf", "1:q14.grad_ha", "grad_hs", W_("missing_mask")),
    ("clf", "1:q14.grad_ha", "np.maximum(grad_hs, 0)", W),  # relu of the gradient, not the mask of hᵃ
    ("clf", "1:q14.grad_ha", "grad_hs*(ha>0", R("never closed")),
    # ∂L/∂W⁽¹⁾ = ∂L/∂hᵃ xᵀ
    ("clf", "1:q16.grad_W1", "np.outer(grad_ha, x)", C),
    ("clf", "1:q16.grad_W1", "∂L/∂hᵃ xᵀ", C),
    ("clf", "1:q16.grad_W1", "np.einsum('i,j->ij', grad_ha, x)", C),
    ("clf", "1:q16.grad_W1", "np.outer(x, grad_ha)", W_("transposed")),
    ("clf", "1:q16.grad_W1", "grad_ha * x", W_("array_fails")),  # d_h and d apart: no entry-wise product
    ("clf", "1:q16.grad_b1", "grad_ha", C),
    ("clf", "1:q16.grad_b1", "grad_hs", W_("missing_mask")),
    # -- td1: the trace's vectors
    ("td1", "1:q1.primal", "(1 ; 2 ; -2 ; 0,1353 ; 1,1353 ; 0,8808)", C),
    ("td1", "1:q1.primal", "1 2 -2 0,135 1,135 0,881", C),
    ("td1", "1:q1.primal", "(1 ; 2 ; 2 ; 0,1353 ; 1,1353 ; 0,8808)", W),  # w₃ = −w₁w₂
    ("td1", "1:q2.tangent", "(1 ; 0 ; -2 ; -0,2707 ; -0,2707 ; 0,2100)", C),
    ("td1", "1:q2.tangent", "(1 ; 0 ; -2 ; -0,2707 ; -0,2707 ; -0,2100)", W),
    ("td1", "1:q3.adjoint", "(0,210 ; 0,105 ; -0,105 ; -0,776 ; -0,776 ; 1)", C),
    ("td1", "1:q3.adjoint", "(1 ; -0,776 ; -0,776 ; -0,105 ; 0,105 ; 0,210)", W),  # written from w̄₆ down
    ("td1", "2:q1.primal", "[2 ; 5 ; 10 ; 0,909 ; 10,909]", C),
    ("td1", "2:q2.tangent", "1 0 5 -0,416 4,584", C),
    ("td1", "2:q2.tangent", "1 0 5 0,416 5,416", W),  # sin′ = −cos taken
    # -- cours-reseaux: a − y, fold proportions
    ("cours", "3:example1.delta_out", "(-0,716 ; 0,286 ; 0,430)", C),
    ("cours", "3:example1.delta_out", "\\begin{pmatrix}-0,716\\\\0,286\\\\0,430\\end{pmatrix}", C),
    ("cours", "3:example1.delta_out", "(0,284 ; 0,286 ; 0,430)", W),  # a itself, y not subtracted
    ("cours", "4:q2.proportions", "[1 0 ; 0,75 0,25 ; 0 1]", C),
    ("cours", "4:q2.proportions", "[[1, 0], [0.75, 0.25], [0, 1]]", C),
    ("cours", "4:q2.proportions", "1 0 | 3/4 1/4 | 0 1", C),
    ("cours", "4:q2.proportions", "[1 0,75 0 ; 0 0,25 1]", W_("transposed")),  # a fold per column
]


@pytest.fixture(scope="module")
def keys(example_keys):
    return {name: next(iter(answers.load([example_keys[name]]).tables.values())) for name in SPECS}


def test_there_are_enough_answers():
    assert len(CASES) >= 80
    assert len({(c[1], c[2]) for c in CASES}) == len(CASES)
    verdicts = [c[3] if isinstance(c[3], str) else c[3][0] for c in CASES]
    assert verdicts.count(C) >= 40 and verdicts.count(W) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[1]}-{c[2][:40]}")
def test_a_hurried_array_answer_gets_the_teachers_verdict(keys, case):
    name, question, text, expected = case
    ref = answers.find(keys[name], question)[1]
    got = grade_one(ref, text, "en")
    if expected == C:
        assert got.verdict == C, (got.verdict, got.feedback)
        return
    if expected == W:
        assert got.verdict == W, (got.verdict, got.feedback)
    elif expected[0] == W:
        assert got.verdict == W and got.mistake == expected[1], (got.verdict, got.mistake, got.feedback)
    else:
        assert got.verdict == "unparsable" and expected[1] in got.feedback, (got.verdict, got.feedback)
    said = grade_one(ref, text, "fr").feedback
    assert said and said != got.feedback, (said, got.feedback)  # a wrong or refused table is told why, in French

"""Seed 001 §2 (#7 to #16), the student's own text, through ``derivation`` with the notation of a
generated classification exercise. Every step is decided; what tdgrad says of each slip is what a
hand derivation says, confirmed below with numpy finite differences.

By hand (L = −log o_y^s, o^s = softmax(o^a), o^a = b^(2) + W^(2) h^s, h^s = relu(h^a)):
∂L/∂o_k^a = o_k^s − δ_ky; ∂L/∂W_kj^(2) = (o_k^s − δ_ky) h_j^s; ∂L/∂b^(2) = o^s − onehot(y);
∂L/∂h_j^s = Σ_k (o_k^s − δ_ky) W_kj^(2); ∂L/∂h_j^a = ∂L/∂h_j^s 𝟙(h_j^a > 0); ∂L/∂W_jl^(1) = ∂L/∂h_j^a x_l.
The student's slips, literally:
- #9 writes ∂L/∂W_kj = o_k^s · ∂o_k^s/∂W_kj (and the same for k = y): ∂o_k^s/∂W_kj = o_k^s(1 − o_k^s) h_j,
  not h_j; the factor meant is ∂o_k^a/∂W_kj (steps 13, 14, 16, 17).
- #9 writes ∂L/∂b^(2) = o^s − (0, 0, …, 0, …, 0)ᵀ: the row y of the subtracted vector must be 1
  (steps 23, 24); the next line, = O^s − onehot_m(y), is right again (step 25).
- #11 differentiates b^(2) + Σ_i W_ki h_i^s: a vector plus a scalar, b_k^(2) is meant (steps 28, 29).
"""

from pathlib import Path

import numpy as np

from tdgrad.student.indexed import NOTATIONS, Context, check

SEED = Path(__file__).parent / "data" / "seed001-classification.txt"  # verbatim excerpt of seed 001 §2
FAILS = {13, 14, 16, 17, 23, 24, 28, 29}


def test_seed_001_part_2_every_step_decided():
    steps, first = check(SEED.read_text(encoding="utf-8"), symbolic=False,
                         context=Context(NOTATIONS["classification"]))
    assert len(steps) == 49
    assert all(s.verdict.verdict != "undecided" for s in steps), [s.verdict.reason for s in steps
                                                                   if s.verdict.verdict == "undecided"]
    assert {s.number for s in steps if s.verdict.verdict == "not equivalent"} == FAILS
    assert first == 13
    for n in (13, 14, 16, 17):
        s = steps[n - 1]
        assert s.verdict.mistake["code"] == "wrong_factor"
        assert "\\partial o_{" in s.verdict.mistake["detail"] and "^{a}" in s.verdict.mistake["detail"]
    for n in (13, 14):
        assert steps[n - 1].verdict.reason.startswith("(k ≠ y)")
    assert "0\\\\0" in steps[23 - 1].rhs.replace("\\\\\\vdots", "") or "0\\\\" in steps[23 - 1].rhs
    for n in (28, 29):
        assert "adds" in steps[n - 1].verdict.reason and "a scalar" in steps[n - 1].verdict.reason
    # the matrix forms of #10, #12, #14, #16 and the ellipsis sums of #11 hold
    for n in (22, 26, 30, 31, 32, 33, 38, 46, 47, 49):
        assert steps[n - 1].verdict.equivalent, steps[n - 1]


def _network(rng, d=3, d_h=2, m=4, y=1):
    P = {"x": rng.normal(size=d), "W1": rng.normal(size=(d_h, d)), "b1": rng.normal(size=d_h),
         "W2": rng.normal(size=(m, d_h)), "b2": rng.normal(size=m)}
    return P, y


def _forward(P):
    hs = np.maximum(P["b1"] + P["W1"] @ P["x"], 0)
    oa = P["b2"] + P["W2"] @ hs
    e = np.exp(oa - oa.max())
    return hs, oa, e / e.sum()


def _d(f, P, name, index, h=1e-6):
    up, down = {**P, name: P[name].copy()}, {**P, name: P[name].copy()}
    up[name][index] += h
    down[name][index] -= h
    return (f(up) - f(down)) / (2 * h)


def test_the_slips_by_finite_differences():
    P, y = _network(np.random.default_rng(1))
    hs, oa, os = _forward(P)
    k, j = 2, 0  # k ≠ y
    dL = _d(lambda Q: -np.log(_forward(Q)[2][y]), P, "W2", (k, j))
    assert np.isclose(dL, os[k] * hs[j])                                  # the right result
    d_os = _d(lambda Q: _forward(Q)[2][k], P, "W2", (k, j))
    d_oa = _d(lambda Q: _forward(Q)[1][k], P, "W2", (k, j))
    assert not np.isclose(dL, os[k] * d_os) and np.isclose(dL, os[k] * d_oa)  # #9's factor
    grad_b2 = np.array([_d(lambda Q: -np.log(_forward(Q)[2][y]), P, "b2", i) for i in range(4)])
    assert not np.allclose(grad_b2, os - np.zeros(4)) and np.allclose(grad_b2, os - np.eye(4)[y])

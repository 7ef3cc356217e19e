"""Indexed derivation steps, right and wrong; the truth of each comes from numpy finite differences.

Every case is one displayed step. The test decides its truth by itself: the model is written again
in numpy, a derivative side is a central finite difference, the other side is the student's formula
written by hand in numpy, for two sets of sizes and every admissible value of the free indices. Then
tdgrad must agree: a true step "holds", a false one "fails" (never accepted), nothing undecided.
"""

import itertools

import numpy as np
import pytest

from tdgrad.student.indexed import NOTATIONS, Context, check

H = 1e-6
HOLDS = ("equivalent", "numerically equivalent")  # proven by SymPy, or at every point of every instance


def fd(f, P, name, index=()):
    """Central difference of f(P) with respect to the entry ``index`` (0-based) of P[name]."""
    up, down = {**P, name: np.array(P[name], dtype=float)}, {**P, name: np.array(P[name], dtype=float)}
    up[name][index] += H
    down[name][index] -= H
    return (f(up) - f(down)) / (2 * H)


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def relu(a):
    return np.maximum(a, 0)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


# --- A: the softmax Jacobian (sizes K; indices i, j) -------------------------------------------
A_DEFS = r"$$s_i := \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$$"


def A_s(P):
    return softmax(P["z"])


def A_ds(P, i, j):
    return fd(lambda Q: A_s(Q)[i], P, "z", j)


def A_dlog(P, i, j):
    return fd(lambda Q: np.log(A_s(Q)[i]), P, "z", j)


def d(i, j):
    return float(i == j)


A = [  # (step, holds in truth?, lhs, rhs) with 0-based i, j inside the lambdas
    (r"\frac{\partial s_i}{\partial z_j} = s_i (\delta_{ij} - s_j)",
     lambda P, s, i, j: (A_ds(P, i, j), s[i] * (d(i, j) - s[j]))),
    (r"\frac{\partial s_i}{\partial z_j} = s_i \delta_{ij} - s_i s_j",
     lambda P, s, i, j: (A_ds(P, i, j), s[i] * d(i, j) - s[i] * s[j])),
    (r"\frac{\partial s_i}{\partial z_j} = s_i (1 - s_j)",
     lambda P, s, i, j: (A_ds(P, i, j), s[i] * (1 - s[j]))),
    (r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad (i \neq j)",
     lambda P, s, i, j: (A_ds(P, i, j), -s[i] * s[j])),
    (r"\frac{\partial s_i}{\partial z_j} = s_i (1 - s_i) \quad (i = j)",
     lambda P, s, i, j: (A_ds(P, i, j), s[i] * (1 - s[i]))),
    (r"\frac{\partial s_i}{\partial z_j} = s_i (1 - s_i) \quad (i \neq j)",
     lambda P, s, i, j: (A_ds(P, i, j), s[i] * (1 - s[i]))),
    (r"\frac{\partial s_i}{\partial z_j} = s_j (\delta_{ij} - s_i)",
     lambda P, s, i, j: (A_ds(P, i, j), s[j] * (d(i, j) - s[i]))),
    (r"\frac{\partial s_i}{\partial z_j} = \delta_{ij} - s_j",
     lambda P, s, i, j: (A_ds(P, i, j), d(i, j) - s[j])),
    (r"\frac{\partial s_i}{\partial z_j} = s_i \mathbb{1}_{\{i=j\}} - s_i s_j",
     lambda P, s, i, j: (A_ds(P, i, j), s[i] * d(i, j) - s[i] * s[j])),
    (r"\frac{\partial \log s_i}{\partial z_j} = \delta_{ij} - s_j",
     lambda P, s, i, j: (A_dlog(P, i, j), d(i, j) - s[j])),
    (r"\frac{\partial \log s_i}{\partial z_j} = 1 - s_j",
     lambda P, s, i, j: (A_dlog(P, i, j), 1 - s[j])),
    (r"\frac{\partial s_i}{\partial z_i} = s_i - s_i^2",
     lambda P, s, i, j: (A_ds(P, i, i), s[i] - s[i] ** 2)),
    (r"\sum_{j=1}^{K} \frac{\partial s_i}{\partial z_j} = 0",
     lambda P, s, i, j: (sum(A_ds(P, i, jj) for jj in range(len(s))), 0.0)),
    (r"\sum_{i=1}^{K} s_i = 1",
     lambda P, s, i, j: (s.sum(), 1.0)),
    (r"\frac{\partial s_i}{\partial z_j} = -s_i s_j",
     lambda P, s, i, j: (A_ds(P, i, j), -s[i] * s[j])),
]

# --- B: cross-entropy through softmax (size K; class y) -----------------------------------------
B_DEFS = A_DEFS + "\n" + r"$$L := -\log s_y$$"


def B_L(P):
    return -np.log(A_s(P)[P["y"]])


def B_dz(P, k):
    return fd(B_L, P, "z", k)


def B_ds(P, k):  # L as a function of s itself
    return fd(lambda Q: -np.log(Q["s"][Q["y"]]), {**P, "s": A_s(P)}, "s", k)


B = [
    (r"\frac{\partial L}{\partial z_k} = s_k - \delta_{ky}", lambda P, s, k, y: (B_dz(P, k), s[k] - d(k, y))),
    (r"\frac{\partial L}{\partial z_k} = s_k - 1 \quad (k = y)", lambda P, s, k, y: (B_dz(P, k), s[k] - 1)),
    (r"\frac{\partial L}{\partial z_k} = s_k \quad (k \neq y)", lambda P, s, k, y: (B_dz(P, k), s[k])),
    (r"\frac{\partial L}{\partial z_k} = s_k - 1 \quad (k \neq y)", lambda P, s, k, y: (B_dz(P, k), s[k] - 1)),
    (r"\frac{\partial L}{\partial z_k} = s_y - 1", lambda P, s, k, y: (B_dz(P, k), s[y] - 1)),
    (r"\frac{\partial L}{\partial s_k} = -\frac{\delta_{ky}}{s_k}", lambda P, s, k, y: (B_ds(P, k), -d(k, y) / s[k])),
    (r"\frac{\partial L}{\partial s_y} = -\frac{1}{s_y}", lambda P, s, k, y: (B_ds(P, y), -1 / s[y])),
    (r"L = \log \sum_{k=1}^{K} e^{z_k} - z_y",
     lambda P, s, k, y: (B_L(P), np.log(np.exp(P["z"]).sum()) - P["z"][y])),
    (r"L = \log \sum_{k=1}^{K} e^{z_k} + z_y",
     lambda P, s, k, y: (B_L(P), np.log(np.exp(P["z"]).sum()) + P["z"][y])),
    (r"\frac{\partial L}{\partial z_k} = s_k - \mathbb{1}_{\{k=y\}}", lambda P, s, k, y: (B_dz(P, k), s[k] - d(k, y))),
    (r"\frac{\partial L}{\partial z_k} = \frac{e^{z_k}}{\sum_{k'=1}^{K} e^{z_{k'}}} - \delta_{ky}",
     lambda P, s, k, y: (B_dz(P, k), np.exp(P["z"][k]) / np.exp(P["z"]).sum() - d(k, y))),
    (r"\frac{\partial L}{\partial z_k} = \delta_{ky} - s_k", lambda P, s, k, y: (B_dz(P, k), d(k, y) - s[k])),
]


def cases(family, defs, sizes, index_names, params, steps):
    """The document tdgrad reads, and the truth of each step over every admissible instance."""
    truth = []
    for step, f in steps:
        condition = step.split("\\quad")[1].strip(" ()") if "\\quad" in step else None
        holds = True
        for size in sizes:
            rng = np.random.default_rng(sorted(size.values()))
            for _ in range(2):
                P = params(size, rng)
                for values in itertools.product(*[range(size[n]) if isinstance(n, str) else range(n)
                                                  for n in index_names.values()]):
                    I = dict(zip(index_names, values))
                    if condition and not _allowed(condition, I):
                        continue
                    lhs, rhs = f(P, I)
                    if not np.allclose(lhs, rhs, rtol=1e-5, atol=1e-6):
                        holds = False
        truth.append((step, holds))
    text = defs + "\n" + "\n".join(f"$${s}$$" for s, _ in steps)
    return text, truth


def _allowed(condition, I):
    a, op, b = condition.replace("\\neq", "!=").replace(" ", "").partition("!=") if "\\neq" in condition \
        else condition.replace(" ", "").partition("=")
    return (I[a] == I[b]) == (op == "=")


def run(text, truth, context=Context()):
    steps, _ = check(text, symbolic=False, context=context)
    steps = [s for s in steps]
    assert len(steps) == len(truth), [s.lhs for s in steps]
    report = []
    for s, (step, holds) in zip(steps, truth):
        report.append((step, holds, s.verdict.verdict, s.verdict.reason))
    false_accepts = [r for r in report if not r[1] and r[2] in HOLDS]
    assert not false_accepts, false_accepts
    wrong = [r for r in report if (r[2] in HOLDS) != r[1] or r[2] not in HOLDS + ("not equivalent",)]
    assert not wrong, wrong
    assert sum(not h for _, h in truth) >= 3 and sum(h for _, h in truth) >= 3  # both kinds are tested
    return steps


def test_softmax_jacobian():
    def params(size, rng):
        return {"z": rng.normal(size=size["K"])}

    steps = [(s, lambda P, I, f=f: f(P, A_s(P), I["i"], I["j"])) for s, f in A]
    text, truth = cases("A", A_DEFS, [{"K": 2}, {"K": 3}], {"i": "K", "j": "K"}, params, steps)
    run(text, truth)


def test_cross_entropy_through_softmax():
    def params(size, rng):
        return {"z": rng.normal(size=size["K"]), "y": 0}

    def with_class(f):  # the class y is a free index of the truth loop too
        return lambda P, I: f({**P, "y": I["y"]}, A_s(P), I["k"], I["y"])

    steps = [(s, with_class(f)) for s, f in B]
    text, truth = cases("B", B_DEFS, [{"K": 2}, {"K": 3}], {"k": "K", "y": "K"}, params, steps)
    run(text, truth)


# --- C: the classification MLP of seed 001 §2, in the notation of a generated exercise ------------
def C_forward(P):
    ha = P["b1"] + P["W1"] @ P["x"]
    hs = relu(ha)
    oa = P["b2"] + P["W2"] @ hs
    return ha, hs, oa, softmax(oa)


def C_L(P):
    return -np.log(C_forward(P)[3][P["y"]])


def C_from(name):
    """L as a function of an intermediate vector (h^a, h^s or o^a), the layers below held fixed."""
    def L(Q):
        v = Q[name]
        if name == "ha":
            v = relu(v)
        if name in ("ha", "hs"):
            v = Q["b2"] + Q["W2"] @ v
        return -np.log(softmax(v)[Q["y"]])
    return L


def C_grad(P, name):
    """∂L/∂(every entry of P[name]), by finite differences."""
    if name in ("ha", "hs", "oa"):
        ha, hs, oa, _ = C_forward(P)
        P = {**P, "ha": ha, "hs": hs, "oa": oa}
        f = C_from(name)
    else:
        f = C_L
    return np.array([fd(f, P, name, i) for i in np.ndindex(np.shape(P[name]))]).reshape(np.shape(P[name]))


def onehot(m, y):
    return np.eye(m)[y]


C = [  # (step, lambda P, fwd, I → (lhs, rhs)); I holds 0-based k, j, l and the class y
    (r"\frac{\partial L}{\partial W_{kj}^{(2)}} = (o_k^s - \delta_{ky}) h_j^s",
     lambda P, F, I: (C_grad(P, "W2")[I["k"], I["j"]], (F[3][I["k"]] - d(I["k"], P["y"])) * F[1][I["j"]])),
    (r"\frac{\partial L}{\partial W_{kj}^{(2)}} = o_k^s h_j^s",
     lambda P, F, I: (C_grad(P, "W2")[I["k"], I["j"]], F[3][I["k"]] * F[1][I["j"]])),
    (r"\frac{\partial L}{\partial W_{kj}^{(2)}} = (o_k^s - \delta_{ky}) h_j^a",
     lambda P, F, I: (C_grad(P, "W2")[I["k"], I["j"]], (F[3][I["k"]] - d(I["k"], P["y"])) * F[0][I["j"]])),
    (r"\frac{\partial L}{\partial b_k^{(2)}} = o_k^s - \delta_{ky}",
     lambda P, F, I: (C_grad(P, "b2")[I["k"]], F[3][I["k"]] - d(I["k"], P["y"]))),
    (r"\frac{\partial L}{\partial h_j^s} = \sum_{k=1}^{m} (o_k^s - \delta_{ky}) W_{kj}^{(2)}",
     lambda P, F, I: (C_grad(P, "hs")[I["j"]], (F[3] - onehot(len(F[3]), P["y"])) @ P["W2"][:, I["j"]])),
    (r"\frac{\partial L}{\partial h_j^s} = \sum_{k=1}^{m} o_k^s W_{kj}^{(2)} - W_{yj}^{(2)}",
     lambda P, F, I: (C_grad(P, "hs")[I["j"]], F[3] @ P["W2"][:, I["j"]] - P["W2"][P["y"], I["j"]])),
    (r"\frac{\partial L}{\partial h_j^s} = \sum_{k=1}^{m} o_k^s W_{kj}^{(2)}",
     lambda P, F, I: (C_grad(P, "hs")[I["j"]], F[3] @ P["W2"][:, I["j"]])),
    (r"\frac{\partial L}{\partial h_j^a} = \left(\sum_{k=1}^{m} o_k^s W_{kj}^{(2)} - W_{yj}^{(2)}\right) \mathbb{1}_{\{h_j^a > 0\}}",
     lambda P, F, I: (C_grad(P, "ha")[I["j"]],
                      (F[3] @ P["W2"][:, I["j"]] - P["W2"][P["y"], I["j"]]) * (F[0][I["j"]] > 0))),
    (r"\frac{\partial L}{\partial h_j^a} = \sum_{k=1}^{m} o_k^s W_{kj}^{(2)} - W_{yj}^{(2)}",
     lambda P, F, I: (C_grad(P, "ha")[I["j"]], F[3] @ P["W2"][:, I["j"]] - P["W2"][P["y"], I["j"]])),
    (r"\frac{\partial L}{\partial W_{jl}^{(1)}} = \frac{\partial L}{\partial h_j^a} x_l",
     lambda P, F, I: (C_grad(P, "W1")[I["j"], I["l"]], C_grad(P, "ha")[I["j"]] * P["x"][I["l"]])),
    (r"\frac{\partial L}{\partial W_{jl}^{(1)}} = \frac{\partial L}{\partial h_j^s} x_l",
     lambda P, F, I: (C_grad(P, "W1")[I["j"], I["l"]], C_grad(P, "hs")[I["j"]] * P["x"][I["l"]])),
    (r"\frac{\partial L}{\partial b_j^{(1)}} = \frac{\partial L}{\partial h_j^a}",
     lambda P, F, I: (C_grad(P, "b1")[I["j"]], C_grad(P, "ha")[I["j"]])),
    (r"\frac{\partial L}{\partial o_k^a} = o_k^s - \delta_{ky}",
     lambda P, F, I: (C_grad(P, "oa")[I["k"]], F[3][I["k"]] - d(I["k"], P["y"]))),
    (r"\frac{\partial L}{\partial W^{(2)}} = (o^s - \text{onehot}_m(y)) (h^s)^T",
     lambda P, F, I: (C_grad(P, "W2"), np.outer(F[3] - onehot(len(F[3]), P["y"]), F[1]))),
    (r"\frac{\partial L}{\partial h^s} = W^{(2)T} (o^s - \text{onehot}_m(y))",
     lambda P, F, I: (C_grad(P, "hs"), P["W2"].T @ (F[3] - onehot(len(F[3]), P["y"])))),
    (r"\frac{\partial L}{\partial b^{(2)}} = o^s - \text{onehot}_m(y)",
     lambda P, F, I: (C_grad(P, "b2"), F[3] - onehot(len(F[3]), P["y"]))),
    (r"\frac{\partial L}{\partial h^a} = \frac{\partial L}{\partial h^s} \odot \mathbb{1}_{\{h^a > 0\}}",
     lambda P, F, I: (C_grad(P, "ha"), C_grad(P, "hs") * (F[0] > 0))),
    (r"\frac{\partial L}{\partial W^{(1)}} = \frac{\partial L}{\partial h^a} x^T",
     lambda P, F, I: (C_grad(P, "W1"), np.outer(C_grad(P, "ha"), P["x"]))),
    (r"\frac{\partial L}{\partial W^{(1)}} = x \frac{\partial L}{\partial h^a}^T",  # transposed: d × d_h
     lambda P, F, I: (C_grad(P, "W1"), np.outer(P["x"], C_grad(P, "ha")))),
]


def C_params(size, rng):
    d, d_h, m = size["d"], size["d_h"], size["m"]
    return {"x": rng.normal(size=d), "W1": rng.normal(size=(d_h, d)), "b1": rng.normal(size=d_h),
            "W2": rng.normal(size=(m, d_h)), "b2": rng.normal(size=m), "y": 0}


def C_with_class(f):
    def g(P, I):
        P = {**P, "y": I["y"]}
        lhs, rhs = f(P, C_forward(P), I)
        if np.shape(lhs) != np.shape(rhs):
            return np.zeros(1), np.ones(1)  # a different shape is a false step
        return lhs, rhs
    return g


def test_classification_network_in_the_notation_of_a_generated_exercise():
    steps = [(s, C_with_class(f)) for s, f in C]
    sizes = [{"d": 2, "d_h": 3, "m": 2}, {"d": 3, "d_h": 2, "m": 3}]
    names = {"k": "m", "j": "d_h", "l": "d", "y": "m"}
    text, truth = cases("C", "", sizes, names, C_params, steps)
    run(text, truth, Context(NOTATIONS["classification"]))


# --- D: a shared convolution weight (seed 003 Ex 1) ----------------------------------------------
def D_forward(P):
    a = np.array([P["x"][0] * P["w"][0] + P["x"][1] * P["w"][1], P["x"][1] * P["w"][0] + P["x"][2] * P["w"][1]])
    o = relu(a)
    yhat = o @ P["v"]
    return a, o, yhat


def D_L(P):
    return 0.5 * (D_forward(P)[2] - P["y"]) ** 2


def D_from_a(P, i):
    a = D_forward(P)[0]
    return fd(lambda Q: 0.5 * (relu(Q["a"]) @ Q["v"] - Q["y"]) ** 2, {**P, "a": a}, "a", i)


D = [
    (r"\frac{\partial L}{\partial w_1} = (\hat{y} - y)(v_1 \mathbb{1}_{\{a_1>0\}} x_1 + v_2 \mathbb{1}_{\{a_2>0\}} x_2)",
     lambda P, a, o, r, i: (fd(D_L, P, "w", 0), r * (P["v"][0] * (a[0] > 0) * P["x"][0] + P["v"][1] * (a[1] > 0) * P["x"][1]))),
    (r"\frac{\partial L}{\partial w_1} = (\hat{y} - y) v_1 \mathbb{1}_{\{a_1>0\}} x_1",
     lambda P, a, o, r, i: (fd(D_L, P, "w", 0), r * P["v"][0] * (a[0] > 0) * P["x"][0])),
    (r"\frac{\partial L}{\partial w_2} = (\hat{y} - y)(v_1 \mathbb{1}_{\{a_1>0\}} x_2 + v_2 \mathbb{1}_{\{a_2>0\}} x_3)",
     lambda P, a, o, r, i: (fd(D_L, P, "w", 1), r * (P["v"][0] * (a[0] > 0) * P["x"][1] + P["v"][1] * (a[1] > 0) * P["x"][2]))),
    (r"\frac{\partial L}{\partial w_2} = (\hat{y} - y)(v_1 \mathbb{1}_{\{a_1>0\}} x_1 + v_2 \mathbb{1}_{\{a_2>0\}} x_2)",
     lambda P, a, o, r, i: (fd(D_L, P, "w", 1), r * (P["v"][0] * (a[0] > 0) * P["x"][0] + P["v"][1] * (a[1] > 0) * P["x"][1]))),
    (r"\frac{\partial L}{\partial v_i} = (\hat{y} - y) o_i",
     lambda P, a, o, r, i: (fd(D_L, P, "v", i), r * o[i])),
    (r"\frac{\partial L}{\partial v_i} = (\hat{y} - y) a_i",
     lambda P, a, o, r, i: (fd(D_L, P, "v", i), r * a[i])),
    (r"\frac{\partial L}{\partial a_1} = (\hat{y} - y) v_1 \mathbb{1}_{\{a_1 > 0\}}",
     lambda P, a, o, r, i: (D_from_a(P, 0), r * P["v"][0] * (a[0] > 0))),
    (r"\frac{\partial \hat{y}}{\partial w_1} = \sum_{i=1}^{2} v_i \mathbb{1}_{\{a_i>0\}} x_i",
     lambda P, a, o, r, i: (fd(lambda Q: D_forward(Q)[2], P, "w", 0), sum(P["v"][t] * (a[t] > 0) * P["x"][t] for t in range(2)))),
    (r"\frac{\partial L}{\partial w_1} = \sum_{i=1}^{2} \frac{\partial L}{\partial a_i} x_i",
     lambda P, a, o, r, i: (fd(D_L, P, "w", 0), sum(D_from_a(P, t) * P["x"][t] for t in range(2)))),
    (r"\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial a_1} x_1",
     lambda P, a, o, r, i: (fd(D_L, P, "w", 0), D_from_a(P, 0) * P["x"][0])),
    (r"\frac{\partial L}{\partial \hat{y}} = \hat{y} - y",
     lambda P, a, o, r, i: (fd(lambda Q: 0.5 * (Q["yhat"] - Q["y"]) ** 2, {**P, "yhat": np.array(r + P["y"])}, "yhat"), r)),
    (r"\frac{\partial L}{\partial \hat{y}} = 2(\hat{y} - y)",
     lambda P, a, o, r, i: (fd(lambda Q: 0.5 * (Q["yhat"] - Q["y"]) ** 2, {**P, "yhat": np.array(r + P["y"])}, "yhat"), 2 * r)),
]


def test_shared_convolution_weight():
    def params(size, rng):
        # both signs of a1, a2 over the draws: the indicator terms must matter
        return {"x": rng.normal(size=3) * 2, "w": rng.normal(size=2), "v": rng.normal(size=2), "y": rng.normal()}

    def wrap(f):
        def g(P, I):
            a, o, yhat = D_forward(P)
            return f(P, a, o, yhat - P["y"], I["i"])
        return g

    steps = [(s, wrap(f)) for s, f in D]
    text, truth = cases("D", NOTATIONS["convolution"], [{"n": 1}, {"n": 2}, {"n": 3}], {"i": 2}, params, steps)
    run(text, truth)


# --- E: a loss averaged over a batch of n examples ------------------------------------------------
E_DEFS = r"""$$R := \frac{1}{n} \sum_{i=1}^{n} \frac{1}{2} (w x_i - y_i)^2$$
$$Q := \frac{1}{n} \sum_{i=1}^{n} \log(1 + e^{-y_i w x_i})$$"""


def E_R(P):
    return np.mean(0.5 * (P["w"] * P["x"] - P["y"]) ** 2)


def E_Q(P):
    return np.mean(np.log1p(np.exp(-P["y"] * P["w"] * P["x"])))


E = [
    (r"\frac{\partial R}{\partial w} = \frac{1}{n} \sum_{i=1}^{n} (w x_i - y_i) x_i",
     lambda P, r, j: (fd(E_R, P, "w"), np.mean(r * P["x"]))),
    (r"\frac{\partial R}{\partial w} = \sum_{i=1}^{n} (w x_i - y_i) x_i",
     lambda P, r, j: (fd(E_R, P, "w"), np.sum(r * P["x"]))),
    (r"\frac{\partial R}{\partial w} = \frac{2}{n} \sum_{i=1}^{n} (w x_i - y_i) x_i",
     lambda P, r, j: (fd(E_R, P, "w"), 2 * np.mean(r * P["x"]))),
    (r"\frac{\partial R}{\partial y_j} = -\frac{1}{n} (w x_j - y_j)",
     lambda P, r, j: (fd(E_R, P, "y", j), -r[j] / len(r))),
    (r"\frac{\partial R}{\partial x_j} = \frac{w}{n} (w x_j - y_j)",
     lambda P, r, j: (fd(E_R, P, "x", j), P["w"] * r[j] / len(r))),
    (r"\frac{\partial R}{\partial x_j} = \frac{1}{n} (w x_j - y_j)",
     lambda P, r, j: (fd(E_R, P, "x", j), r[j] / len(r))),
    (r"\frac{\partial Q}{\partial w} = -\frac{1}{n} \sum_{i=1}^{n} y_i x_i \sigma(-y_i w x_i)",
     lambda P, r, j: (fd(E_Q, P, "w"), -np.mean(P["y"] * P["x"] * sigmoid(-P["y"] * P["w"] * P["x"])))),
    (r"\frac{\partial Q}{\partial w} = \frac{1}{n} \sum_{i=1}^{n} y_i x_i \sigma(-y_i w x_i)",
     lambda P, r, j: (fd(E_Q, P, "w"), np.mean(P["y"] * P["x"] * sigmoid(-P["y"] * P["w"] * P["x"])))),
    (r"\frac{\partial R}{\partial w} = \frac{1}{n} \sum_{i=1}^{n} (w x^{(i)} - y^{(i)}) x^{(i)}",
     lambda P, r, j: (fd(E_R, P, "w"), np.mean(r * P["x"]))),
]


def test_batch_averaged_loss():
    def params(size, rng):
        n = size["n"]
        return {"w": np.array(rng.normal()), "x": rng.normal(size=n), "y": rng.normal(size=n)}

    steps = [(s, lambda P, I, f=f: f(P, P["w"] * P["x"] - P["y"], I["j"])) for s, f in E]
    text, truth = cases("E", E_DEFS, [{"n": 2}, {"n": 3}], {"j": "n"}, params, steps)
    run(text, truth)


def test_at_least_forty_steps_both_ways():
    assert len(A) + len(B) + len(C) + len(D) + len(E) >= 40


def test_cli_derivation_with_the_key_of_a_generated_exercise(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).parent.parent
    gen = subprocess.run([sys.executable, "-m", "tdgrad", "generate", str(root / "examples" / "td-classification.toml"),
                          "--tex-only", "--out", str(tmp_path)], capture_output=True, text=True)
    assert gen.returncode == 0, gen.stderr
    key = tmp_path / "td-classification" / "answers.json"
    copie = tmp_path / "copie.tex"
    # the second step is seed 001 #9's slip: ∂o_k^s where ∂o_k^a is meant
    copie.write_text("Pour $k \\neq y$, $\\frac{\\partial L}{\\partial o_k^a} = o_k^s$\n\n"
                     "$$\\frac{\\partial L}{\\partial W_{kj}^{(2)}} = o_k^s \\cdot \\frac{\\partial o_k^s}{\\partial W_{kj}^{(2)}}"
                     " \\quad (k \\neq y)$$\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "tdgrad", "derivation", str(copie), "--key", str(key), "--json"],
                       capture_output=True, text=True)
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data["first_wrong_step"] == 2
    assert data["steps"][0]["verdict"].startswith("holds") and data["steps"][1]["verdict"] == "fails"
    assert "o_{k}^{a}" in data["steps"][1]["reason"]  # names the factor that differs
    without = subprocess.run([sys.executable, "-m", "tdgrad", "derivation", str(copie), "--json"],
                             capture_output=True, text=True)
    assert json.loads(without.stdout)["steps"][0]["verdict"] == "undecided"  # L is not defined then
    bad = subprocess.run([sys.executable, "-m", "tdgrad", "derivation", str(copie), "--key", str(key), "--exercise", "5"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--exercise 5" in bad.stderr


def test_as_a_hurried_student_types_it():
    """Unicode, ∂L/∂x inline, Σ without bounds, 'pour k≠y' in French, 𝟙 without braces: the same
    verdicts as the typeset forms above (truth: family B, established by finite differences)."""
    text = (B_DEFS + "\n"
            "$∂L/∂z_k = s_k - δ_{ky}$\n"
            "$∂L/∂z_k = s_k$ pour k≠y\n"
            "$∂L/∂z_k = s_k - 1$ pour k≠y\n"
            "$\\sum_k ∂L/∂z_k = 0$\n"
            "$∂L/∂z_k = s_k - \\mathbb 1_{k=y}$\n"
            "$∂L/∂z_k = s_k + δ_{ky}$\n")
    steps, first = check(text, symbolic=False)
    assert [s.verdict.equivalent for s in steps] == [True, True, False, True, True, False]
    assert [s.verdict.verdict for s in steps].count("not equivalent") == 2
    assert first == 3 and steps[2].verdict.reason.startswith("(k ≠ y)")
    # Σ_k (s_k − δ_ky) = 1 − 1 = 0 by hand; the wrong sign of δ is the usual slip
    z = np.random.default_rng(3).normal(size=4)
    assert abs(sum(fd(lambda Q: -np.log(softmax(Q["z"])[1]), {"z": z}, "z", k) for k in range(4))) < 1e-6

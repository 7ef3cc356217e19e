"""Students' answers to the classification exercise's array questions (numpy and matrix notation),
right and wrong, written as students write them; shared by tests/test_arrays_answers.py and
bench/bench_arrays.py.

Each row is (question, answer, meaning, mistake). ``meaning`` is None for a numpy answer (its truth is
the answer itself, run by real numpy in the test); for the course's notation it is the test's own
numpy reading of it ("" when it is not a well-formed product or sum, hence wrong). ``mistake`` is the
code tdgrad must name, when one is expected. Classes are numbered from 0, as tdgrad's statement says.
"""

import ast

import numpy as np

from tdgrad.exercises import classification

OA, B2, W2, HS, HA, W1, B1 = ("q8.grad_oa", "q10.grad_b2", "q10.grad_W2", "q12.grad_hs", "q14.grad_ha",
                              "q16.grad_W1", "q16.grad_b1")

ANSWERS = [
    # ∂L/∂oᵃ in numpy
    (OA, "os - np.eye(m)[y]", None, None),
    (OA, "grad_oa = os - np.eye(m)[y]", None, None),
    (OA, "os - np.identity(m)[y]", None, None),
    (OA, "os - (np.arange(m) == y)", None, None),
    (OA, "os - (np.arange(m) == y).astype(float)", None, None),
    (OA, "numpy.subtract(os, numpy.eye(m)[y])", None, None),
    (OA, "g = os.copy()\ng[y] -= 1\ng", None, None),
    (OA, "g = os.copy(); g[y] = g[y] - 1", None, None),
    (OA, "os - np.eye(m)[:, y]", None, None),
    (OA, "os - np.eye(m, m)[y]", None, None),
    (OA, "os - np.array([1.0 if k == y else 0.0 for k in range(m)])", None, None),
    (OA, "os - np.array([k == y for k in range(len(os))])", None, None),
    (OA, "-(np.eye(m)[y] - os)", None, None),
    (OA, "np.exp(oa) / np.exp(oa).sum() - np.eye(m)[y]", None, None),
    (OA, "np.exp(oa) / np.sum(np.exp(oa)) - np.eye(m)[y]", None, None),
    (OA, "os - np.where(np.arange(m) == y, 1, 0)", None, None),
    (OA, "os-np.eye(m)[y,:]", None, None),
    (OA, "onehot = np.zeros(m); onehot[y] = 1; grad_oa = os - onehot", None, None),
    (OA, "os - np.eye(len(os))[y]", None, None),
    (OA, "np.exp(oa - oa.max()) / np.exp(oa - oa.max()).sum() - np.eye(m)[y]", None, None),
    (OA, "os - np.eye(m)[y].T", None, None),
    (OA, "import numpy as np\ngrad_oa = os - np.eye(m)[y]", None, None),
    (OA, "os - np.eye(m)[y-1]", None, "onehot_shifted"),
    (OA, "os - np.eye(m)[y+1]", None, "onehot_shifted"),
    (OA, "os - np.array([0, 1, 0])", None, "onehot_literal"),
    (OA, "os - np.array([0., 0., 1.])", None, None),
    (OA, "os - np.eye(3)[y]", None, None),
    (OA, "np.eye(m)[y] - os", None, "sign"),
    (OA, "os + np.eye(m)[y]", None, None),
    (OA, "os - 1", None, None),
    (OA, "os - y", None, None),
    (OA, "os", None, None),
    (OA, "oa - np.eye(m)[y]", None, None),
    (OA, "np.eye(m)[y]", None, None),
    (OA, "os[y] - 1", None, None),
    (OA, "os - np.ones(m)", None, None),
    (OA, "np.log(os) - np.eye(m)[y]", None, None),
    (OA, "grad_oa", None, None),
    (OA, "os - np.eye(m)[y].reshape(m, 1)", None, None),
    # ∂L/∂oᵃ in the course's notation
    (OA, r"o^s - \text{onehot}_m(y)", "os - np.eye(m)[y]", None),
    (OA, "o^s - e_y", "os - np.eye(m)[y]", None),
    (OA, "O^s - onehot(y)", "os - np.eye(m)[y]", None),
    (OA, r"$o^s - \mathrm{onehot}_m(y)$", "os - np.eye(m)[y]", None),
    (OA, r"\frac{\partial L}{\partial o^a} = o^s - e_{y}", "os - np.eye(m)[y]", None),
    (OA, "o^s − onehot_m(y)", "os - np.eye(m)[y]", None),
    (OA, r"o^s - \operatorname{onehot}_{m}(y)", "os - np.eye(m)[y]", None),
    (OA, r"o^s - e_{y-1}", "os - np.eye(m)[y-1]", "onehot_shifted"),
    (OA, "e_y - o^s", "np.eye(m)[y] - os", "sign"),
    (OA, "o^s", "os", None),
    (OA, "o^a - e_y", "oa - np.eye(m)[y]", None),
    (OA, "o^s - e_y^T", "", None),
    (OA, r"o^s - \text{onehot}_m(y - 1)", "os - np.eye(m)[y-1]", "onehot_shifted"),
    (OA, r"o^s - \text{np.eye}(m)[y]", "os - np.eye(m)[y]", None),
    # ∂L/∂b⁽²⁾
    (B2, "grad_oa", None, None),
    (B2, "grad_b2 = grad_oa", None, None),
    (B2, "os - np.eye(m)[y]", None, None),
    (B2, "grad_oa.copy()", None, None),
    (B2, "grad_oa * 1", None, None),
    (B2, "grad_oa.ravel()", None, None),
    (B2, "grad_oa.flatten()", None, None),
    (B2, r"\frac{\partial L}{\partial o^a}", "grad_oa", None),
    (B2, r"o^s - \text{onehot}_m(y)", "os - np.eye(m)[y]", None),
    (B2, "grad_oa.sum()", None, None),
    (B2, "np.outer(grad_oa, hs)", None, None),
    (B2, "b2 - grad_oa", None, None),
    (B2, "grad_oa.reshape(m, 1)", None, "shape"),
    (B2, "grad_oa[:, None]", None, "shape"),
    (B2, "O^s - np.eye(m)[y-1]", "os - np.eye(m)[y-1]", "onehot_shifted"),
    (B2, "np.sum(grad_oa, axis=0)", None, None),
    # ∂L/∂W⁽²⁾ in numpy
    (W2, "np.outer(grad_oa, hs)", None, None),
    (W2, "np.outer(os - np.eye(m)[y], hs)", None, None),
    (W2, "grad_oa[:, None] * hs[None, :]", None, None),
    (W2, "grad_oa[:, np.newaxis] * hs", None, None),
    (W2, "grad_oa.reshape(-1, 1) @ hs.reshape(1, -1)", None, None),
    (W2, "grad_oa.reshape(m, 1).dot(hs.reshape(1, d_h))", None, None),
    (W2, "np.einsum('i,j->ij', grad_oa, hs)", None, None),
    (W2, "np.dot(grad_oa[:, None], hs[None, :])", None, None),
    (W2, "np.outer(grad_oa, hs.T)", None, None),
    (W2, "np.outer(os, hs) - np.outer(np.eye(m)[y], hs)", None, None),
    (W2, "np.outer(os, hs) - np.vstack([np.zeros((y, d_h)), hs, np.zeros((m - y - 1, d_h))])", None, None),
    (W2, "np.matmul(grad_oa[:, None], hs[None, :])", None, None),
    (W2, "np.array([g * hs for g in grad_oa])", None, None),
    (W2, "np.array([[grad_oa[k] * hs[j] for j in range(d_h)] for k in range(m)])", None, None),
    (W2, "np.kron(grad_oa[:, None], hs[None, :])", None, None),
    (W2, "grad_W2 = np.outer(grad_oa, hs)", None, None),
    (W2, "np.outer(hs, grad_oa)", None, "transposed"),
    (W2, "np.dot(grad_oa, hs)", None, None),
    (W2, "grad_oa * hs", None, None),
    (W2, "np.outer(grad_oa, ha)", None, "missing_mask"),
    (W2, "np.outer(os, hs)", None, None),
    (W2, "np.outer(grad_oa, x)", None, None),
    (W2, "grad_oa @ hs", None, None),
    (W2, "np.outer(grad_oa, hs).T", None, "transposed"),
    (W2, "hs[:, None] * grad_oa[None, :]", None, "transposed"),
    (W2, "np.einsum('i,j->ji', grad_oa, hs)", None, "transposed"),
    (W2, "np.einsum('ij,j->i', grad_oa, hs)", None, "array_fails"),
    (W2, "2 * np.outer(grad_oa, hs)", None, "factor"),
    (W2, "np.outer(os - np.eye(m)[y-1], hs)", None, "onehot_shifted"),
    (W2, "grad_oa.T @ hs", None, None),
    # ∂L/∂W⁽²⁾ in the course's notation
    (W2, r"(o^s - \text{onehot}_m(y)) {h^s}^\top", "np.outer(os - np.eye(m)[y], hs)", None),
    (W2, "(o^s - e_y) h^{sT}", "np.outer(os - np.eye(m)[y], hs)", None),
    (W2, r"\frac{\partial L}{\partial o^a} (h^s)^T", "np.outer(grad_oa, hs)", None),
    (W2, r"\frac{\partial L}{\partial o^a} \cdot h^{s\top}", "np.outer(grad_oa, hs)", None),
    (W2, "(o^s - e_y)·(h^s)ᵀ", "np.outer(os - np.eye(m)[y], hs)", None),
    (W2, "∂L/∂o^a · h^sᵀ", "np.outer(grad_oa, hs)", None),
    (W2, "(o^s - e_y) {h^s}'", "np.outer(os - np.eye(m)[y], hs)", None),
    (W2, "o^s {h^s}^T - e_y {h^s}^T", "np.outer(os, hs) - np.outer(np.eye(m)[y], hs)", None),
    (W2, r"\frac{\partial L}{\partial W^{(2)}} = (o^s - e_y)\, {h^s}^\top", "np.outer(os - np.eye(m)[y], hs)", None),
    (W2, "np.outer(O^s, h^s) - np.concatenate((np.zeros((y, d_h)), h^s.reshape(1, d_h), np.zeros((m-y-1, d_h))))",
     "np.outer(os, hs) - np.concatenate((np.zeros((y, d_h)), hs.reshape(1, d_h), np.zeros((m-y-1, d_h))))", None),
    (W2, "(o^s - e_y) h^s", "", "array_fails"),
    (W2, "h^s (o^s - e_y)^T", "np.outer(hs, os - np.eye(m)[y])", "transposed"),
    (W2, "(o^s - e_y)^T h^s", "", None),
    (W2, r"\frac{\partial L}{\partial o^a} \odot h^s", "", None),
    (W2, "W^{(2)T} (o^s - e_y)", "W2.T @ (os - np.eye(m)[y])", "outer_needed"),
    (W2, "np.outer(O^s, h^s) - np.concatenate((np.zeros((y-1, d_h)), h^s.reshape(1, d_h), np.zeros((m-y, d_h))))",
     "np.outer(os, hs) - np.concatenate((np.zeros((y-1, d_h)), hs.reshape(1, d_h), np.zeros((m-y, d_h))))",
     "onehot_shifted"),
    # ∂L/∂hˢ in numpy
    (HS, "W2.T @ grad_oa", None, None),
    (HS, "W2.T.dot(grad_oa)", None, None),
    (HS, "np.dot(W2.T, grad_oa)", None, None),
    (HS, "grad_oa @ W2", None, None),
    (HS, "np.transpose(W2) @ grad_oa", None, None),
    (HS, "W2.transpose().dot(os - np.eye(m)[y])", None, None),
    (HS, "np.einsum('ij,i->j', W2, grad_oa)", None, None),
    (HS, "np.einsum('ji,j', W2, grad_oa)", None, None),
    (HS, "(W2 * grad_oa[:, None]).sum(axis=0)", None, None),
    (HS, "np.sum(W2 * grad_oa[:, None], axis=0)", None, None),
    (HS, "W2.T @ os - W2[y]", None, None),
    (HS, "W2.T @ os - W2[y, :]", None, None),
    (HS, "np.array([sum(grad_oa[k] * W2[k, j] for k in range(m)) for j in range(d_h)])", None, None),
    (HS, "np.matmul(W2.T, grad_oa)", None, None),
    (HS, "grad_oa.dot(W2)", None, None),
    (HS, "W2.T @ grad_oa.T", None, None),
    (HS, "W2 @ grad_oa", None, None),
    (HS, "W2.T @ os", None, None),
    (HS, "W2.T @ os - W2[y-1, :]", None, "onehot_shifted"),
    (HS, "grad_oa @ W2.T", None, None),
    (HS, "W2.T @ grad_oa * (ha > 0)", None, None),
    (HS, "-W2.T @ grad_oa", None, "sign"),
    (HS, "W1.T @ grad_oa", None, None),
    (HS, "grad_hs", None, None),
    # ∂L/∂hˢ in the course's notation
    (HS, "W^{(2)T} o^s - W^{(2)}[y,:]^T", "W2.T @ os - W2[y]", None),
    (HS, r"{W^{(2)}}^\top \frac{\partial L}{\partial o^a}", "W2.T @ grad_oa", None),
    (HS, r"W^{(2)\top} (o^s - e_y)", "W2.T @ (os - np.eye(m)[y])", None),
    (HS, r"W^{(2)T} \cdot (o^s - \text{onehot}_m(y))", "W2.T @ (os - np.eye(m)[y])", None),
    (HS, "W2^T · grad_oa", "W2.T @ grad_oa", None),
    (HS, "W2^T · os - W2[y, :]^T", "W2.T @ os - W2[y]", None),
    (HS, r"\frac{\partial L}{\partial h^s} = W^{(2)T} \frac{\partial L}{\partial o^a}", "W2.T @ grad_oa", None),
    (HS, "(W^{(2)})' (o^s - e_y)", "W2.T @ (os - np.eye(m)[y])", None),
    (HS, "W2^T · os - W2[y-1, :]^T", "W2.T @ os - W2[y-1]", "onehot_shifted"),
    (HS, "W^{(2)} (o^s - e_y)", "", None),
    (HS, "W^{(2)T} o^s - W^{(2)}[y-1,:]^T", "W2.T @ os - W2[y-1]", "onehot_shifted"),
    (HS, "W^{(2)T} o^s - W^{(2)}[y,:]", "", None),
    (HS, r"W^{(2)T} o^s", "W2.T @ os", None),
    # ∂L/∂hᵃ in numpy
    (HA, "grad_hs * (ha > 0)", None, None),
    (HA, "grad_hs * (hs > 0)", None, None),
    (HA, "np.multiply(grad_hs, ha > 0)", None, None),
    (HA, "np.where(ha > 0, grad_hs, 0)", None, None),
    (HA, "grad_hs * (ha > 0).astype(float)", None, None),
    (HA, "grad_hs * np.heaviside(ha, 0)", None, None),
    (HA, "(W2.T @ grad_oa) * (ha > 0)", None, None),
    (HA, "vector_indicator = np.array([1 if e > 0 else 0 for e in hs])\n"
         "grad_ha = np.multiply(grad_hs, vector_indicator)", None, None),
    (HA, "grad_hs * np.array([1 if a > 0 else 0 for a in ha])", None, None),
    (HA, "np.array([g if a > 0 else 0 for g, a in zip(grad_hs, ha)])", None, None),
    (HA, "grad_hs * (np.sign(ha) + 1) / 2", None, None),
    (HA, "grad_hs * (ha >= 0)", None, None),
    (HA, "mask = ha > 0\ngrad_ha = grad_hs.copy()\ngrad_ha[~mask] = 0", None, None),
    (HA, "grad_hs * np.maximum(ha, 0) / ha", None, None),
    (HA, "grad_hs * (ha > 0).astype(int)", None, None),
    (HA, "grad_hs", None, "missing_mask"),
    (HA, "grad_hs * (ha < 0)", None, None),
    (HA, "grad_hs * ha", None, None),
    (HA, "grad_hs * hs", None, None),
    (HA, "np.maximum(grad_hs, 0)", None, None),
    (HA, "grad_hs * (ha > 0) * ha", None, None),
    (HA, "grad_hs @ (ha > 0)", None, None),
    (HA, "np.dot(grad_hs, ha > 0)", None, None),
    (HA, "grad_hs * (ha > 0)[:, None]", None, None),
    # ∂L/∂hᵃ in the course's notation
    (HA, r"\frac{\partial L}{\partial h^s} \odot \mathbb{1}_{\{h^a>0\}}", "grad_hs * (ha > 0)", None),
    (HA, "∂L/∂h^s ⊙ 𝟙(h^a > 0)", "grad_hs * (ha > 0)", None),
    (HA, r"\frac{\partial L}{\partial h^s} \odot \mathbf{1}[h^a > 0]", "grad_hs * (ha > 0)", None),
    (HA, r"\frac{\partial L}{\partial h^s} ∘ relu'(h^a)", "grad_hs * (ha > 0)", None),
    (HA, r"(W^{(2)T}(o^s - e_y)) \odot \mathbb{1}_{h^a > 0}", "(W2.T @ (os - np.eye(m)[y])) * (ha > 0)", None),
    (HA, r"\left( \frac{\partial L}{\partial h^s} \right) \odot \mathbb{1}_{\{h^a > 0\}}(h^a)",
     "grad_hs * (ha > 0)", None),
    (HA, r"\frac{\partial L}{\partial h^a} = \frac{\partial L}{\partial h^s} \odot \mathbb{1}_{\{h^a \geq 0\}}",
     "grad_hs * (ha >= 0)", None),
    (HA, r"\frac{\partial L}{\partial h^s}", "grad_hs", "missing_mask"),
    (HA, r"\frac{\partial L}{\partial h^s} \cdot \mathbb{1}_{\{h^a>0\}}", "", None),
    (HA, r"\frac{\partial L}{\partial h^s} \odot \mathbb{1}_{\{h^a<0\}}", "grad_hs * (ha < 0)", None),
    (HA, r"\frac{\partial L}{\partial h^s} \odot h^a", "grad_hs * ha", None),
    # ∂L/∂W⁽¹⁾ and ∂L/∂b⁽¹⁾
    (W1, "np.outer(grad_ha, x)", None, None),
    (W1, "grad_ha[:, None] * x[None, :]", None, None),
    (W1, "grad_ha[:, None] * x", None, None),
    (W1, "np.einsum('i,j->ij', grad_ha, x)", None, None),
    (W1, "grad_ha.reshape(-1, 1) @ x.reshape(1, -1)", None, None),
    (W1, "np.outer(grad_hs * (ha > 0), x)", None, None),
    (W1, "np.outer(x, grad_ha)", None, "transposed"),
    (W1, "np.dot(grad_ha, x)", None, None),
    (W1, "np.outer(grad_hs, x)", None, "missing_mask"),
    (W1, "grad_ha * x", None, None),
    (W1, "np.outer(grad_ha, hs)", None, None),
    (W1, r"\frac{\partial L}{\partial h^a} \cdot x^T", "np.outer(grad_ha, x)", None),
    (W1, r"\frac{\partial L}{\partial h^a} x^\top", "np.outer(grad_ha, x)", None),
    (W1, "∂L/∂h^a · xᵀ", "np.outer(grad_ha, x)", None),
    (W1, r"\frac{\partial L}{\partial W^{(1)}} = \frac{\partial L}{\partial h^a} x^T", "np.outer(grad_ha, x)", None),
    (W1, r"\frac{\partial L}{\partial h^a} \cdot x", "", None),
    (W1, r"x^T \frac{\partial L}{\partial h^a}", "", None),
    (W1, r"x \frac{\partial L}{\partial h^a}^T", "np.outer(x, grad_ha)", "transposed"),
    (B1, "grad_ha", None, None),
    (B1, "grad_hs * (ha > 0)", None, None),
    (B1, r"\frac{\partial L}{\partial h^a}", "grad_ha", None),
    (B1, "grad_hs", None, "missing_mask"),
    (B1, "np.outer(grad_ha, x)", None, None),
    (B1, "grad_ha.sum()", None, None),
    # hurried writing first refused, now read (regressions)
    (HS, "W^{(2)^T}(o^s-e_y)", "W2.T @ (os - np.eye(m)[y])", None),
    (W2, "(o^s-e_y)h^{s^T}", "np.outer(os - np.eye(m)[y], hs)", None),
    (HS, "W^{(2)t} (o^s - e_y)", "W2.T @ (os - np.eye(m)[y])", None),
    (W1, r"\frac{\partial L}{\partial h^a} x^t", "np.outer(grad_ha, x)", None),
    (HA, r"\mathbb{1}\{h^a>0\} \odot \frac{\partial L}{\partial h^s}", "grad_hs * (ha > 0)", None),
    (HA, r"diag(\mathbb{1}_{h^a>0}) \frac{\partial L}{\partial h^s}", "np.diag(ha > 0) @ grad_hs", None),
    (HA, r"\frac{\partial L}{\partial h^s} \odot H(h^a)", "grad_hs * (ha > 0)", None),
    (HA, r"\frac{\partial L}{\partial h^s} \odot \text{relu}\prime(h^a)", "grad_hs * (ha > 0)", None),
    (OA, "softmax(o^a) - e_y", "np.exp(oa) / np.exp(oa).sum() - np.eye(m)[y]", None),
    (OA, "o^s - 𝟙_y", "os - np.eye(m)[y]", None),
    (OA, "o^s - 𝟙_{y-1}", "os - np.eye(m)[y-1]", "onehot_shifted"),
    (HS, "{}^tW^{(2)} (o^s - e_y)", "W2.T @ (os - np.eye(m)[y])", None),
    (HS, r"{}^t\!W^{(2)} \frac{\partial L}{\partial o^a}", "W2.T @ grad_oa", None),
    (HS, "^{t}W2 @ grad_oa", "W2.T @ grad_oa", None),
    (W1, r"x^t \frac{\partial L}{\partial h^a}", "", None),
    (HA, r"diag(\mathbb{1}_{h^a>0}) \odot \frac{\partial L}{\partial h^s}", "", None),
    (HS, "W2.T@(os-np.eye(m)[y])", None, None),
    (W1, "grad_ha[:,None]@x[None,:]", None, None),
    (W2, "np.dot(grad_oa.reshape(m,1), hs.reshape(1,d_h))", None, None),
    (HA, "grad_hs*(ha>0)*1.", None, None),
]


def classification_key(seed: int, d=3, d_h=3, m=3) -> dict:
    rng = np.random.default_rng(seed)
    params = {"d": d, "d_h": d_h, "m": m, "x": rng.normal(size=d).tolist(), "y": int(rng.integers(m)),
              "weights": [rng.normal(size=(d_h, d)).tolist(), rng.normal(size=(m, d_h)).tolist()],
              "biases": [rng.normal(size=d_h).tolist(), rng.normal(size=m).tolist()]}
    return classification.solve(params, "1").answers


def real_numpy(text: str, env: dict, name: str):
    """Run ``text`` with Python and numpy (never done by tdgrad on a student's text)."""
    ns = {"np": np, "numpy": np, **{k: np.array(v, dtype=float) if isinstance(v, list) else v
                                    for k, v in env.items() if k != name}}
    tree = ast.parse(text)
    *body, last = tree.body
    exec(compile(ast.Module(body, []), "<answer>", "exec"), ns)
    if isinstance(last, ast.Expr):
        return np.asarray(eval(compile(ast.Expression(last.value), "<answer>", "eval"), ns), dtype=float)
    exec(compile(ast.Module([last], []), "<answer>", "exec"), ns)
    target = last.targets[0] if isinstance(last, ast.Assign) else last.target
    if isinstance(target, ast.Name):
        return np.asarray(ns[name] if name in ns and name in text.split("=")[0] else ns[target.id], dtype=float)
    return np.asarray(ns[target.value.id], dtype=float)


def truth(ref: dict, answer: str, meaning) -> bool:
    if meaning == "":
        return False  # not a well-formed product or sum of the course's notation
    for env in ref.envs:
        want = real_numpy(ref.expression, env, ref.name)
        try:
            with np.errstate(all="ignore"):
                got = real_numpy(meaning or answer, env, ref.name)
        except Exception:  # numpy refuses it: wrong
            return False
        if got.shape != want.shape or not np.allclose(got, want, rtol=1e-6, atol=1e-9):
            return False
    return True

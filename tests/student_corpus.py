"""Answers to this course's questions typed the way hurried French students type them.

Each question has its variables (as the answer key names them) and its key written here as numpy
code. Each answer is the text a student typed, a label and what the student *meant*, transcribed
by hand into numpy code (never by the reader under test):

- ``"right"`` / ``"wrong"``: the meaning is a numpy function; the test checks numerically that the
  label is true (meaning = key at random points, or not), then that the reader reads the text as
  that meaning.
- ``"refuse"``: the text must be refused with a message. ``meant`` is the pair of readings a person
  could give it (the test checks they differ, so refusing is justified), or None when the text is
  not mathematics the course accepts (a misspelt function).

``tests/test_student_corpus.py`` runs it; ``bench/bench_reader.py`` reports the figures.
"""

from __future__ import annotations

import numpy as np
from numpy import abs, cos, cosh, exp, log, sign, sin, sinh, sqrt, tan, tanh  # noqa: A004


def sig(z):
    return 1 / (1 + exp(-z))


def H(z):
    return (z > 0) * 1.0


def sech(z):
    return 1 / cosh(z)


# id: (variables, key, sampling box per variable (default -2..2))
QUESTIONS = {
    "sigmoid.y": ("a x", lambda a, x: 1 / (1 + exp(-a * x)), {}),
    "sigmoid.dx": ("a x", lambda a, x: a * sig(a * x) * (1 - sig(a * x)), {}),
    "sigmoid.da": ("a x", lambda a, x: x * sig(a * x) * (1 - sig(a * x)), {}),
    "id.dsigmoid": ("x", lambda x: sig(x) * (1 - sig(x)), {}),
    "id.dtanh": ("x", lambda x: 1 - tanh(x) ** 2, {}),
    "id.sigmoid_tanh": ("x", lambda x: sig(x), {}),
    "id.ln_sigmoid": ("x", lambda x: -log(1 + exp(-x)), {}),
    "id.dabs": ("x", lambda x: sign(x), {}),
    "mlp.loss": ("y yhat", lambda y, yhat: (y - yhat) ** 2 / 2, {}),
    "mlp.dL_dyhat": ("y yhat", lambda y, yhat: yhat - y, {}),
    "mlp.dL_da3": ("y yhat", lambda y, yhat: (yhat - y) * (1 - yhat ** 2), {}),
    "mlp.dL_dw31": ("h_1 h_3 y", lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2) * h1, {}),
    "conv.dv1": ("e o_1", lambda e, o1: -e * o1, {}),
    "conv.dw1": ("a_1 a_2 e v_1 v_2 x_1 x_2",
                 lambda a1, a2, e, v1, v2, x1, x2: -e * (v1 * x1 * H(a1) + v2 * x2 * H(a2)), {}),
    "sgd.gradient": ("w x y", lambda w, x, y: x * (w * x - y), {}),
    "neuron.dw": ("b w x y", lambda b, w, x, y: (w * x + b - y) * x, {}),
    "net.slope": ("x", lambda x: 3 * (1 - tanh(x + 0.25) ** 2) - 6 * (1 - tanh(3 * x - 0.25) ** 2)
                  - 20 * (1 - tanh(10 * x + 5) ** 2), {}),
    "relu.d": ("a", lambda a: H(a), {}),
    "bce.dz": ("y z", lambda y, z: sig(z) - y, {}),
    "softmax.d11": ("s_1", lambda s1: s1 * (1 - s1), {"s_1": (0.05, 0.95)}),
    "softmax.dz1": ("z_1 z_2", lambda z1, z2: exp(z1) * exp(z2) / (exp(z1) + exp(z2)) ** 2, {}),
    "sqrt.d": ("x", lambda x: x / sqrt(x ** 2 + 1), {}),
    "trace.dx1": ("x1 x2", lambda x1, x2: x2 + cos(x1), {}),
    "trace.dx2": ("x1 x2", lambda x1, x2: x1, {}),
    "softplus.d": ("x", lambda x: sig(x), {}),
    "tanh.dw": ("x y yhat", lambda x, y, yhat: (yhat - y) * (1 - yhat ** 2) * x, {}),
    "mse.dw": ("b w x y", lambda b, w, x, y: 2 * x * (w * x + b - y), {}),
    "log2.d": ("x", lambda x: 1 / (x * log(2)), {"x": (0.1, 3.0)}),
    "ce.dp": ("p y", lambda p, y: (p - y) / (p * (1 - p)), {"p": (0.05, 0.95)}),
    "relu.out": ("b w x", lambda b, w, x: np.maximum(0, w * x + b), {}),
    "cbrt": ("x", lambda x: np.cbrt(x), {}),
    "tan.d": ("x", lambda x: 1 / cos(x) ** 2, {"x": (-1.2, 1.2)}),
    "lnsinh.d": ("x", lambda x: cosh(x) / sinh(x), {"x": (0.1, 2.0)}),
    "lnsin.d": ("x", lambda x: cos(x) / sin(x), {"x": (0.1, 3.0)}),
    "tanh.exp": ("x", lambda x: tanh(x), {}),
    "l1.d": ("y yhat", lambda y, yhat: sign(yhat - y), {}),
    "leaky.d": ("x", lambda x: np.where(x > 0, 1.0, 0.01), {}),
    "dsig.a": ("a", lambda a: sig(a) * (1 - sig(a)), {}),
    "h1.value": ("", lambda: 0.7311, {}),
    "w.update": ("", lambda: 0.829, {}),
    "log.value": ("", lambda: 3.0, {}),
    "loss.value": ("", lambda: 0.0338, {}),
    "max.value": ("", lambda: 0.5, {}),
}

R, W, REFUSE = "right", "wrong", "refuse"

ANSWERS = [  # (question, text as typed, label, what the student meant)
    # sigmoid: y = 1/(1 + e^{-ax}), dy/dx, dy/da
    ("sigmoid.y", "1/(1+e^(-ax))", R, lambda a, x: 1 / (1 + exp(-a * x))),
    ("sigmoid.y", "1/(1+e^{-xa})", R, lambda a, x: 1 / (1 + exp(-x * a))),
    ("sigmoid.y", "σ(ax)", R, lambda a, x: sig(a * x)),
    ("sigmoid.y", r"\frac{1}{1+e^{-ax}}", R, lambda a, x: 1 / (1 + exp(-a * x))),
    ("sigmoid.y", "1/(1+e^(ax))", W, lambda a, x: 1 / (1 + exp(a * x))),
    ("sigmoid.dx", "a σ(ax)(1-σ(ax))", R, lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", "aσ(ax)(1−σ(ax))", R, lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", "ae^(-ax)/(1+e^(-ax))^2", R, lambda a, x: a * exp(-a * x) / (1 + exp(-a * x)) ** 2),
    ("sigmoid.dx", r"\frac{a e^{-ax}}{(1+e^{-ax})^{2}}", R, lambda a, x: a * exp(-a * x) / (1 + exp(-a * x)) ** 2),
    ("sigmoid.dx", r"a\sigma(ax)(1-\sigma(ax))", R, lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", "dy/dx = a*sigmoid(a*x)*(1-sigmoid(a*x))", R, lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", "σ(ax)(1-σ(ax))", W, lambda a, x: sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", "x σ(ax)(1-σ(ax))", W, lambda a, x: x * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.da", r"\frac{x e^{-xa}}{(1 + e^{-xa})^2}", R, lambda a, x: x * exp(-x * a) / (1 + exp(-x * a)) ** 2),
    ("sigmoid.da", "xσ(ax)(1-σ(ax))", R, lambda a, x: x * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.da", "x e^-ax / (1+e^-ax)²", REFUSE, (lambda a, x: x * exp(-a * x) / (1 + exp(-a * x)) ** 2,
                                                     lambda a, x: x * exp(-a) * x / (1 + exp(-a) * x) ** 2)),
    # identities
    ("id.dsigmoid", "σ(x)(1-σ(x))", R, lambda x: sig(x) * (1 - sig(x))),
    ("id.dsigmoid", r"\sigma(x)\left(1-\sigma(x)\right)", R, lambda x: sig(x) * (1 - sig(x))),
    ("id.dsigmoid", "e^-x/(1+e^-x)^2", R, lambda x: exp(-x) / (1 + exp(-x)) ** 2),
    ("id.dsigmoid", "1/(4cosh²(x/2))", R, lambda x: 1 / (4 * cosh(x / 2) ** 2)),
    ("id.dsigmoid", r"\frac{1}{4\cosh^2(x/2)}", R, lambda x: 1 / (4 * cosh(x / 2) ** 2)),
    ("id.dsigmoid", "1/(4ch²(x/2))", R, lambda x: 1 / (4 * cosh(x / 2) ** 2)),
    ("id.dsigmoid", "σ(x)(1+σ(x))", W, lambda x: sig(x) * (1 + sig(x))),
    ("id.dtanh", "1-tanh²(x)", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", "1 - th²x", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", "1-th(x)^2", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", r"1-\tanh^2(x)", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", r"1-\tanh^{2}x", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", "1/ch²(x)", R, lambda x: 1 / cosh(x) ** 2),
    ("id.dtanh", "sech²(x)", R, lambda x: sech(x) ** 2),
    ("id.dtanh", r"\text{sech}^2(x)", R, lambda x: sech(x) ** 2),
    ("id.dtanh", "1+tanh²(x)", W, lambda x: 1 + tanh(x) ** 2),
    ("id.sigmoid_tanh", "1/2(tanh(x/2)+1)", REFUSE, (lambda x: (tanh(x / 2) + 1) / 2,
                                                      lambda x: 1 / (2 * (tanh(x / 2) + 1)))),
    ("id.sigmoid_tanh", "(th(x/2)+1)/2", R, lambda x: (tanh(x / 2) + 1) / 2),
    ("id.sigmoid_tanh", r"\frac{1}{2}\left(\tanh\left(\frac{x}{2}\right)+1\right)", R, lambda x: (tanh(x / 2) + 1) / 2),
    ("id.sigmoid_tanh", "0,5(tanh(x/2)+1)", R, lambda x: 0.5 * (tanh(x / 2) + 1)),
    ("id.sigmoid_tanh", "0{,}5(1+\\tanh(x/2))", R, lambda x: 0.5 * (tanh(x / 2) + 1)),
    ("id.ln_sigmoid", "-ln(1+e^-x)", R, lambda x: -log(1 + exp(-x))),
    ("id.ln_sigmoid", "-softplus(-x)", R, lambda x: -log(1 + exp(-x))),
    ("id.ln_sigmoid", r"-\ln\left(1+\exp(-x)\right)", R, lambda x: -log(1 + exp(-x))),
    ("id.ln_sigmoid", "ln(1+e^-x)", W, lambda x: log(1 + exp(-x))),
    ("id.dabs", "sign(x)", R, lambda x: sign(x)),
    ("id.dabs", "x/|x|", R, lambda x: x / abs(x)),
    ("id.dabs", "|x|/x", R, lambda x: abs(x) / x),
    # the MLP with tanh output
    ("mlp.loss", "½(y-ŷ)²", R, lambda y, yhat: (y - yhat) ** 2 / 2),
    ("mlp.loss", r"\frac{1}{2}(y-\hat{y})^2", R, lambda y, yhat: (y - yhat) ** 2 / 2),
    ("mlp.loss", "0,5 (y - ŷ)^2", R, lambda y, yhat: 0.5 * (y - yhat) ** 2),
    ("mlp.loss", "(y-ŷ)²", W, lambda y, yhat: (y - yhat) ** 2),
    ("mlp.dL_dyhat", "ŷ - y", R, lambda y, yhat: yhat - y),
    ("mlp.dL_dyhat", r"\frac{\partial L}{\partial \hat y} = \hat y - y", R, lambda y, yhat: yhat - y),
    ("mlp.dL_dyhat", "-(y-ŷ)", R, lambda y, yhat: -(y - yhat)),
    ("mlp.dL_dyhat", "y - ŷ", W, lambda y, yhat: y - yhat),
    ("mlp.dL_da3", "(ŷ-y)(1-ŷ²)", R, lambda y, yhat: (yhat - y) * (1 - yhat ** 2)),
    ("mlp.dL_da3", r"(\hat{y}-y)(1-\hat{y}^{2})", R, lambda y, yhat: (yhat - y) * (1 - yhat ** 2)),
    ("mlp.dL_da3", "(ŷ-y)(1-ŷ)²", W, lambda y, yhat: (yhat - y) * (1 - yhat) ** 2),
    ("mlp.dL_dw31", "(h3-y)(1-h3²)h1", R, lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2) * h1),
    ("mlp.dL_dw31", "(h_3 - y)(1 - h_3^2) h_1", R, lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2) * h1),
    ("mlp.dL_dw31", r"(h_{3}-y)(1-h_{3}^{2})h_{1}", R, lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2) * h1),
    ("mlp.dL_dw31", "(h3-y)(1-h3)h1", W, lambda h1, h3, y: (h3 - y) * (1 - h3) * h1),
    # the convolution
    ("conv.dv1", "-e o_1", R, lambda e, o1: -e * o1),
    ("conv.dv1", "-eo1", R, lambda e, o1: -e * o1),
    ("conv.dw1", "-e(v1 x1 H(a1) + v2 x2 H(a2))", R,
     lambda a1, a2, e, v1, v2, x1, x2: -e * (v1 * x1 * H(a1) + v2 * x2 * H(a2))),
    ("conv.dw1", r"-e\left(v_1 x_1 \mathbb{1}_{\{a_1>0\}} + v_2 x_2 \mathbb{1}_{\{a_2>0\}}\right)", R,
     lambda a1, a2, e, v1, v2, x1, x2: -e * (v1 * x1 * H(a1) + v2 * x2 * H(a2))),
    ("conv.dw1", "-e v_1 x_1 1(a_1>0)", W, lambda a1, a2, e, v1, v2, x1, x2: -e * v1 * x1 * H(a1)),
    # SGD on y = wx
    ("sgd.gradient", "x(wx-y)", R, lambda w, x, y: x * (w * x - y)),
    ("sgd.gradient", "dL/dw = x(wx - y)", R, lambda w, x, y: x * (w * x - y)),
    ("sgd.gradient", "wx² − xy", R, lambda w, x, y: w * x ** 2 - x * y),
    ("sgd.gradient", "xy(1-y)", W, lambda w, x, y: x * y * (1 - y)),
    ("sgd.gradient", "-x(y-wx)", R, lambda w, x, y: -x * (y - w * x)),
    ("sgd.gradient", "(wx-y)", W, lambda w, x, y: w * x - y),
    ("neuron.dw", "x(wx+b-y)", R, lambda b, w, x, y: x * (w * x + b - y)),
    ("neuron.dw", "(wx + b − y)·x", R, lambda b, w, x, y: (w * x + b - y) * x),
    # the tanh network's slope
    ("net.slope", "3(1-th²(x+0,25)) - 6(1-th²(3x-0,25)) - 20(1-th²(10x+5))", R, QUESTIONS["net.slope"][1]),
    # relu
    ("relu.d", "1(a>0)", R, lambda a: H(a)),
    ("relu.d", r"\mathbb{1}_{\{a>0\}}", R, lambda a: H(a)),
    ("relu.d", r"\mathbb{1}_{\{a>0\}}(a)", R, lambda a: H(a)),
    ("relu.d", "1 si a>0, 0 sinon", R, lambda a: H(a)),
    ("relu.d", r"\begin{cases} 1 & \text{si } a>0 \\ 0 & \text{sinon} \end{cases}", R, lambda a: H(a)),
    ("relu.d", "H(a)", R, lambda a: H(a)),
    ("relu.d", "max(0,a)", W, lambda a: np.maximum(0, a)),
    # binary cross-entropy
    ("bce.dz", "σ(z) - y", R, lambda y, z: sig(z) - y),
    ("bce.dz", "sigmoide(z) - y", REFUSE, None),
    # softmax
    ("softmax.d11", "s_1(1-s_1)", R, lambda s1: s1 * (1 - s1)),
    ("softmax.dz1", r"\frac{\partial}{\partial z_1} \frac{e^{z_1}}{e^{z_1}+e^{z_2}}", R,
     lambda z1, z2: exp(z1) * exp(z2) / (exp(z1) + exp(z2)) ** 2),
    # applied derivative
    ("sqrt.d", r"\frac{d}{dx}\sqrt{x^{2}+1}", R, lambda x: x / sqrt(x ** 2 + 1)),
    ("sqrt.d", "x/√(x²+1)", R, lambda x: x / sqrt(x ** 2 + 1)),
    ("sqrt.d", r"\frac{x}{\sqrt{x^2+1}}", R, lambda x: x / sqrt(x ** 2 + 1)),
    ("sqrt.d", "2x/√(x²+1)", W, lambda x: 2 * x / sqrt(x ** 2 + 1)),
    # numbers
    ("loss.value", "0,0338", R, lambda: 0.0338),
    ("loss.value", "3,38e-2", R, lambda: 0.0338),
    ("loss.value", r"3{,}38 \times 10^{-2}", R, lambda: 0.0338),
    ("max.value", "max(0,5)", W, lambda: 5.0),
    ("max.value", "max(0, 0,5)", REFUSE, (lambda: 0.5, lambda: 5.0)),
    ("max.value", "1 234,5", W, lambda: 1234.5),
    # --- second batch
    ("sigmoid.y", "1/(1+exp(-a*x))", R, lambda a, x: 1 / (1 + exp(-a * x))),
    ("sigmoid.y", "(1+e^(-ax))^-1", R, lambda a, x: 1 / (1 + exp(-a * x))),
    ("sigmoid.y", "(1+e^{-ax})^{-1}", R, lambda a, x: 1 / (1 + exp(-a * x))),
    ("sigmoid.y", "e^(ax)/(1+e^(ax))", R, lambda a, x: exp(a * x) / (1 + exp(a * x))),
    ("sigmoid.y", "1/ax", REFUSE, (lambda a, x: 1 / (a * x), lambda a, x: x / a)),
    ("sigmoid.y", "1/(1+e^xa)", REFUSE, (lambda a, x: 1 / (1 + exp(x * a)), lambda a, x: 1 / (1 + exp(x) * a))),
    ("sigmoid.y", "1/(1-e^(-ax))", W, lambda a, x: 1 / (1 - exp(-a * x))),
    ("sigmoid.dx", "a*e^(-a*x)/(1+e^(-a*x))**2", R, lambda a, x: a * exp(-a * x) / (1 + exp(-a * x)) ** 2),
    ("sigmoid.dx", "a·σ(ax)·(1 − σ(ax))", R, lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", "σ'(ax) a", R, lambda a, x: sig(a * x) * (1 - sig(a * x)) * a),
    ("sigmoid.dx", r"a\,\sigma'(ax)", R, lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", r"\frac{\partial y}{\partial x} = a\sigma(ax)\big(1-\sigma(ax)\big)", R,
     lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.dx", "a/(4ch²(ax/2))", R, lambda a, x: a / (4 * cosh(a * x / 2) ** 2)),
    ("sigmoid.dx", "-ae^(-ax)/(1+e^(-ax))^2", W, lambda a, x: -a * exp(-a * x) / (1 + exp(-a * x)) ** 2),
    ("sigmoid.dx", "ae^(-ax)/(1+e^(-ax))", W, lambda a, x: a * exp(-a * x) / (1 + exp(-a * x))),
    ("sigmoid.da", "dy/da = xσ(ax)(1-σ(ax))", R, lambda a, x: x * sig(a * x) * (1 - sig(a * x))),
    ("sigmoid.da", "x e^(-xa) / (1 + e^(-xa))²", R, lambda a, x: x * exp(-x * a) / (1 + exp(-x * a)) ** 2),
    ("sigmoid.da", r"x\sigma(xa)\left(1-\sigma(xa)\right)", R, lambda a, x: x * sig(x * a) * (1 - sig(x * a))),
    ("sigmoid.da", "aσ(ax)(1-σ(ax))", W, lambda a, x: a * sig(a * x) * (1 - sig(a * x))),
    ("id.dsigmoid", "sigmoid(x)*(1-sigmoid(x))", R, lambda x: sig(x) * (1 - sig(x))),
    ("id.dsigmoid", r"\text{sigmoid}(x)\cdot(1-\text{sigmoid}(x))", R, lambda x: sig(x) * (1 - sig(x))),
    ("id.dsigmoid", r"\frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}", R, lambda x: exp(-x) / (1 + exp(-x)) ** 2),
    ("id.dsigmoid", "σ(x) - σ(x)²", R, lambda x: sig(x) - sig(x) ** 2),
    ("id.dsigmoid", "σ(x)σ(-x)", R, lambda x: sig(x) * sig(-x)),
    ("id.dsigmoid", r"\frac{1}{4}\text{sech}^2\left(\frac{x}{2}\right)", R, lambda x: sech(x / 2) ** 2 / 4),
    ("id.dsigmoid", "σ(1-σ)", REFUSE, None),
    ("id.dsigmoid", "f(x)(1-f(x))", REFUSE, None),
    ("id.dsigmoid", "σ(x)²", W, lambda x: sig(x) ** 2),
    ("id.dsigmoid", "e^-x/(1+e^-x)", W, lambda x: exp(-x) / (1 + exp(-x))),
    ("id.dtanh", "1 - tanh(x)^2", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", "1-tanh(x)**2", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", "4/(e^x+e^-x)²", R, lambda x: 4 / (exp(x) + exp(-x)) ** 2),
    ("id.dtanh", r"\frac{4}{(e^{x}+e^{-x})^{2}}", R, lambda x: 4 / (exp(x) + exp(-x)) ** 2),
    ("id.dtanh", r"\cosh^{-2}(x)", REFUSE, None),
    ("id.dtanh", "1/cosh(x)^2", R, lambda x: 1 / cosh(x) ** 2),
    ("id.dtanh", "(1-th x)(1+th x)", R, lambda x: (1 - tanh(x)) * (1 + tanh(x))),
    ("id.dtanh", "1-tanh(x²)", W, lambda x: 1 - tanh(x ** 2)),
    ("id.dtanh", "tanh'(x)", R, lambda x: 1 - tanh(x) ** 2),
    ("id.dtanh", "-tanh²(x)", W, lambda x: -tanh(x) ** 2),
    ("id.sigmoid_tanh", "½(1 + th(x/2))", R, lambda x: (1 + tanh(x / 2)) / 2),
    ("id.sigmoid_tanh", "(1+tanh(x/2))/2", R, lambda x: (1 + tanh(x / 2)) / 2),
    ("id.sigmoid_tanh", "1/2 (tanh(x/2) + 1)", R, lambda x: (tanh(x / 2) + 1) / 2),
    ("id.sigmoid_tanh", "(tanh(x)+1)/2", W, lambda x: (tanh(x) + 1) / 2),
    ("id.ln_sigmoid", "-ln(1+exp(-x))", R, lambda x: -log(1 + exp(-x))),
    ("id.ln_sigmoid", "ln σ(x)", R, lambda x: log(sig(x))),
    ("id.ln_sigmoid", r"\ln\sigma(x)", R, lambda x: log(sig(x))),
    ("id.ln_sigmoid", "x - ln(1+e^x)", R, lambda x: x - log(1 + exp(x))),
    ("id.ln_sigmoid", "-softplus(x)", W, lambda x: -log(1 + exp(x))),
    ("id.ln_sigmoid", "-log(1+e^(-x))", R, lambda x: -log(1 + exp(-x))),
    ("id.dabs", r"\text{sign}(x)", R, lambda x: sign(x)),
    ("id.dabs", r"\frac{x}{|x|}", R, lambda x: x / abs(x)),
    ("id.dabs", r"\frac{|x|}{x}", R, lambda x: abs(x) / x),
    ("id.dabs", "abs(x)/x", R, lambda x: abs(x) / x),
    ("id.dabs", "1 si x>0, -1 si x<0", R, lambda x: sign(x)),
    ("id.dabs", "|x|", W, lambda x: abs(x)),
    ("mlp.loss", "1/2(y-ŷ)²", REFUSE, (lambda y, yhat: (y - yhat) ** 2 / 2, lambda y, yhat: 1 / (2 * (y - yhat) ** 2))),
    ("mlp.loss", "(ŷ-y)²/2", R, lambda y, yhat: (yhat - y) ** 2 / 2),
    ("mlp.loss", r"\frac{(\hat y - y)^2}{2}", R, lambda y, yhat: (yhat - y) ** 2 / 2),
    ("mlp.loss", "0.5*(y-yhat)**2", R, lambda y, yhat: 0.5 * (y - yhat) ** 2),
    ("mlp.loss", "L = ½ (y − ŷ)²", R, lambda y, yhat: (y - yhat) ** 2 / 2),
    ("mlp.loss", "½(y-ŷ)", W, lambda y, yhat: (y - yhat) / 2),
    ("mlp.dL_dyhat", "yhat - y", R, lambda y, yhat: yhat - y),
    ("mlp.dL_dyhat", "y_hat - y", R, lambda y, yhat: yhat - y),
    ("mlp.dL_dyhat", r"\hat{y}-y", R, lambda y, yhat: yhat - y),
    ("mlp.dL_dyhat", "∂L/∂ŷ = ŷ − y", R, lambda y, yhat: yhat - y),
    ("mlp.dL_dyhat", "2(ŷ-y)", W, lambda y, yhat: 2 * (yhat - y)),
    ("mlp.dL_da3", "(ŷ - y)(1 - th²(a3))", REFUSE, None),
    ("mlp.dL_da3", "(ŷ-y)·(1-ŷ^2)", R, lambda y, yhat: (yhat - y) * (1 - yhat ** 2)),
    ("mlp.dL_da3", r"\left(\hat{y}-y\right)\left(1-\hat{y}^2\right)", R, lambda y, yhat: (yhat - y) * (1 - yhat ** 2)),
    ("mlp.dL_da3", "(y-ŷ)(1-ŷ²)", W, lambda y, yhat: (y - yhat) * (1 - yhat ** 2)),
    ("mlp.dL_dw31", "(h₃-y)(1-h₃²)h₁", R, lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2) * h1),
    ("mlp.dL_dw31", "h1(h3-y)(1-h3^2)", R, lambda h1, h3, y: h1 * (h3 - y) * (1 - h3 ** 2)),
    ("mlp.dL_dw31", r"\frac{\partial L}{\partial w_{31}} = (h_3-y)(1-h_3^2)h_1", R,
     lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2) * h1),
    ("mlp.dL_dw31", "(-y + h_3)(1 - h_3²) × h_1", R, lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2) * h1),
    ("mlp.dL_dw31", "(h3-y)(1-h3²)", W, lambda h1, h3, y: (h3 - y) * (1 - h3 ** 2)),
    ("conv.dv1", "-e·o₁", R, lambda e, o1: -e * o1),
    ("conv.dv1", r"-e\,o_{1}", R, lambda e, o1: -e * o1),
    ("conv.dv1", "e o_1", W, lambda e, o1: e * o1),
    ("conv.dw1", "-e(v_1x_1H(a_1)+v_2x_2H(a_2))", R,
     lambda a1, a2, e, v1, v2, x1, x2: -e * (v1 * x1 * H(a1) + v2 * x2 * H(a2))),
    ("conv.dw1", "-e (v1 x1 1(a1>0) + v2 x2 1(a2>0))", R,
     lambda a1, a2, e, v1, v2, x1, x2: -e * (v1 * x1 * H(a1) + v2 * x2 * H(a2))),
    ("conv.dw1", "-e(v1 x1 H(a1) - v2 x2 H(a2))", W,
     lambda a1, a2, e, v1, v2, x1, x2: -e * (v1 * x1 * H(a1) - v2 * x2 * H(a2))),
    ("sgd.gradient", "x*(w*x-y)", R, lambda w, x, y: x * (w * x - y)),
    ("sgd.gradient", "(wx−y)x", R, lambda w, x, y: (w * x - y) * x),
    ("sgd.gradient", r"x\left(wx-y\right)", R, lambda w, x, y: x * (w * x - y)),
    ("sgd.gradient", r"\frac{\partial L}{\partial w} = (wx-y)\cdot x", R, lambda w, x, y: (w * x - y) * x),
    ("sgd.gradient", "wx^2 - xy", R, lambda w, x, y: w * x ** 2 - x * y),
    ("sgd.gradient", "x²w - yx", R, lambda w, x, y: x ** 2 * w - y * x),
    ("sgd.gradient", "x(y-wx)", W, lambda w, x, y: x * (y - w * x)),
    ("sgd.gradient", "2x(wx-y)", W, lambda w, x, y: 2 * x * (w * x - y)),
    ("neuron.dw", "x(b+wx-y)", R, lambda b, w, x, y: x * (b + w * x - y)),
    ("neuron.dw", "(wx+b-y)", W, lambda b, w, x, y: w * x + b - y),
    ("net.slope", r"3(1-\tanh^2(x+0.25))-6(1-\tanh^2(3x-0.25))-20(1-\tanh^2(10x+5))", R, QUESTIONS["net.slope"][1]),
    ("net.slope", "3/ch²(x+0,25) - 6/ch²(3x-0,25) - 20/ch²(10x+5)", R, QUESTIONS["net.slope"][1]),
    ("net.slope", "3(1-th²(x+0,25)) - 2(1-th²(3x-0,25)) - 2(1-th²(10x+5))", W,
     lambda x: 3 * (1 - tanh(x + 0.25) ** 2) - 2 * (1 - tanh(3 * x - 0.25) ** 2) - 2 * (1 - tanh(10 * x + 5) ** 2)),
    ("relu.d", "1(a > 0)", R, lambda a: H(a)),
    ("relu.d", "𝟙(a>0)", R, lambda a: H(a)),
    ("relu.d", "1_{a>0}", R, lambda a: H(a)),
    ("relu.d", "relu'(a)", R, lambda a: H(a)),
    ("relu.d", "1 if a > 0 else 0", R, lambda a: H(a)),
    ("relu.d", r"\begin{cases} 1 & a>0 \\ 0 & a \leq 0 \end{cases}", R, lambda a: H(a)),
    ("relu.d", "0 si a<0, 1 si a>0", R, lambda a: H(a)),
    ("relu.d", "1(a<0)", W, lambda a: H(-a)),
    ("relu.d", "sign(a)", W, lambda a: sign(a)),
    ("bce.dz", r"\sigma(z)-y", R, lambda y, z: sig(z) - y),
    ("bce.dz", "1/(1+e^-z) - y", R, lambda y, z: 1 / (1 + exp(-z)) - y),
    ("bce.dz", "y - σ(z)", W, lambda y, z: y - sig(z)),
    ("bce.dz", "sigmiod(z)-y", REFUSE, None),
    ("softmax.d11", "s₁(1−s₁)", R, lambda s1: s1 * (1 - s1)),
    ("softmax.d11", "s_1 - s_1^2", R, lambda s1: s1 - s1 ** 2),
    ("softmax.d11", "s_1²", W, lambda s1: s1 ** 2),
    ("softmax.dz1", r"\frac{e^{z_1}e^{z_2}}{(e^{z_1}+e^{z_2})^2}", R,
     lambda z1, z2: exp(z1) * exp(z2) / (exp(z1) + exp(z2)) ** 2),
    ("softmax.dz1", "e^(z1+z2)/(e^z1+e^z2)²", R, lambda z1, z2: exp(z1 + z2) / (exp(z1) + exp(z2)) ** 2),
    ("softmax.dz1", "σ(z1-z2)(1-σ(z1-z2))", R, lambda z1, z2: sig(z1 - z2) * (1 - sig(z1 - z2))),
    ("softmax.dz1", r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}", W, lambda z1, z2: exp(z1) / (exp(z1) + exp(z2))),
    ("sqrt.d", "x/sqrt(x^2+1)", R, lambda x: x / sqrt(x ** 2 + 1)),
    ("sqrt.d", "x(x²+1)^(-1/2)", R, lambda x: x * (x ** 2 + 1) ** -0.5),
    ("sqrt.d", r"x\left(x^{2}+1\right)^{-\frac{1}{2}}", R, lambda x: x * (x ** 2 + 1) ** -0.5),
    ("sqrt.d", "x/√x²+1", W, lambda x: x / abs(x) + 1),
    ("sqrt.d", "√2x", REFUSE, (lambda x: sqrt(2 * x), lambda x: sqrt(2) * x)),
    ("trace.dx1", "x2 + cos(x1)", R, lambda x1, x2: x2 + cos(x1)),
    ("trace.dx1", "x_2+cos x_1", R, lambda x1, x2: x2 + cos(x1)),
    ("trace.dx1", r"x_2 + \cos(x_1)", R, lambda x1, x2: x2 + cos(x1)),
    ("trace.dx1", "x₂ + cos(x₁)", R, lambda x1, x2: x2 + cos(x1)),
    ("trace.dx1", "x2 - sin(x1)", W, lambda x1, x2: x2 - sin(x1)),
    ("trace.dx1", "x1x2 + cos x1", W, lambda x1, x2: x1 * x2 + cos(x1)),
    ("trace.dx2", "x1", R, lambda x1, x2: x1),
    ("trace.dx2", "x_{1}", R, lambda x1, x2: x1),
    ("trace.dx2", "x2", W, lambda x1, x2: x2),
    ("softplus.d", "σ(x)", R, lambda x: sig(x)),
    ("softplus.d", "e^x/(1+e^x)", R, lambda x: exp(x) / (1 + exp(x))),
    ("softplus.d", r"\frac{e^x}{1+e^x}", R, lambda x: exp(x) / (1 + exp(x))),
    ("softplus.d", "softplus'(x)", R, lambda x: sig(x)),
    ("softplus.d", "1/(1+e^x)", W, lambda x: 1 / (1 + exp(x))),
    ("tanh.dw", "(ŷ-y)(1-ŷ²)x", R, lambda x, y, yhat: (yhat - y) * (1 - yhat ** 2) * x),
    ("tanh.dw", r"x(\hat{y}-y)(1-\hat{y}^2)", R, lambda x, y, yhat: x * (yhat - y) * (1 - yhat ** 2)),
    ("tanh.dw", "(ŷ-y)(1-ŷ)²x", W, lambda x, y, yhat: (yhat - y) * (1 - yhat) ** 2 * x),
    ("mse.dw", "2x(wx+b-y)", R, lambda b, w, x, y: 2 * x * (w * x + b - y)),
    ("mse.dw", "2(wx + b - y)·x", R, lambda b, w, x, y: 2 * (w * x + b - y) * x),
    ("mse.dw", r"2x\left(wx+b-y\right)", R, lambda b, w, x, y: 2 * x * (w * x + b - y)),
    ("mse.dw", "2(wx+b-y)", W, lambda b, w, x, y: 2 * (w * x + b - y)),
    ("log2.d", "1/(x ln 2)", R, lambda x: 1 / (x * log(2))),
    ("log2.d", "1/(x ln(2))", R, lambda x: 1 / (x * log(2))),
    ("log2.d", r"\frac{1}{x\ln 2}", R, lambda x: 1 / (x * log(2))),
    ("log2.d", r"\frac{d}{dx}\log_2 x", R, lambda x: 1 / (x * log(2))),
    ("log2.d", "1/x", W, lambda x: 1 / x),
    ("ce.dp", "-y/p + (1-y)/(1-p)", R, lambda p, y: -y / p + (1 - y) / (1 - p)),
    ("ce.dp", "(p-y)/(p(1-p))", R, lambda p, y: (p - y) / (p * (1 - p))),
    ("ce.dp", r"\frac{p-y}{p(1-p)}", R, lambda p, y: (p - y) / (p * (1 - p))),
    ("ce.dp", r"-\frac{y}{p}+\frac{1-y}{1-p}", R, lambda p, y: -y / p + (1 - y) / (1 - p)),
    ("ce.dp", "-y/p - (1-y)/(1-p)", W, lambda p, y: -y / p - (1 - y) / (1 - p)),
    ("relu.out", "max(0, wx+b)", R, lambda b, w, x: np.maximum(0, w * x + b)),
    ("relu.out", "relu(wx + b)", R, lambda b, w, x: np.maximum(0, w * x + b)),
    ("relu.out", "wx+b si wx+b>0, 0 sinon", R, lambda b, w, x: np.maximum(0, w * x + b)),
    ("relu.out", "(wx+b+|wx+b|)/2", R, lambda b, w, x: (w * x + b + abs(w * x + b)) / 2),
    ("relu.out", "max(0,wx)+b", W, lambda b, w, x: np.maximum(0, w * x) + b),
    ("cbrt", r"\sqrt[3]{x}", R, lambda x: np.cbrt(x)),
    ("cbrt", "√x", W, lambda x: sqrt(x)),
    ("tan.d", "1/cos²(x)", R, lambda x: 1 / cos(x) ** 2),
    ("tan.d", "sec²x", R, lambda x: 1 / cos(x) ** 2),
    ("tan.d", "1+tan²(x)", R, lambda x: 1 + tan(x) ** 2),
    ("tan.d", r"\sec^2(x)", R, lambda x: 1 / cos(x) ** 2),
    ("tan.d", "1 + tanx^2", REFUSE, None),
    ("tan.d", "1/sin²(x)", W, lambda x: 1 / sin(x) ** 2),
    ("lnsinh.d", "coth(x)", R, lambda x: cosh(x) / sinh(x)),
    ("lnsinh.d", "ch(x)/sh(x)", R, lambda x: cosh(x) / sinh(x)),
    ("lnsinh.d", "1/th(x)", R, lambda x: 1 / tanh(x)),
    ("lnsinh.d", "th(x)", W, lambda x: tanh(x)),
    ("lnsin.d", "cot(x)", R, lambda x: cos(x) / sin(x)),
    ("lnsin.d", "cos x/sin x", R, lambda x: cos(x) / sin(x)),
    ("lnsin.d", "cotan(x)", REFUSE, None),
    ("lnsin.d", "csc(x)", W, lambda x: 1 / sin(x)),
    ("tanh.exp", "(e^x-e^-x)/(e^x+e^-x)", R, lambda x: (exp(x) - exp(-x)) / (exp(x) + exp(-x))),
    ("tanh.exp", "2σ(2x) - 1", R, lambda x: 2 * sig(2 * x) - 1),
    ("tanh.exp", "(e^2x - 1)/(e^2x + 1)", REFUSE, (lambda x: (exp(2 * x) - 1) / (exp(2 * x) + 1),
                                                     lambda x: (exp(2) * x - 1) / (exp(2) * x + 1))),
    ("tanh.exp", r"\frac{e^{2x}-1}{e^{2x}+1}", R, lambda x: (exp(2 * x) - 1) / (exp(2 * x) + 1)),
    ("tanh.exp", "sh x / ch x", R, lambda x: sinh(x) / cosh(x)),
    ("tanh.exp", "2σ(x) - 1", W, lambda x: 2 * sig(x) - 1),
    ("l1.d", "sign(ŷ-y)", R, lambda y, yhat: sign(yhat - y)),
    ("l1.d", "(ŷ-y)/|ŷ-y|", R, lambda y, yhat: (yhat - y) / abs(yhat - y)),
    ("l1.d", "sign(y-ŷ)", W, lambda y, yhat: sign(y - yhat)),
    ("leaky.d", "1 si x>0 ; 0,01 sinon", R, lambda x: np.where(x > 0, 1.0, 0.01)),
    ("leaky.d", r"\begin{cases}1 & \text{si } x > 0\\ 0{,}01 & \text{sinon}\end{cases}", R,
     lambda x: np.where(x > 0, 1.0, 0.01)),
    ("leaky.d", "1 si x>0, 0.1 sinon", W, lambda x: np.where(x > 0, 1.0, 0.1)),
    ("dsig.a", "σ'(a)", R, lambda a: sig(a) * (1 - sig(a))),
    ("dsig.a", r"\sigma'(a)", R, lambda a: sig(a) * (1 - sig(a))),
    ("dsig.a", "σ(a)(1-σ(a))", R, lambda a: sig(a) * (1 - sig(a))),
    ("h1.value", "0,7311", R, lambda: 0.7311),
    ("h1.value", "σ(1)", W, lambda: sig(1.0)),
    ("h1.value", "1/(1+e^-1)", W, lambda: 1 / (1 + exp(-1.0))),
    ("w.update", "0,829", R, lambda: 0.829),
    ("w.update", "w = 0.829", R, lambda: 0.829),
    ("w.update", "8,29e-1", R, lambda: 0.829),
    ("w.update", "0,83", W, lambda: 0.83),
    ("w.update", "0,8 - 0,1 × 0,29", W, lambda: 0.8 - 0.1 * 0.29),
    ("log.value", "log(8,2)", R, lambda: 3.0),
    ("log.value", r"\log_2 8", R, lambda: 3.0),
    ("log.value", "log_2(8)", R, lambda: 3.0),
    ("log.value", "ln(8)/ln(2)", R, lambda: 3.0),
    ("log.value", "log(0,5, 2)", W, lambda: -1.0),
    ("loss.value", "½(0,5 − 0,76)²", R, lambda: 0.5 * (0.5 - 0.76) ** 2),
    ("loss.value", "½(0,5 − 0,67)²", W, lambda: 0.5 * (0.5 - 0.67) ** 2),
    ("loss.value", "3.38·10^-2", R, lambda: 0.0338),
    ("loss.value", "0,0338 ", R, lambda: 0.0338),
    ("max.value", "max(0; 0,5)", REFUSE, None),
    ("max.value", "1/2", R, lambda: 0.5),
    ("max.value", "2,5,3", REFUSE, None),
]


def points(question: str, n: int = 24, seed: int = 0) -> dict:
    """Random points in the question's box (numbers far from the kinks at 0 almost surely)."""
    names, _, box = QUESTIONS[question]
    rng = np.random.default_rng(seed)
    return {v: rng.uniform(*box.get(v, (-2.0, 2.0)), n) for v in names.split()}


def evaluate(f, pts: dict, n: int = 24) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(f(*pts.values()), dtype=float), (n,))


def same(u: np.ndarray, v: np.ndarray) -> bool:
    ok = np.isfinite(u) & np.isfinite(v)
    return ok.sum() >= len(u) // 2 and bool(np.allclose(u[ok], v[ok], rtol=1e-7, atol=1e-10))


def judge(entry, read) -> tuple[str, bool]:
    """How ``read`` did on one answer: (outcome, false accept).

    outcome: "read" (read as meant), "misread", "unread" (refused a readable answer), "refused"
    (refused as it should), "guessed" (read an answer that should be refused). A false accept is a
    reading equal to the key when what the student meant is not.
    """
    from tdgrad.errors import ExpressionError
    from tdgrad.functions import compile
    from tdgrad.parse import symbol

    question, text, label, meant = entry
    names, key, _ = QUESTIONS[question]
    pts = points(question)
    try:
        expr = read(text, tuple(names.split()))
    except ExpressionError:
        return ("refused" if label == REFUSE else "unread"), False
    got = evaluate(compile([symbol(v) for v in names.split()], expr), pts)
    equal_key = same(got, evaluate(key, pts))
    if label == REFUSE:
        return "guessed", equal_key
    return ("read" if same(got, evaluate(meant, pts)) else "misread"), equal_key and label == W

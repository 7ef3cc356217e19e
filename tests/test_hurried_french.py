"""Answers typed the way a hurried French student types them, against the real keys of the examples.

Decimal commas, ``x²``, ``e^-x``, ``σ'(z)``, ``1-th²(x)``, ``exp(-x)/(1+exp(-x))²``, ``dy/da = …``,
``≈ 0,1``, ``x.y``, ``x`` or ``×`` for a product, ``10^-2`` and ``.10^-2``, copied LaTeX, ``ln``,
``log``, ``W2.T @ grad_oa``, a missing parenthesis, stray spaces. The verdict of each is what a
teacher reading the copy would say — worked out by hand (the numbers in the comments, checked with
a calculator), never by running tdgrad: ``C`` right, ``W`` wrong, ``R(fragment)`` refused with a
message naming what a teacher would also hesitate over (both readings, the missing bracket, the
unknown name), said in French as well.

The keys are the examples' own (``tdgrad generate examples/*.toml --tex-only``, their seeds):
td1 (σ(ax) at a = 2, x = 1; f = x₁x₂ + sin x₁ at (2, 5); the 2-2-1 network, tanh output, y = 0,5),
td-identites (x = 0,5), td-convolution, cours-reseaux, td-hyperparametres (k = 10, 24 combinations,
n = 150, 5 outer folds), td-classification (y = 1, m = 3).
"""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from tdgrad import answers
from tdgrad.errors import ExpressionError
from tdgrad.student.grade import grade_one
from tdgrad.student.read import read

C, W = "correct", "wrong"


def R(fragment: str) -> tuple[str, str]:
    return ("unparsable", fragment)


CASES = [
    # -- td1 ex. 1: y = σ(ax), a = 2, x = 1: y = σ(2) = 0,88080
    ("td1", "1:q1.value", "0,8808", C),
    ("td1", "1:q1.value", "0,88", C),  # two significant digits, correctly rounded
    ("td1", "1:q1.value", "≈ 0,88", C),
    ("td1", "1:q1.value", "y ≈ 0,881", C),
    ("td1", "1:q1.value", "y = σ(2) = 0,8808", C),
    ("td1", "1:q1.value", "1/(1+e^-2)", C),
    ("td1", "1:q1.value", "1/(1+exp(-2))", C),
    ("td1", "1:q1.value", "0,8808.", C),
    ("td1", "1:q1.value", "0.8808", C),
    ("td1", "1:q1.value", " 0,8808 ", C),
    ("td1", "1:q1.value", "8,808.10^-1", C),
    ("td1", "1:q1.value", "8,808×10⁻¹", C),
    ("td1", "1:q1.value", "8,808x10^-1", C),  # x for × between numbers, in a number question
    ("td1", "1:q1.value", "0,8808...", C),  # the digits go on
    ("td1", "1:q1.value", "0,88…", C),
    ("td1", "1:q1.value", "0,9", W),  # one significant digit
    # an approximation said in words, before or after the number
    ("td1", "1:q1.value", "env. 0,88", C),
    ("td1", "1:q1.value", "environ 0,881", C),
    ("td1", "1:q1.value", "0,8808 (arrondi)", C),
    ("td1", "1:q1.value", "0,88 à peu près", C),
    ("td1", "1:q1.value", "~ 0,88", C),
    ("td1", "1:q1.value", "y ≈ 0,88 (arrondi au centième)", C),
    ("td1", "1:q1.value", "0,8808 environ", C),
    ("td1", "1:q1.value", "0,9 environ", W),  # still one significant digit
    ("td1", "1:q1.value", "env. 0,1192", W),  # 1 − σ(2)
    ("td1", "1:q1.value", "env 0,88", C),  # the abbreviation's dot forgotten
    ("td1", "1:q1.value", "approx 0,881", C),
    ("td1", "1:q1.value", "0,88 (à 10^-2 près)", C),  # 0,8808 to the hundredth: 0,88
    ("td1", "1:q1.value", "0,881 (au millième près)", C),
    ("td1", "1:q1.value", "0,88 à 0,01 près", C),
    ("td1", "1:q1.value", "0,88 environ (à 10^-2 près)", C),  # two approximation words
    ("td1", "1:q1.value", "0,9 environ (arrondi)", W),  # one significant digit: 0,9 ≠ 0,88
    ("td1", "1:q1.value", "0,9 (à 10^-2 près)", W),  # says the hundredth, gives the tenth: 0,9 ≠ 0,88
    ("td1", "1:q1.value", "0,12 à 0,01 près", W),  # 1 − σ(2) = 0,1192
    ("td1", "1:q1.value", "au moins 0,88", R("moins")),  # words that change the meaning are not dropped
    # the ^ of a power of ten forgotten: 8,808 × 10 − 1 = 87,08 or 8,808 × 10⁻¹ = 0,8808?
    ("td1", "1:q1.value", "8,808*10-1", R("10 − 1")),
    ("td1", "1:q1.value", "88,08x10-2", R("10 − 2")),
    ("td1", "1:q1.value", "88,08.10-2", R("10 − 2")),
    ("td1", "1:q1.value", "88,08 × 10-2", R("10^-2")),
    ("td1", "1:q1.value", "1/(1+e-2)", R("e^-2")),  # the ^ of e^-2 forgotten, or 1/(e − 1)?
    ("td1", "1:q1.value", "0.88 (2 chiffres)", C),
    # the working shown after the answer, in brackets after "="
    ("td1", "1:q2.dx", "0,21 (=2*0,8808*0,1192)", C),
    ("td1", "1:q2.dx", "0,21 (= 2σ(2)(1-σ(2)))", C),
    ("td1", "1:q2.dx", "0,5 (= 2σ(2)(1-σ(2)))", W),  # the answer is what is graded, not its working
    ("td1", "1:q1.value", "0,1192", W),  # 1 − σ(2)
    # dy/dx = aσ(ax)(1 − σ(ax)) = 2 × 0,8808 × 0,1192 = 0,2100
    ("td1", "1:q2.dx", "0,21", C),
    ("td1", "1:q2.dx", "0,2100", C),
    ("td1", "1:q2.dx", "2σ(2)(1-σ(2))", C),
    ("td1", "1:q2.dx", "2 × 0,8808 × 0,1192", C),
    ("td1", "1:q2.dx", "2*0,8808*(1-0,8808)", C),
    ("td1", "1:q2.dx", "2x0,8808x0,1192", C),
    ("td1", "1:q2.dx", "2 x 0,8808 x 0,1192", C),
    ("td1", "1:q2.dx", "dy/dx = 0,21", C),
    ("td1", "1:q2.dx", "∂y/∂x ≈ 0,210", C),
    ("td1", "1:q2.dx", "0,8808*(1-0,8808)", W),  # the factor a = 2 forgotten: 0,105
    ("td1", "1:q2.dx", "-0,21", W),
    # dy/da = x σ(ax)(1 − σ(ax)) (variables a, x)
    ("td1", "1:q4.da", "xσ(ax)(1-σ(ax))", C),
    # σ without its argument: y = σ(ax) is the statement's only σ, so x σ(1-σ) is x σ(ax)(1 − σ(ax))
    ("td1", "1:q4.da", "x σ(1-σ)", C),
    ("td1", "1:q4.da", "xσ(1−σ)", C),
    ("td1", "1:q4.da", "x σ'", C),
    ("td1", "1:q4.da", "σ(1-σ)", W),  # the factor x forgotten
    ("td1", "1:q4.da", "a σ(1-σ)", W),
    ("td1", "1:q4.da", "x σ(ax)(1-σ(ax)) (= x σ')", C),
    ("td1", "1:q4.da", "x σ(ax) (1 − σ(ax))", C),
    ("td1", "1:q4.da", "x*sigmoid(a*x)*(1-sigmoid(a*x))", C),
    ("td1", "1:q4.da", "xe^(-ax)/(1+e^(-ax))²", C),
    ("td1", "1:q4.da", "x exp(-ax)/(1+exp(-ax))^2", C),
    ("td1", "1:q4.da", "x*e^{-ax}/(1+e^{-ax})^2", C),
    ("td1", "1:q4.da", r"\frac{x e^{-ax}}{(1+e^{-ax})^2}", C),
    ("td1", "1:q4.da", r"\frac{xe^{-ax}}{\left(1+e^{-ax}\right)^{2}}", C),
    ("td1", "1:q4.da", "x σ'(ax)", C),
    ("td1", "1:q4.da", "xσ(ax)[1-σ(ax)]", C),
    ("td1", "1:q4.da", "dy/da = xσ(ax)(1-σ(ax))", C),
    ("td1", "1:q4.da", r"\frac{\partial y}{\partial a} = x\sigma(ax)(1-\sigma(ax))", C),
    ("td1", "1:q4.da", "x.σ(ax).(1-σ(ax))", C),
    ("td1", "1:q4.da", "x×σ(ax)×(1−σ(ax))", C),
    ("td1", "1:q4.da", "xσ(ax)-xσ²(ax)", C),
    ("td1", "1:q4.da", "x(σ(ax) - σ(ax)²)", C),
    ("td1", "1:q4.da", "1/(1+e^(-ax)) * x * (1 - 1/(1+e^(-ax)))", C),
    ("td1", "1:q4.da", "x e^(-a x) / (1 + e^(-a x))^2", C),
    ("td1", "1:q4.da", r"x\sigma(ax)(1-\sigma(ax))", C),
    ("td1", "1:q4.da", "x*exp(-a*x)/(1+exp(-a*x))**2", C),
    ("td1", "1:q4.da", "xσ(xa)(1-σ(xa))", C),
    ("td1", "1:q4.da", "σ(ax)(1-σ(ax))·x", C),
    ("td1", "1:q4.da", "x·e^{-ax}/(1+e^{-ax})²", C),
    ("td1", "1:q4.da", "x e^-(ax)/(1+e^-(ax))^2", C),
    ("td1", "1:q4.da", "xσ(ax)(1-σ(ax)) ≈ 0,105", C),  # its value at the statement's point: 1 × 0,8808 × 0,1192
    ("td1", "1:q4.da", r"$x\sigma(ax)(1-\sigma(ax))$", C),  # copied with its dollars
    ("td1", "1:q4.da", r"$$\frac{x e^{-ax}}{(1+e^{-ax})^2}$$", C),
    ("td1", "1:q4.da", r"\(x\sigma(ax)(1-\sigma(ax))\)", C),
    ("td1", "1:q4.da", "∂y/∂a=x.y.(1-y)", C),  # the statement's y = σ(ax), as the seed writes it
    ("td1", "1:q4.da", "x y (1 - y)", C),
    ("td1", "1:q4.da", "a y(1-y)", W),
    ("td1", "1:q4.da", "σ(ax)(1-σ(ax))", W),  # the factor x forgotten
    ("td1", "1:q4.da", "aσ(ax)(1-σ(ax))", W),  # that is dy/dx
    ("td1", "1:q4.da", "x/(1+e^(-ax))", W),
    ("td1", "1:q4.da", "x e^-ax/(1+e^-ax)²", R("has two readings")),  # e^(−ax) or e^(−a)·x
    ("td1", "1:q4.da", "x e-ax/(1+e-ax)^2", R("e^-ax")),  # the ^ forgotten, or e − ax?
    ("td1", "1:q4.da", "xe-ax/(1+e-ax)²", R("e^-ax")),
    ("td1", "1:q4.da", "x σ(ax", R("expected ')'")),
    ("td1", "1:q4.da", "xσ(ax)(1-σ(ax)", R("expected ')'")),
    ("td1", "1:q4.da", "sigmoide(ax)(1-sigmoide(ax))x", C),  # the French spelling
    ("td1", "1:q4.da", "x sigmoïde(ax)(1-sigmoïde(ax))", C),
    ("td1", "1:q4.da", "x sigmod(ax)(1-sigmod(ax))", R("did you mean sigmoid")),
    ("td1", "1:q4.da", "1x0,8808x0,1192", R("has two readings")),  # × or the variable x
    # -- td1 ex. 2: f = x₁x₂ + sin x₁ at (2, 5): ∂f/∂x₁ = x₂ + cos x₁ = 5 + cos 2 = 4,5839, ∂f/∂x₂ = x₁ = 2
    ("td1", "2:q2.dx1", "5 + cos(2)", C),
    ("td1", "2:q2.dx1", "x2 + cos(x1) = 5 + cos 2 ≈ 4,584", C),
    ("td1", "2:q2.dx1", "4,58", C),
    ("td1", "2:q2.dx1", "4,5839", C),
    ("td1", "2:q2.dx1", "5 - 0,4161", C),
    ("td1", "2:q2.dx1", "5+cos2", C),
    ("td1", "2:q2.dx1", "cos(2)+5", C),
    ("td1", "2:q2.dx1", "5+cos(2) ≃ 4,58", C),
    ("td1", "2:q2.dx1", "5,909", W),  # 5 + sin 2
    ("td1", "2:q2.dx1", "5 + sin(2)", W),
    ("td1", "2:q3.dx2", "2", C),
    ("td1", "2:q3.dx2", "2,0", C),
    ("td1", "2:q3.dx2", "x1 = 2", C),
    ("td1", "2:q3.dx2", "5", W),
    # -- td1 ex. 3: a₃ = 0,9946, h₃ = tanh(a₃) = 0,7593, y = 0,5
    ("td1", "3:q1.h_3", "0,7593", C),
    ("td1", "3:q1.h_3", "0,759", C),
    ("td1", "3:q1.h_3", "th(0,9946)", C),
    ("td1", "3:q1.h_3", "h₃ = tanh(a₃) = 0,7593", C),
    ("td1", "3:q1.h_3", "0,76", C),
    ("td1", "3:q1.h_3", "σ(0,9946)", W),  # 0,7300: the output is tanh
    ("td1", "3:q1.h_3", "0,7311", W),
    # L = ½(h₃ − y)² = ½ × 0,2593² = 0,03362
    ("td1", "3:q1.loss", "0,0336", C),
    ("td1", "3:q1.loss", "½(0,7593-0,5)²", C),
    ("td1", "3:q1.loss", "0,5*(0,5-0,7593)²", C),
    ("td1", "3:q1.loss", "0,5(0,7593−0,5)^2", C),
    ("td1", "3:q1.loss", "3,36.10^-2", C),
    ("td1", "3:q1.loss", "3,36e-2", C),
    ("td1", "3:q1.loss", "0,034", C),
    ("td1", "3:q1.loss", "L = 0,0336", C),
    ("td1", "3:q1.loss", "3.36 × 10^-2", C),
    ("td1", "3:q1.loss", "3,36x10^-2", C),
    ("td1", "3:q1.loss", "0,5 × 0,2593²", C),
    ("td1", "3:q1.loss", "(0,7593-0,5)²/2", C),
    ("td1", "3:q1.loss", "0.5*(0.7593-0.5)**2", C),
    ("td1", "3:q1.loss", "0,0672", W),  # the ½ forgotten
    ("td1", "3:q1.loss", "0,03", W),  # one significant digit
    # δ₃ = (h₃ − y)(1 − h₃²) = 0,2593 × 0,4235 = 0,1098
    ("td1", "3:q2.delta_3", "(0,7593-0,5)(1-0,7593²)", C),
    ("td1", "3:q2.delta_3", "0,2593×(1−th²(0,9946))", C),
    ("td1", "3:q2.delta_3", "0,11", C),
    ("td1", "3:q2.delta_3", "0,1098", C),
    ("td1", "3:q2.delta_3", "δ3 = 0,1098", C),
    ("td1", "3:q2.delta_3", "0,2593", W),  # 1 − tanh² forgotten
    ("td1", "3:q2.delta_3", "-0,1098", W),
    # ∂L/∂w₃₁ = δ₃ h₁ = 0,1098 × 0,7311 = 0,0803; Δw₃₁ = −0,0803 (α = 1); w₁₁ ← 0,1 − 0,00648
    ("td1", "3:q2.dL/dw_31", "0,1098 × 0,7311", C),
    ("td1", "3:q2.dL/dw_31", "δ3·h1 = 0,0803", C),
    ("td1", "3:q2.dL/dw_31", "0,080", C),
    ("td1", "3:q2.dL/dw_31", "0,0803", C),
    ("td1", "3:q2.dL/dw_31", "0,1098x0,7311", C),
    ("td1", "3:q2.Delta_w_31", "-0,0803", C),
    ("td1", "3:q2.Delta_w_31", "−0,0803", C),
    ("td1", "3:q2.Delta_w_31", "- 0,0803", C),
    ("td1", "3:q2.Delta_w_31", "0,0803", W),
    ("td1", "3:q3.w_11", "0,0935", C),
    ("td1", "3:q3.w_11", "0,1 - 0,00648", C),
    ("td1", "3:q3.w_11", "w_11 ← 0,0935", C),  # the course's update arrow
    ("td1", "3:q3.w_11", "0,1 + 0,00648", W),
    ("td1", "3:q3.b_3", "0,1 - 0,1098", C),
    ("td1", "3:q3.b_3", "-0,0098", C),
    ("td1", "3:q3.b_3", "-9,8.10^-3", C),
    ("td1", "3:q3.b_3", "-9,8e-3", C),
    ("td1", "3:q3.b_3", "0,0098", W),
    ("td1", "3:q3.b_3", "-0,01", W),  # one significant digit, 2 % off
    ("td1", "3:q4.loss", "9,52.10^-3", C),
    ("td1", "3:q4.loss", "0,0095", C),
    ("td1", "3:q4.loss", "9,52 × 10⁻³", C),
    ("td1", "3:q4.loss", "0,0952", W),
    # -- td-identites
    ("id", "1:sigmoid_tanh.result", "½(1+th(x/2))", C),
    ("id", "1:sigmoid_tanh.result", "(1+tanh(x/2))/2", C),
    ("id", "1:sigmoid_tanh.result", "0,5(1+tanh(x/2))", C),
    ("id", "1:sigmoid_tanh.result", "1/2 (1 + tanh(x/2))", C),
    ("id", "1:sigmoid_tanh.result", r"\frac{1}{2}\left(1+\tanh\left(\frac{x}{2}\right)\right)", C),
    ("id", "1:sigmoid_tanh.result", "½ + ½th(x/2)", C),
    ("id", "1:sigmoid_tanh.result", "1 - σ(-x)", C),
    ("id", "1:sigmoid_tanh.result", "e^x/(1+e^x)", C),
    ("id", "1:sigmoid_tanh.result", "σ(x)", C),
    ("id", "1:sigmoid_tanh.result", "(1+th(x/2))÷2", C),
    ("id", "1:sigmoid_tanh.result", "(1+th(x))/2", W),
    ("id", "1:sigmoid_tanh.result", "1/2(1+th(x/2))", R("'1/2(…)' has two readings")),  # ½·(…) or 1/(2(…))
    ("id", "1:sigmoid_tanh.result", "½(1+tanh x/2)", R("has two readings")),  # tanh(x)/2 or tanh(x/2)
    ("id", "1:sigmoid_tanh.result", "½(1+th(x/2)", R("expected ')'")),
    ("id", "1:log_sigmoid.result", "-ln(1+e^-x)", C),
    ("id", "1:log_sigmoid.result", "−ln(1+exp(−x))", C),
    ("id", "1:log_sigmoid.result", "-softplus(-x)", C),
    ("id", "1:log_sigmoid.result", "ln(σ(x))", C),
    ("id", "1:log_sigmoid.result", "ln σ(x)", C),
    ("id", "1:log_sigmoid.result", "-log(1+e^(-x))", C),
    ("id", "1:log_sigmoid.result", "x - ln(1+e^x)", C),
    ("id", "1:log_sigmoid.result", r"-\ln\left(1+e^{-x}\right)", C),
    ("id", "1:log_sigmoid.result", "-ln(1+1/e^x)", C),
    ("id", "1:log_sigmoid.result", "ln(1+e^-x)", W),
    # σ without its argument where the key has no σ argument to lend it (−softplus(−x), 1 − th²x):
    # a teacher cannot tell σ of what, so the student is asked to write it (ln σ(x) itself is right)
    ("id", "1:log_sigmoid.result", "ln σ", R("'σ' is written without its argument")),
    ("id", "1:log_sigmoid.result", "ln(σ)", R("σ(z)(1 − σ(z))")),
    ("id", "1:log_sigmoid.result", "-ln(1/σ)", R("'σ'")),
    ("id", "1:tanh_derivative.result", "σ(1-σ)", R("'σ' is written without")),  # σ′, not th′: of what?
    ("id", "1:tanh_derivative.result", "2σ' ", W),  # a derivative, where tanh′(x) is asked: the question restated
    ("id", "1:tanh_derivative.result", "th'", W),  # tanh′ asked, th′ answered
    ("id", "1:sigmoid_derivative.result", "σ(x)(1-σ(x))", C),
    ("id", "1:sigmoid_derivative.result", "e^-x/(1+e^-x)²", C),
    ("id", "1:sigmoid_derivative.result", "exp(-x)/(1+exp(-x))²", C),
    ("id", "1:sigmoid_derivative.result", "e^(-x)/(1+e^(-x))^2", C),
    ("id", "1:sigmoid_derivative.result", "e-x/(1+e-x)²", R("e^-x")),  # e^(−x), or the number e minus x?
    ("id", "1:sigmoid_derivative.result", "e-x / (1 + e - x)^2", R("e − x")),
    ("id", "1:sigmoid_derivative.result", "σ(x)-σ²(x)", C),
    ("id", "1:sigmoid_derivative.result", "σ(x)*σ(-x)", C),
    ("id", "1:sigmoid_derivative.result", "e^x/(1+e^x)^2", C),
    ("id", "1:sigmoid_derivative.result", r"\frac{e^{-x}}{(1+e^{-x})^2}", C),
    ("id", "1:sigmoid_derivative.result", "σ(x).(1-σ(x))", C),
    ("id", "1:sigmoid_derivative.result", "sigma(x)(1-sigma(x))", C),
    ("id", "1:sigmoid_derivative.result", "σ(x)(1+σ(x))", W),
    ("id", "1:sigmoid_derivative.result", "σ(x)²", W),
    # σ with no argument: the key's only σ argument is x, so σ(1-σ) is σ(x)(1 - σ(x)) for a teacher
    ("id", "1:sigmoid_derivative.result", "σ(1-σ)", C),
    ("id", "1:sigmoid_derivative.result", "σ(1−σ)", C),
    ("id", "1:sigmoid_derivative.result", "σ - σ²", C),  # σ − σ² = σ(1 − σ)
    ("id", "1:sigmoid_derivative.result", "σ'", W),  # σ′(x) asked, σ′ answered: no answer
    ("id", "1:sigmoid_derivative.result", "σ(1+σ)", W),
    ("id", "1:sigmoid_derivative.result", "1-σ", W),
    ("id", "1:sigmoid_derivative.result", "σ²(x) - σ", W),  # σ²(x) is σ(x)²: σ² − σ = −σ(1 − σ), the sign
    ("id", "1:tanh_derivative.result", "1-th²(x)", C),
    ("id", "1:tanh_derivative.result", "1 - tanh^2(x)", C),
    ("id", "1:tanh_derivative.result", "1-tanh(x)^2", C),
    ("id", "1:tanh_derivative.result", "1 − tanh²x", C),
    ("id", "1:tanh_derivative.result", "1/ch²(x)", C),
    ("id", "1:tanh_derivative.result", "1/cosh(x)^2", C),
    ("id", "1:tanh_derivative.result", "sech²(x)", C),
    ("id", "1:tanh_derivative.result", "1-th^2 x", C),
    ("id", "1:tanh_derivative.result", r"1 - \tanh^2(x)", C),
    ("id", "1:tanh_derivative.result", r"1-\tanh^{2}x", C),
    ("id", "1:tanh_derivative.result", "1 - th(x)²", C),
    ("id", "1:tanh_derivative.result", "(1-th(x))(1+th(x))", C),
    ("id", "1:tanh_derivative.result", "4/(e^x+e^-x)²", C),
    ("id", "1:tanh_derivative.result", "1+th²(x)", W),
    ("id", "1:tanh_derivative.result", "1-th(x)", W),
    ("id", "1:l2_gradient.result", "2x_1", C),
    ("id", "1:l2_gradient.result", "2x₁", C),
    ("id", "1:l2_gradient.result", "2 x1", C),
    ("id", "1:l2_gradient.result", "2*x_1", C),
    ("id", "1:l2_gradient.result", "x_1", W),
    ("id", "1:l2_gradient.result", "2x_1^2", W),
    ("id", "1:l1_gradient.result", "sign(x_1)", C),
    ("id", "1:l1_gradient.result", "sgn(x_1)", C),
    ("id", "1:l1_gradient.result", "signe(x₁)", C),
    ("id", "1:l1_gradient.result", "x_1", W),
    # at x = 0,5: σ = 0,6225, 1 − tanh² = 0,7864, ln σ = −0,4741
    ("id", "1:check.sigmoid", "σ(0,5)", C),
    ("id", "1:check.sigmoid", "0,6225", C),
    ("id", "1:check.sigmoid", "1/(1+e^-0,5)", C),
    ("id", "1:check.sigmoid", "0,62", C),
    ("id", "1:check.sigmoid", "1/(1+1/racine(e))", C),
    ("id", "1:check.sigmoid", "1/(1+1/√e)", C),
    ("id", "1:check.sigmoid", "racine(e)/(1+racine(e))", C),
    ("id", "1:check.tanh_derivative", "1-th²(0,5)", C),
    ("id", "1:check.tanh_derivative", "1 - tanh(0,5)^2", C),
    ("id", "1:check.tanh_derivative", "0,786", C),
    ("id", "1:check.tanh_derivative", "0,2135", W),  # tanh², not 1 − tanh²
    ("id", "1:check.log_sigmoid", "ln(0,6225)", C),
    ("id", "1:check.log_sigmoid", "-ln(1+e^-0,5)", C),
    ("id", "1:check.log_sigmoid", "-0,474", C),
    ("id", "1:check.log_sigmoid", "ln σ(0,5)", C),
    ("id", "1:check.log_sigmoid", "0,474", W),
    # -- td-convolution: ∂ℓ/∂v₁ = −e o₁ (e = y − ŷ), ∂ℓ/∂w₁ = −e(v₁x₁H(a₁) + v₂x₂H(a₂))
    ("conv", "1:q1.dl/dv_1", "-e o_1", C),
    ("conv", "1:q1.dl/dv_1", "−e·o₁", C),
    ("conv", "1:q1.dl/dv_1", "-eo_1", C),
    ("conv", "1:q1.dl/dv_1", "-e × o1", C),
    ("conv", "1:q1.dl/dv_1", "-o_1 e", C),
    ("conv", "1:q1.dl/dv_1", "∂ℓ/∂v_1 = -e o_1", C),
    ("conv", "1:q1.dl/dv_1", "e o_1", W),
    ("conv", "1:q1.dl/dv_2", "-e o_2", C),
    ("conv", "1:q1.dl/dv_2", "-e.o_2", C),
    ("conv", "1:q1.dl/dv_2", "-e*o2", C),
    ("conv", "1:q1.dl/dv_2", "-(y-ŷ)o_2", C),  # e = y − ŷ, the statement's
    ("conv", "1:q1.dl/dv_2", "(ŷ-y)o₂", C),
    # the statement's other names (o₁, v₁ in ŷ = o₁v₁ + o₂v₂) read in any question: a wrong input is wrong,
    # not an unknown name. ∂ℓ/∂v₂ = −e·o₂ (ℓ = ½e², e = y − ŷ, ∂ŷ/∂v₂ = o₂); ∂ℓ/∂v₁ = −e·o₁
    ("conv", "1:q1.dl/dv_2", "-e o_1", W),  # v₁'s input, not v₂'s
    ("conv", "1:q1.dl/dv_2", "−e·o₁", W),
    ("conv", "1:q1.dl/dv_2", "-e v_2", W),  # the weight for its input
    ("conv", "1:q1.dl/dv_2", "-e(o_1+o_2)", W),  # both paths summed: v₂ is on one only
    ("conv", "1:q1.dl/dv_2", "-(y-ŷ)o₁", W),  # o₁ for o₂: ŷ's v-terms cancel in e, up to rounding
    ("conv", "1:q1.dl/dv_1", "-e o₂", W),
    ("conv", "1:q1.dl/dv_2", "-o₂(y - o₁v₁ - o₂v₂)", C),  # e written out: y − ŷ = y − o₁v₁ − o₂v₂
    ("conv", "1:q1.dl/dv_2", "(o_1v_1+o_2v_2-y)o_2", C),  # (ŷ − y)o₂
    ("conv", "1:q1.dl/dv_1", "(o1 v1 + o2 v2 - y) o1", C),
    ("conv", "1:q2.dl/dw_1", "-e(v_1x_1H(a_1) + v_2x_2H(a_2))", C),
    ("conv", "1:q2.dl/dw_1", "-e (v1 x1 H(a1) + v2 x2 H(a2))", C),
    ("conv", "1:q2.dl/dw_1", "−e(v₁x₁𝟙(a₁>0) + v₂x₂𝟙(a₂>0))", C),
    ("conv", "1:q2.dl/dw_1", "-e*(v_1*x_1*1(a_1>0)+v_2*x_2*1(a_2>0))", C),
    ("conv", "1:q2.dl/dw_1", r"-e(v_1x_1\mathbb{1}_{a_1>0}+v_2x_2\mathbb{1}_{a_2>0})", C),
    ("conv", "1:q2.dl/dw_1", "-e(v_1 x_1 + v_2 x_2)", W),  # the ReLU's H forgotten
    ("conv", "1:q2.dl/dw_1", "-e v_1 x_1 H(a_1)", W),  # one path of the shared weight forgotten
    # ex. 2: ℓ = ½(y − wx)², ∂ℓ/∂w = −x(y − wx)
    ("conv", "2:q1.gradient", "-x(y-wx)", C),
    ("conv", "2:q1.gradient", "x(wx-y)", C),
    ("conv", "2:q1.gradient", "(wx-y)x", C),
    ("conv", "2:q1.gradient", "-(y-wx)x", C),
    ("conv", "2:q1.gradient", "wx²-xy", C),
    ("conv", "2:q1.gradient", "wx^2 - xy", C),
    ("conv", "2:q1.gradient", "x(wx − y)", C),
    ("conv", "2:q1.gradient", "dℓ/dw = x(wx-y)", C),
    ("conv", "2:q1.gradient", "∇ℓ = x(wx-y)", C),
    ("conv", "2:q1.gradient", "x (w x - y)", C),
    ("conv", "2:q1.gradient", "x*(w*x-y)", C),
    ("conv", "2:q1.gradient", "-x(y-ŷ)", C),  # ŷ = wx, the statement's
    ("conv", "2:q1.gradient", "x(ŷ-y)", C),
    ("conv", "2:q1.gradient", "-2x(y-wx)", W),
    ("conv", "2:q1.gradient", "x(y-wx)", W),
    ("conv", "1:q5.yhat", "-0,35", C),
    ("conv", "1:q5.yhat", "ŷ = -0,35", C),
    ("conv", "1:q5.yhat", "0,35", W),
    ("conv", "1:q5.ell", "0,0113", C),
    ("conv", "1:q5.ell", "½(-0,15)²", C),  # 0,01125
    ("conv", "1:q5.ell", "0,5×0,15²", C),
    ("conv", "1:q5.new_w_1", "-0,2053", C),
    ("conv", "1:q5.new_w_1", "-0,205", C),
    ("conv", "1:q5.e", "y - ŷ = -0,15", C),
    ("conv", "2:q2.w_final", "2,0486", C),
    ("conv", "2:q2.w_final", "2,05", C),
    ("conv", "2:q2.w_final", "2,5", W),
    ("conv", "2:q2.updates", "4", C),
    ("conv", "2:q2.updates", "4,0", C),
    ("conv", "2:q2.updates", "3", W),
    # -- cours-reseaux: δ₃ = f₂′(z₃)(a₃ − y₁) for any f₂
    ("cours", "2:generic.delta_3", "f_2'(z_3)(a_3-y_1)", C),
    ("cours", "2:generic.delta_3", "(a_3 - y_1) f_2'(z_3)", C),
    ("cours", "2:generic.delta_3", "f'_2(z_3)(a_3−y_1)", C),
    ("cours", "2:generic.delta_3", "f2'(z3)(a3-y1)", C),
    ("cours", "2:generic.delta_3", "f_2'(z_3)(y_1-a_3)", W),
    ("cours", "2:num.delta_1", "0,0432", C),
    ("cours", "2:num.delta_1", "4,32.10^-2", C),
    ("cours", "2:num.delta_1", "0,043", C),
    ("cours", "2:num.z_1", "-0,8", C),
    ("cours", "2:num.z_1", "-0,80", C),
    ("cours", "2:num.z_1", "-4/5", C),
    ("cours", "2:num.z_1", "0,8", W),
    ("cours", "2:num.L", "0,48", C),
    ("cours", "1:q2.yhat", "-1,29", C),
    ("cours", "4:q1.leave_p_out", "66", C),
    ("cours", "4:q1.leave_p_out", "12*11/2", C),
    ("cours", "4:q1.leave_p_out", "12×11/2", C),
    ("cours", "4:q1.leave_p_out", "65", W),
    # -- td-hyperparametres: 24 combinations, k = 10: 24 × 10 + 1 = 241 fits; LOO n = 150: 3601; 5 × 241 = 1205
    ("hp", "1:q2.fits", "241", C),
    ("hp", "1:q2.fits", "24x10+1", C),
    ("hp", "1:q2.fits", "24×10+1", C),
    ("hp", "1:q2.fits", "24*10 + 1", C),
    ("hp", "1:q2.fits", "24 x 10 + 1", C),
    ("hp", "1:q2.fits", "240", W),  # the final refit forgotten
    ("hp", "1:q4.loo_fits", "24x150+1", C),
    ("hp", "1:q4.loo_fits", "3 601", C),
    ("hp", "1:q5.nested_fits", "1 205", C),
    # thousands grouped by a space as French typing tools put it (narrow no-break, no-break, thin): 1205;
    # a dot or a comma is a decimal sign for tdgrad: 1.205 and 1,205 are 1,205 fits, wrong
    ("hp", "1:q5.nested_fits", "1\u202f205", C),
    ("hp", "1:q5.nested_fits", "1\u00a0205", C),
    ("hp", "1:q5.nested_fits", "1\u2009205", C),
    ("hp", "1:q4.loo_fits", "3\u202f601", C),
    ("hp", "1:q5.nested_fits", "1.205", W),
    ("hp", "1:q5.nested_fits", "1,205", W),
    ("hp", "1:q5.nested_fits", "12 05", R("12 05")),  # no thousands grouping: two numbers
    ("hp", "1:q5.nested_fits", "5x(24x10+1)", C),
    ("hp", "1:q5.nested_fits", "5×241", C),
    ("hp", "1:q5.nested_fits", "5 x 241", C),
    ("hp", "1:q5.nested_fits", "1200", W),
    ("hp", "1:q3.best_params.kernel", "rbf", C),
    ("hp", "1:q3.best_params.kernel", "'rbf'", C),
    ("hp", "1:q3.best_params.kernel", "RBF", C),
    ("hp", "1:q3.best_params.kernel", "kernel='rbf'", C),
    ("hp", "1:q3.best_params.kernel", "linear", W),
    ("hp", "1:q3.best_score", "0,91", C),
    ("hp", "1:q3.best_score", "91 %", C),
    ("hp", "1:q3.best_score", "91%", C),
    ("hp", "1:q3.best_score", "0,19", W),
    ("hp", "1:q3.best_params.gamma", "0,1", C),
    ("hp", "1:q3.best_params.gamma", "1e-1", C),
    ("hp", "1:q3.best_params.gamma", "10^-1", C),
    ("hp", "1:q3.best_params.gamma", "10⁻¹", C),
    ("hp", "1:q3.best_params.gamma", "1/10", C),
    # -- td-classification: y = 1, m = 3, L = −ln oˢ_y = −ln 0,3344 = 1,0954
    ("clf", "1:q12.grad_hs", "W2.T @ grad_oa", C),
    ("clf", "1:q12.grad_hs", "W2.T.dot(grad_oa)", C),
    ("clf", "1:q12.grad_hs", "np.dot(W2.T, grad_oa)", C),
    ("clf", "1:q12.grad_hs", "W2 @ grad_oa", W),
    ("clf", "1:q12.grad_hs", "W2.T @ (grad_oa", R("'(' was never closed")),
    ("clf", "1:q8.grad_oa", "os - np.eye(m)[y]", C),
    ("clf", "1:q8.grad_oa", "os-np.eye(3)[y]", W),  # the size written by hand
    ("clf", "1:num.os", "[0,3378; 0,3344; 0,3278]", C),
    ("clf", "1:num.os", "[0.3378, 0.3344, 0.3278]", C),
    ("clf", "1:num.os", "[0,34; 0,33; 0,33]", C),
    ("clf", "1:q12.grad_hs", r"W^{(2)T} \frac{\partial L}{\partial o^a}", C),
    ("clf", "1:q12.grad_hs", "W2^T grad_oa", C),
    ("clf", "1:q12.grad_hs", "W2ᵀ·grad_oa", C),
    ("clf", "1:q12.grad_hs", r"{}^tW^{(2)} \frac{\partial L}{\partial o^a}", C),
    ("clf", "1:q8.grad_oa", r"o^s - \text{onehot}_m(y)", C),
    ("clf", "1:q8.grad_oa", "os - e_y", C),
    ("clf", "1:q10.grad_W2", "np.outer(grad_oa, hs)", C),
    ("clf", "1:q10.grad_W2", "grad_oa[:, None] * hs[None, :]", C),
    ("clf", "1:q10.grad_W2", "grad_oa.reshape(-1,1) @ hs.reshape(1,-1)", C),
    ("clf", "1:q14.grad_ha", "grad_hs * (ha > 0)", C),
    ("clf", "1:q14.grad_ha", "grad_hs*(ha>0).astype(float)", C),
    ("clf", "1:q14.grad_ha", "np.where(ha > 0, grad_hs, 0)", C),
    ("clf", "1:q14.grad_ha", "grad_hs * (hs > 0)", C),  # hˢ = relu(hᵃ) > 0 exactly where hᵃ > 0
    ("clf", "1:q14.grad_ha", "grad_hs", W),  # the mask 𝟙(hᵃ > 0) forgotten
    ("clf", "1:q5.n_theta", "24", C),
    ("clf", "1:num.L", "-ln(0,3344)", C),
    ("clf", "1:num.L", "1,0954", C),
    ("clf", "1:num.L", "-log(0,3344)", C),
    ("clf", "1:num.L", "1,1", C),
    ("clf", "1:num.L", "0,4757", W),  # log₁₀
    # superscripts typed on a phone, letters too: e⁻ˣ is e^(−x)
    ("id", "1:log_sigmoid.result", "−ln(1+e⁻ˣ)", C),
    ("id", "1:sigmoid_derivative.result", "e⁻ˣ/(1+e⁻ˣ)²", C),
    ("id", "1:tanh_derivative.result", "4/(eˣ+e⁻ˣ)²", C),  # 4/(2 cosh x)² = 1/cosh² x
    ("td1", "1:q4.da", "xe⁻ᵃˣ/(1+e⁻ᵃˣ)²", C),
    ("id", "1:sigmoid_derivative.result", "eˣ/(1+eˣ)", W),  # σ(x) itself
    # an x spaced apart: the × sign where x is no name, both readings where it may be the variable
    ("id", "1:sigmoid_derivative.result", "σ(x) x (1-σ(x))", R("the variable x or the × sign")),
    ("id", "1:sigmoid_tanh.result", "0,5 x (1+tanh(x/2))", R("0,5 x (")),
    ("td1", "1:q4.da", "σ(ax) x (1-σ(ax))", R("× sign")),  # x·σ(ax)(1−σ(ax)), or the factor x forgotten?
    ("conv", "2:q1.gradient", "(wx - y) x x", R("× sign")),
    ("td1", "1:q2.dx", "2 x σ(2) x (1-σ(2))", C),  # a number question: 2σ(2)(1 − σ(2)) = 0,21
    ("cours", "2:generic.delta_3", "f_2'(z_3) x (a_3-y_1)", C),  # no x in this question: ×
    ("cours", "2:generic.delta_3", "(a_3 - y_1) x f_2'(z_3)", C),
    ("conv", "1:q1.dl/dv_1", "-e x o_1", C),
    ("conv", "1:q1.dl/dv_1", "e x o_1", W),  # ∂ℓ/∂v₁ = −e·o₁: the sign
    ("conv", "2:q1.gradient", "x (wx - y)", C),  # x first, then a space: the variable, as written
    # what is counted, in the question's own words (its label), after the number
    ("cours", "4:q1.leave_p_out", "66 modèles", C),  # C(12, 2) = 12·11/2 = 66
    ("cours", "4:q1.leave_one_out", "12 modèles", C),
    ("conv", "2:q2.updates", "4 mises à jour", C),  # 4 examples, batches of 1
    ("hp", "1:q5.nested_fits", "1205 entraînements", C),  # 5 × (24 × 10 + 1)
    ("hp", "1:q5.nested_fits", "1204 entraînements", W),
    ("conv", "2:q2.updates", "4 fois", R("not words ('fois')")),  # not the label's word: said, not dropped
    ("conv", "2:q2.updates", "4 (une par exemple)", R("une par exemple")),
    ("cours", "2:num.dL/dv_1", "0,00325 ou 0,0033", R("'ou'")),  # two answers
    ("cours", "4:q1.leave_one_out", "douze", R("write only the number")),
    # a power of ten with the × left out; an assignment; a sentence's semicolon
    ("cours", "2:num.dL/dv_1", "3,25 10^-3", C),  # ∂L/∂v₁ = 0,00325
    ("cours", "2:num.dL/dv_1", "3,25 10⁻³", C),
    ("cours", "2:num.dL/dv_1", "3,52 10^-3", W),  # digits swapped
    ("conv", "1:q5.new_w_1", "w_1 := -0,205", C),  # w₁ ← −0,2053
    ("cours", "2:num.dL/dv_1", "0,00325;", C),
    ("cours", "2:generic.delta_3", "f′₂(z₃)(a₃−y₁)", C),  # unicode prime and subscripts
    ("cours", "2:generic.delta_3", "δ3 = (a3 - y1) f2'(z3)", C),
    # the model's equations: a variable written with what it stands for (o₁ = max(0, a₁), a₁ = x₁w₁ + x₂w₂)
    ("conv", "1:q1.dl/dv_1", "-e*relu(a_1)", C),
    ("conv", "1:q1.dl/dv_1", "-e max(0,a_1)", C),
    ("conv", "1:q1.dl/dv_1", "-e max(0, x_1 w_1 + x_2 w_2)", C),
    ("conv", "1:q1.dl/dv_1", "-(y-ŷ) max(0,a_1)", C),
    ("conv", "1:q1.dl/dv_1", "-e max(0,a_2)", W),  # o₂ for o₁
    ("conv", "1:q1.dl/dv_1", "e max(0,a_1)", W),  # the sign
    ("conv", "1:q2.dl/dw_1", "-e(v_1 x_1 H(x_1w_1+x_2w_2) + v_2 x_2 H(x_2w_1+x_3w_2))", C),
    ("conv", "1:q2.dl/dw_1", "-e(v_1 x_1 H(a_1) + v_2 x_3 H(a_2))", W),  # x₃ is w₂'s input through a₂, not w₁'s
    ("conv", "1:q1.dl/dv_1", "-e*b_1", R("unknown name 'b_1' (variables")),  # no b in this network: not "v_1?"
    # a label before a colon, quotes, a doubt: the answer is what follows, as a teacher reads it
    ("td1", "1:q1.value", "réponse : 0,88", C),
    ("td1", "1:q1.value", "Rép: 0,8808", C),
    ("td1", "1:q3.dx", "idem : 0,21", C),  # the same ∂y/∂x by the reverse mode
    ("td1", "1:q1.value", "« 0,88 »", C),
    ("td1", "1:q1.value", "\"0,8808\"", C),
    ("td1", "1:q1.value", "0,88 ?", C),
    ("td1", "1:q1.value", "réponse : 0,12", W),  # 1 − σ(2)
    ("td1", "1:q1.value", "0,88 (faux)", R("'faux'")),  # a word that may change the meaning: said, not dropped
    ("td1", "1:q1.value", "on trouve 0,88", R("'on trouve'")),
    ("td1", "1:q3.dx", "même résultat 0,21", R("'même' is a word")),
    ("td1", "1:q2.dx", "0,21 (a σ(ax)(1-σ(ax)))", C),  # the formula used, after the number
    ("td1", "1:q2.dx", "0,25 (a y(1-y))", W),  # 2 × 0,8808 × 0,1192 = 0,21
    ("td1", "1:q2.dx", "0,1 (1 + e^-2)", W),  # no name inside: the product 0,1 × 1,1353 = 0,1135
    # the question restated: σ′(x) asked, σ′(x) answered — true, and no answer
    ("id", "1:sigmoid_derivative.result", "σ'(x)", W),
    ("id", "1:sigmoid_derivative.result", "(σ(x))'", W),
    ("id", "1:sigmoid_derivative.result", "dσ/dx", W),
    ("id", "1:sigmoid_derivative.result", "d/dx σ(x)", W),
    ("id", "1:sigmoid_derivative.result", "d/dx(1/(1+e^-x))", W),  # the derivative asked, not computed
    ("id", "1:tanh_derivative.result", "tanh'(x)", W),
    ("id", "1:tanh_derivative.result", "1/4 tanh'(x/2)", W),  # true (σ′(x) = ¼·tanh′(x/2) is the other one), but a derivative still
    ("id", "1:tanh_derivative.result", "th'(x) = 1-th²(x)", C),  # the question, then its answer
    ("id", "1:sigmoid_derivative.result", "σ′(x) = σ(x)(1-σ(x))", C),
    # LaTeX from an editor that sizes every bracket (\left( … \right), \bigl( … \bigr))
    ("id", "1:sigmoid_derivative.result", r"\sigma\left(x\right)\left(1-\sigma\left(x\right)\right)", C),
    ("id", "1:sigmoid_derivative.result", r"\sigma\bigl(x\bigr)\bigl(1-\sigma\bigl(x\bigr)\bigr)", C),
    ("id", "1:sigmoid_derivative.result", r"\sigma\left(x\right)\left(1+\sigma\left(x\right)\right)", W),
    ("td1", "1:q4.da", r"x\sigma\left(ax\right)\left(1-\sigma\left(ax\right)\right)", C),
    ("td1", "1:q4.da", r"x\sigma\left(1-\sigma\right)", C),  # σ without its argument: the key's only one, ax
    # folds: sets of examples (numbered from 0 in the statement), in any order, in any brackets
    ("cours", "4:q2.folds", "{4,5,6,7}, {0,1,2,3}, {8,9,10,11}", C),  # the same partition
    ("cours", "4:q2.folds", "{3,2,1,0}, {4,5,6,7}, {8,9,10,11}", C),
    ("cours", "4:q2.folds", "0-3, 4-7, 8-11", C),
    ("cours", "4:q2.folds", "pli 1 : {0,1,2,3}, pli 2 : {4,5,6,7}, pli 3 : {8,9,10,11}", C),
    ("cours", "4:q2.folds", "{0,1,2}, {3,4,5,6,7}, {8,9,10,11}", W),
    ("cours", "4:q2.folds", "{1,2,3,4}, {5,6,7,8}, {9,10,11,12}", W),  # numbered from 1
    ("cours", "4:q3.folds", "{0,1,2,3}, {4,5,6,7}, {8,9,10,11}", W),  # stratified: {0,1,2,7}, {3,4,8,9}, {5,6,10,11}
    ("cours", "4:q3.folds", "{5,6,10,11} {0,1,2,7} {3,4,8,9}", C),
    # a number, then in brackets what it is: not a product (0,7311 × σ(1) = 0,534)
    ("td1", "3:q1.h_1", "0,7311 (σ(1))", C),  # h₁ = σ(1) = 0,7311
    ("td1", "1:q2.dx", "0,21 (2σ(2)(1-σ(2)))", C),  # 2 × 0,8808 × 0,1192 = 0,2100
    ("td1", "3:q1.h_1", "0,5 (σ(1))", W),  # says σ(1), gives 0,5: 0,5 × 0,7311 = 0,366, and 0,5 ≠ 0,7311 either
    # the same words in English (the TDs are written in English too)
    ("td1", "1:q1.value", "about 0.88", C),
    ("td1", "1:q1.value", "0.88 (rounded)", C),
    ("td1", "1:q1.value", "roughly 0.881", C),
    ("td1", "1:q1.value", "≈0.88 (2 d.p.)", C),
    ("td1", "1:q1.value", "about 0.9", W),  # one significant digit
    ("cours", "4:q1.leave_p_out", "66 models", C),  # the English label's own word
    # a spaced dot: the French product sign, as a glued one is
    ("cours", "2:generic.delta_3", "f_2'(z_3) . (a_3 - y_1)", C),
    ("td1", "1:q2.dx", "2 . 0,8808 . 0,1192", C),  # 2 × 0,8808 × 0,1192 = 0,2100
    ("id", "1:sigmoid_derivative.result", "σ(x) . (1 + σ(x))", W),
    # rounded right, with its frame: the rule counts the decimals written, not the words around them
    ("td1", "3:q1.loss", "L = 0,034", C),  # L = 0,03362 rounded to 3 decimals (found by the class-files engineer)
    ("td1", "3:q1.loss", "≈ 0,034", C),
    ("td1", "3:q1.loss", "env. 0,034", C),
    ("td1", "3:q1.loss", "0,034 (arrondi)", C),
    ("td1", "3:q1.loss", "L ≈ 0,03", W),  # one significant digit
    ("td1", "3:q1.loss", "L = 0,035", W),
]

@pytest.fixture(scope="module")
def keys(example_keys):
    return {name: answers.load([path]) for name, path in example_keys.items()}


def _reference(keys, name: str, question: str):
    key = keys[name]
    (table,) = key.tables.values()
    return answers.find(table, question)[1]


def test_there_are_enough_answers():
    assert len(CASES) >= 150
    assert len({(c[1], c[2]) for c in CASES}) == len(CASES)  # no answer twice to one question


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}")
def test_a_hurried_answer_gets_the_teachers_verdict(keys, case):
    name, question, text, expected = case
    ref = _reference(keys, name, question)
    got = grade_one(ref, text, "en")
    if isinstance(expected, tuple):
        verdict, fragment = expected
        assert got.verdict == verdict and fragment in got.feedback, (got.verdict, got.feedback)
        said = grade_one(ref, text, "fr").feedback
        assert "«" in said and said != got.feedback, said  # said to the French student in French
    else:
        assert got.verdict == expected, (got.verdict, got.feedback)


# -- 24x10+1: x between two numbers

def test_x_between_numbers_is_a_product_in_a_number_question():
    import sympy as sp

    assert read("24x10+1", ()) == 241
    assert read("3,36x10^-2", ()) == sp.Rational(336, 10000)
    assert read("0,3x0,731+0,9x0,750+0,1", ()) == sp.Rational(9943, 10000)  # 0,2193 + 0,675 + 0,1


def test_x_between_numbers_with_decimals_is_a_product_anywhere():
    # x₀,₇₃₁ is no name: 0,3x0,731 can only be a product (a derivation's step, equiv)
    assert abs(float(read("0,3x0,731+0,9x0,750+0,1")) - 0.9943) < 1e-12


@pytest.mark.parametrize("variables", [None, ("a", "x")])
def test_24x10_is_refused_where_x_may_be_a_variable(variables):
    with pytest.raises(ExpressionError) as info:
        read("24x10+1", variables)
    english, french = info.value.say("en"), info.value.say("fr")
    assert "'24x10' has two readings" in english and "24×10" in english and "24·x" in english, english
    assert "« 24x10 » se lit de deux façons" in french, french


def test_x10_is_read_as_a_name_when_the_question_has_it():
    from tdgrad.parse import symbol

    assert read("24x10+1", ("x_10", "y")) == 24 * symbol("x_10") + 1


def test_x_is_a_product_where_it_is_no_name_of_the_question():
    assert read("2x3 + w", ("w",)) == 6 + read("w", ("w",))


def test_the_cases_key_questions_exist(keys):
    for name, question, *_ in CASES:
        assert _reference(keys, name, question) is not None


def test_the_float_check_agrees_on_every_hurried_expression_answer(keys):
    """`tdgrad check`'s path without SymPy (student/floats.py) gives the SymPy path's result or none."""
    from tdgrad.student import floats

    decided = 0
    for name, question, text, _ in CASES:
        ref = _reference(keys, name, question)
        if ref.type != "expression":
            continue
        for lang in ("fr", "en"):
            quick = floats.grade(ref, text, lang)
            assert quick is None or quick == grade_one(ref, text, lang), (question, text, quick)
            decided += quick is not None
    assert decided >= 20


def test_json_shows_the_reading_with_sigmas_argument(example_keys, capsys):
    """`check --json` shows σ(1-σ) as it was graded: with the key's σ argument, a x read as a·x."""
    from tdgrad import cli

    code = cli.main(["check", str(example_keys["td1"]), "1:q4.da", "x σ(1-σ)", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and shown["verdict"] == "correct"
    assert shown["read_as"].replace(" ", "") in ("x*(1-sigmoid(a*x))*sigmoid(a*x)", "x*sigmoid(a*x)*(1-sigmoid(a*x))")


# -- a wrong answer that agrees with the key near 0 (a Taylor expansion, tanh(x²) for tanh²(x)):
# the counterexample shown must be a point where the two values visibly differ, computed here by numpy
NEAR_MISSES = [
    ("id", "1:tanh_derivative.result", "1 - tanh(x^2)", lambda x: 1 - np.tanh(x ** 2)),
    ("id", "1:tanh_derivative.result", "1-x²", lambda x: 1 - x ** 2),
    ("id", "1:sigmoid_derivative.result", "1/4 - x^2/16", lambda x: 0.25 - x ** 2 / 16),
    ("id", "1:sigmoid_tanh.result", "1/2 + x/4", lambda x: 0.5 + x / 4),
    ("id", "1:log_sigmoid.result", "x/2 - ln(2)", lambda x: x / 2 - np.log(2)),
    ("id", "1:log_sigmoid.result", "-ln2 + x/2 - x²/8", lambda x: -np.log(2) + x / 2 - x ** 2 / 8),
]
KEYS_AT = {"1:tanh_derivative.result": lambda x: 1 - np.tanh(x) ** 2,
           "1:sigmoid_derivative.result": lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
           "1:sigmoid_tanh.result": lambda x: 1 / (1 + np.exp(-x)),
           "1:log_sigmoid.result": lambda x: -np.log1p(np.exp(-x))}


@pytest.mark.parametrize("case", NEAR_MISSES, ids=lambda c: c[2])
def test_a_near_miss_is_shown_where_the_values_visibly_differ(keys, case):
    import re

    name, question, text, student = case
    got = grade_one(_reference(keys, name, question), text, "fr")
    found = re.fullmatch(r"en x = (\S+) : (\S+) au lieu de (\S+)", got.feedback)
    assert got.verdict == W and found, got.feedback
    x, said, expected = (float(g.replace(",", ".")) for g in found.groups())
    assert found.group(2) != found.group(3)  # not "0,9999 au lieu de 0,9999"
    assert abs(said - student(x)) <= 1e-3 * (1 + abs(said)) and abs(expected - KEYS_AT[question](x)) <= 1e-3 * (1 + abs(expected))


def test_a_generic_functions_value_is_named_as_the_student_wrote_it(keys):
    # δ₃ = f₂′(z₃)(a₃ − y₁): the check reads f₂′(z₃) as one unknown; the feedback says f_2'(z_3)
    ref = _reference(keys, "cours", "2:generic.delta_3")
    missing = grade_one(ref, "(a_3-y_1)", "fr")
    unknown = grade_one(ref, "f_2'(z_3)*(a_3 - y)", "fr")
    assert missing.verdict == W and "f_2'(z_3)" in missing.feedback
    assert unknown.verdict == "unparsable" and "f_2'(z_3)" in unknown.feedback
    assert not any("atz" in r.feedback for r in (missing, unknown))
    assert grade_one(ref, "f'_2(z_3)(a_3-y_1)", "fr").feedback == ""  # proven, not "checked numerically"


def test_a_name_with_another_letter_is_no_typo(keys):
    # b_1 is not a misspelt v_1: no "did you mean v_1?"; x_4 may be a misspelt x_k
    ref = _reference(keys, "conv", "1:q1.dl/dv_1")
    assert "v_1?" not in grade_one(ref, "-e*b_1", "en").feedback
    ref = _reference(keys, "conv", "1:q2.dl/dw_1")
    assert "did you mean x_" in grade_one(ref, "-e(v_1 x_1 H(a_1) + v_2 x_4 H(a_2))", "en").feedback


def test_the_restated_question_is_said_to_be_no_answer(keys):
    ref = _reference(keys, "id", "1:sigmoid_derivative.result")
    for lang, words in (("fr", "sans dérivée"), ("en", "without a derivative")):
        got = grade_one(ref, "σ'(x)", lang)
        assert got.verdict == W and words in got.feedback and "σ′(x)" in got.feedback


def test_folds_numbered_from_one_are_told_so(keys):
    ref = _reference(keys, "cours", "4:q2.folds")
    assert "numbered from 0" in grade_one(ref, "{1,2,3,4}, {5,6,7,8}, {9,10,11,12}", "en").feedback
    assert grade_one(ref, "rbf", "fr").feedback.startswith("attendu : {0, 1, 2, 3}")  # not "environ"


@pytest.mark.parametrize("name, question, text, read_as", [
    ("cours", "4:q1.leave_p_out", "66 modèles", "66"),
    ("td1", "1:q2.dx", "0,21 (a σ(ax)(1-σ(ax)))", "21/100"),
    ("td1", "1:q1.value", "réponse : 0,88", "22/25"),
    ("id", "1:sigmoid_derivative.result", "σ(1-σ)", "(1 - sigmoid(x))*sigmoid(x)"),  # σ's implicit argument
])
def test_check_json_shows_what_grading_read(example_keys, name, question, text, read_as, capsys):
    from tdgrad.cli import main

    code = main(["check", str(example_keys[name]), question, text, "--json"])
    got = json.loads(capsys.readouterr().out)
    assert code == 0 and got["verdict"] == C and got["read_as"] == read_as


# -- pieces of hurried answers put together at random: every answer gets a verdict, never a crash
# (the kind of crash a random search found once: 10^30 in a message, test_answers.py)
PIECES = ["0", "1", "2", "9", ",", ".", "10^", "30", "10^30", "10^-30", "+", "-", "*", "/", "^2", "(", ")", " ", "x", " x ", "a",
          "e-", "e^-", "σ(", "tanh(", "ln(", "⁻ˣ", "²", "=", ":", "?", "« ", " »", "réponse : ", "modèles",
          " (faux)", "environ ", "\\left(", "\\right)", "\\sigma", "o_1", "a_1", "max(0,", "H(", "f_2'(z_3)",
          "{0,1}", "0-3", "d/dx ", "dσ/dx", "'", " . ", "%", "e"]
FUZZED = [("td1", "1:q1.value"), ("td1", "1:q4.da"), ("id", "1:sigmoid_derivative.result"),
          ("conv", "1:q1.dl/dv_1"), ("cours", "2:generic.delta_3"), ("cours", "4:q2.folds"),
          ("hp", "1:q5.nested_fits")]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(FUZZED), st.lists(st.sampled_from(PIECES), min_size=1, max_size=9))
def test_any_mix_of_hurried_pieces_gets_a_verdict(keys, question, pieces):
    got = grade_one(_reference(keys, *question), "".join(pieces), "fr")
    assert got.verdict in ("correct", "wrong", "unparsable", "undecided") and (got.verdict == "correct") == (got.points > 0)

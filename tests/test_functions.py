import numpy as np
import pytest
import sympy as sp

from tdgrad.functions import compile, course_latex, relu, sigmoid, softplus

z = sp.Symbol("z", real=True)


@pytest.mark.parametrize("f, rewritten", [
    (sigmoid, 1 / (1 + sp.exp(-z))),
    (softplus, sp.log(1 + sp.exp(z))),
])
def test_derivative_rule_matches_the_elementary_form(f, rewritten):
    assert sp.simplify(sp.diff(f(z), z).rewrite(sp.exp) - sp.diff(rewritten, z)) == 0
    assert sp.simplify(f(z).rewrite(sp.exp) - rewritten) == 0


def test_relu_derivative_is_the_step():
    assert sp.diff(relu(z), z) == sp.Heaviside(z, 0)
    fn = compile(z, sp.diff(relu(z), z))
    assert [float(fn(v)) for v in (-1.0, 0.0, 2.0)] == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("v", [-30.0, -1.5, 0.0, 0.7, 30.0])
def test_compiled_forms_agree_with_numpy(v):
    assert float(compile(z, sigmoid(z))(v)) == pytest.approx(1 / (1 + np.exp(-v)), rel=1e-12)
    assert float(compile(z, softplus(z))(v)) == pytest.approx(np.log1p(np.exp(v)), rel=1e-12)
    assert float(compile(z, relu(z))(v)) == max(v, 0.0)


def test_course_latex_uses_sigma_and_decimal_comma():
    assert course_latex(sp.diff(sigmoid(z), z)) == r"\left(1 - \sigma\left(z\right)\right) \sigma\left(z\right)"
    assert course_latex(sp.Float(0.25) * z, "fr") == "0{,}25 z"

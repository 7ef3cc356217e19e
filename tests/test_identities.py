import pytest
import numpy as np
import sympy as sp

from tdgrad.exercises import identities
from tdgrad.functions import softplus

x = identities.x


def test_every_chain_of_the_seed_is_proved_step_by_step():
    for name, chain in identities._chains().items():
        assert all(identities.prove(chain)), name
        assert identities.numerically_equal(chain, np.random.default_rng(1)), name


def test_a_wrong_step_is_found_where_it_is():
    # seed 001 writes ln(1) − ln(1 + e^{−x}) = 0 + ln(1 + e^{−x}): a lost sign
    chain = (sp.log(1 / (1 + sp.exp(-x))), sp.log(1) - sp.log(1 + sp.exp(-x)),
             sp.log(1 + sp.exp(-x)), -softplus(-x))
    assert identities.prove(chain) == [True, False, False]
    assert not identities.numerically_equal(chain, np.random.default_rng(1))


def test_numeric_checks_match_numpy():
    s = identities.solve({"which": list(identities.NAMES), "x": 0.5}, "t")
    sig = 1 / (1 + np.exp(-0.5))
    assert abs(s.answers["check.sigmoid"].exact - sig) < 1e-12
    assert s.answers["check.sigmoid_derivative"].exact == pytest.approx(sig * (1 - sig), rel=1e-11)
    assert abs(s.answers["check.log_sigmoid"].exact + np.log1p(np.exp(-0.5))) < 1e-12

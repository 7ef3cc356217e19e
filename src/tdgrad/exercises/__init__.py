"""The catalog: one module per exercise kind, one template per module, listed here.

To add an exercise: write ``exercises/<kind>.py`` (see ``base.py`` for what it provides) and
``templates/exercises/<kind>.tex.j2``, then add the module to ``EXERCISES`` below.
``tdgrad new KIND`` writes both skeletons.
"""

from tdgrad.exercises import (backprop_deltas, batch_sgd, classification, convolution,
                              cross_validation, grid_search, identities, mlp, network_function, sigmoid_ad,
                              softmax_ce, trace)

EXERCISES = {unit.KIND: unit for unit in (
    sigmoid_ad, trace, mlp,  # TD n°1 (seeds 000, 002)
    identities, classification,  # seed 001
    convolution, batch_sgd,  # seed 003
    network_function, backprop_deltas, softmax_ce, cross_validation, grid_search,  # seed 004
)}

"""The catalog: one module per exercise kind, one template per module, listed here.

To add an exercise: write ``exercises/<kind>.py`` (see ``base.py`` for what it provides) and
``templates/exercises/<kind>.tex.j2``, then add one line below. ``tdgrad new KIND`` writes both
skeletons.
"""

from tdgrad.exercises import (batch_sgd, classification, convolution, identities, mlp, sigmoid_ad,
                              trace)

EXERCISES = {unit.KIND: unit for unit in (sigmoid_ad, trace, mlp, convolution, batch_sgd, identities,
                                                 classification)}

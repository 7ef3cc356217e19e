"""Independent reference computations for the tests: plain numpy, no SymPy, no tdgrad code.

A dense network's forward pass and hand-written backpropagation, and a central-difference
gradient of its loss, so that the engine's SymPy-derived values are checked against numbers
computed another way.
"""

import numpy as np

ACT = {
    "identity": (lambda z: z, lambda z, h: np.ones_like(z)),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, h: h * (1 - h)),
    "tanh": (np.tanh, lambda z, h: 1 - h ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z, h: (z > 0).astype(float)),
}


def forward(weights, biases, activations, x):
    hs, zs = [np.asarray(x, float)], []
    for W, b, act in zip(weights, biases, activations):
        z = np.asarray(W) @ hs[-1] + np.asarray(b)
        if act == "softmax":
            e = np.exp(z - z.max())
            h = e / e.sum()
        else:
            h = ACT[act][0](z)
        zs.append(z)
        hs.append(h)
    return zs, hs


def loss(weights, biases, activations, lossname, x, y):
    _, hs = forward(weights, biases, activations, x)
    h, y = hs[-1], np.asarray(y, float)
    if lossname == "mse":
        return 0.5 * np.sum((h - y) ** 2)
    if activations[-1] == "softmax":
        return -np.sum(y * np.log(h))
    return -np.sum(y * np.log(h) + (1 - y) * np.log(1 - h))


def backprop(weights, biases, activations, lossname, x, y):
    """Gradients (dW list, db list) by the textbook backward pass."""
    zs, hs = forward(weights, biases, activations, x)
    y = np.asarray(y, float)
    out = activations[-1]
    if lossname == "cross_entropy":  # softmax+CE and sigmoid+BCE both give h - y
        delta = hs[-1] - y
    elif out == "softmax":
        s = hs[-1]
        J = np.diag(s) - np.outer(s, s)
        delta = J.T @ (s - y)
    else:
        delta = (hs[-1] - y) * ACT[out][1](zs[-1], hs[-1])
    dW, db = [None] * len(weights), [None] * len(weights)
    for l in reversed(range(len(weights))):
        dW[l] = np.outer(delta, hs[l])
        db[l] = delta.copy()
        if l:
            delta = (np.asarray(weights[l]).T @ delta) * ACT[activations[l - 1]][1](zs[l - 1], hs[l])
    return dW, db


def numeric_gradient(f, theta, h=1e-6):
    theta = np.array(theta, float)
    g = np.zeros_like(theta)
    for i in range(len(theta)):
        e = np.zeros_like(theta)
        e[i] = h
        g[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    return g

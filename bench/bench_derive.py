"""Dense-network derivation speed (issue 11): any network up to 5 layers of width ≤ 16 in under 5 s.

For each architecture, in a fresh process (no cache): the time SymPy takes to derive the network
(``dense.network``: activation derivatives, δ formulas, per-layer compiled functions), one forward
and backward pass, the finite-difference check of every claim, and the whole
``tdgrad generate --tex-only`` of a one-exercise spec (every value drawn, so the draws that avoid
a poor exercise are included, and the rendering). Before
the per-layer derivation, issue 11 reported 30 s for [10, 10, 1], over 2 minutes for
[10, 10, 10, 1] and over 25 minutes for [10, 10, 10, 10, 1]. Beyond the documented limits the
command must stop at once with exit 2.

    .venv/bin/python bench/bench_derive.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 5.0  # seconds to derive any network within the limits
ARCHITECTURES = [
    ([10, 10, 1], ["sigmoid", "tanh"], "mse"),
    ([10, 10, 10, 1], ["tanh", "tanh", "identity"], "mse"),
    ([10, 10, 10, 10, 1], ["relu", "relu", "relu", "sigmoid"], "cross_entropy"),
    ([10, 10, 10, 10, 1], ["relu"] * 4, "mse"),
    ([16, 16, 16, 16, 16, 16], ["tanh"] * 5, "mse"),
    ([16, 16, 16, 16, 16, 16], ["sigmoid"] * 4 + ["softmax"], "cross_entropy"),
]
PROBE = """
import json, sys, time
import numpy as np
from tdgrad.check import verify
from tdgrad.engines import dense
sizes, acts, loss = json.loads(sys.argv[1])
start = time.perf_counter()
net = dense.network(tuple(sizes), tuple(acts), loss)
derive = time.perf_counter() - start
rng = np.random.default_rng(0)
theta = (rng.normal(size=len(net.parameters)) * 0.3).tolist()
x = rng.normal(size=sizes[0]).tolist()
y = [1.0] + [0.0] * (sizes[-1] - 1)
start = time.perf_counter()
r = dense.evaluate(net, x, theta, y)
evaluate = time.perf_counter() - start
start = time.perf_counter()
checked = verify(dense.claims(net, x, theta, y, r, "bench"))
check = time.perf_counter() - start
print(json.dumps({"derive": derive, "evaluate": evaluate, "check": check, "claims": checked,
                  "parameters": len(net.parameters)}))
"""


def probe(arch) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(arch)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def generate(arch, folder: Path) -> tuple[float, int, str]:
    sizes, acts, loss = arch
    spec = folder / "net.toml"
    spec.write_text(f'title = "bench"\n[[exercise]]\nkind = "mlp"\nlayers = {sizes}\n'
                    f"activations = {json.dumps(acts)}\nloss = \"{loss}\"\n")
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "tdgrad", "generate", str(spec), "--out", str(folder),
                        "--tex-only"], capture_output=True, text=True)
    return time.perf_counter() - start, r.returncode, r.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the end-to-end generate runs")
    args = parser.parse_args()
    print(f"{'layers':<26} {'activations':<34} {'θ':>5} {'derive':>8} {'pass':>8} {'check':>8}"
          f" {'generate':>9}  goal ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for arch in ARCHITECTURES:
            p = probe(arch)
            line = (f"{str(arch[0]):<26} {','.join(arch[1]):<34} {p['parameters']:>5} "
                    f"{p['derive']:>7.2f}s {p['evaluate'] * 1000:>6.1f}ms {p['check']:>7.2f}s")
            seconds = p["derive"]  # --quick: the derivation alone against the goal
            if not args.quick:  # else the whole command, values drawn, rendering included
                seconds, code, err = generate(arch, Path(tmp))
                line += f" {seconds:>8.2f}s" + ("" if code == 0 else f" (exit {code}: {err[-60:]})")
            print(line + f"  {seconds / GOAL:.2f}")
        seconds, code, err = generate(([17, 2, 1], ["tanh", "tanh"], "mse"), Path(tmp))
        print(f"\nbeyond the limits, [17, 2, 1]: exit {code} after {seconds:.2f}s: {err}")


if __name__ == "__main__":
    main()

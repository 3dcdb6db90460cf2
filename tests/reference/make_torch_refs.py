#!/usr/bin/python3
# Writes PyTorch reference trajectories (float64, torch.optim single-tensor code) into tests/data/:
# one torch_<optimizer>_<landscape>[_<variant>].csv per setting and the manifest torch_refs.csv
# that tests/core/test_optimizer.cpp replays. Run with Debian's /usr/bin/python3 (python3-torch).
import math
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
STEPS = 50


def yarotsky(w, eps=0.1):
    return (w[1] - w[0] ** 2) ** 2 + eps * w[0] ** 2


def rosenbrock(w):
    return (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2


def ill_conditioned(w, alpha1=1.0, alpha2=0.05, theta=30.0):
    c, s = math.cos(theta * math.pi / 180), math.sin(theta * math.pi / 180)
    u = c * w[0] + s * w[1]
    v = -s * w[0] + c * w[1]
    return alpha1 * u ** 2 + alpha2 * v ** 2


def saddle(w):
    return w[0] ** 2 - w[1] ** 2


def product(w):
    return (1 - w[0] * w[1]) ** 2


def two_layer_linear(w, x=1.0, t=1.0, **kw):
    lam = kw.get("lambda", 0.1)
    return (w[1] * w[0] * x - t) ** 2 + lam * (w[0] ** 2 + w[1] ** 2)


LANDSCAPES = {"yarotsky": yarotsky, "rosenbrock": rosenbrock, "ill-conditioned": ill_conditioned,
              "saddle": saddle, "product": product, "two-layer-linear": two_layer_linear}

# (variant, optimizer, landscape, landscape params, hyperparameters, start)
CASES = [
    ("", "gd", "rosenbrock", {}, dict(lr=1e-3), (-1.2, 1.0)),
    ("", "gd", "ill-conditioned", {}, dict(lr=0.4), (-1.8, 1.2)),
    ("wd", "gd", "yarotsky", {"eps": 0.1}, dict(lr=0.05, weight_decay=0.01), (-1.7, 1.6)),
    ("", "momentum", "rosenbrock", {}, dict(lr=2e-4, momentum=0.9), (-1.2, 1.0)),
    ("damp", "momentum", "yarotsky", {"eps": 0.3},
     dict(lr=0.02, momentum=0.8, dampening=0.3, weight_decay=0.01), (-1.7, 1.6)),
    ("", "momentum", "ill-conditioned", {"alpha1": 2.0, "alpha2": 0.1, "theta": -20.0},
     dict(lr=0.1, momentum=0.7), (-1.8, 1.2)),
    ("", "momentum", "product", {}, dict(lr=0.05, momentum=0.5, dampening=0.1), (-1.6, 0.2)),
    ("", "nesterov", "rosenbrock", {}, dict(lr=2e-4, momentum=0.9), (-1.2, 1.0)),
    ("wd", "nesterov", "ill-conditioned", {}, dict(lr=0.2, momentum=0.8, weight_decay=0.05),
     (-1.8, 1.2)),
    ("", "nesterov", "two-layer-linear", {"x": 1.5, "t": -0.8, "lambda": 0.05},
     dict(lr=0.05, momentum=0.6), (1.5, -1.3)),
    ("", "adam", "rosenbrock", {}, dict(lr=0.02), (-1.2, 1.0)),
    ("wd", "adam", "yarotsky", {"eps": 0.1}, dict(lr=0.05, weight_decay=0.1), (-1.7, 1.6)),
    ("betas", "adam", "ill-conditioned", {"alpha1": 5.0, "alpha2": 0.01, "theta": 45.0},
     dict(lr=0.1, betas=(0.8, 0.99), eps=1e-6), (-1.8, 1.2)),
    ("", "adam", "saddle", {}, dict(lr=0.1), (-1.5, 0.05)),
]


def make_optimizer(kind, params, h):
    if kind == "gd":
        return torch.optim.SGD(params, lr=h["lr"], weight_decay=h.get("weight_decay", 0))
    if kind in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=h["lr"], momentum=h["momentum"],
                               dampening=h.get("dampening", 0),
                               weight_decay=h.get("weight_decay", 0),
                               nesterov=kind == "nesterov", foreach=False)
    betas = h.get("betas", (0.9, 0.999))
    return torch.optim.Adam(params, lr=h["lr"], betas=betas, eps=h.get("eps", 1e-8),
                            weight_decay=h.get("weight_decay", 0), foreach=False)


def main():
    manifest = ["file,optimizer,landscape,params,lr,momentum,dampening,beta1,beta2,eps,"
                "weight_decay,w1,w2,steps"]
    for variant, kind, land, lp, h, start in CASES:
        name = "torch_%s_%s%s.csv" % (kind, land.replace("-", "_"), "_" + variant if variant else "")
        w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        opt = make_optimizer(kind, [w], h)
        rows = ["step,w1,w2,loss"]
        for k in range(STEPS + 1):
            opt.zero_grad()
            loss = LANDSCAPES[land](w, **lp)
            loss.backward()
            a, b = w.tolist()
            rows.append("%d,%r,%r,%r" % (k, a, b, loss.item()))
            if k < STEPS:
                opt.step()
        with open(os.path.join(DATA, name), "w") as f:
            f.write("\n".join(rows) + "\n")
        betas = h.get("betas", (0.9, 0.999))
        params = ";".join("%s=%r" % kv for kv in lp.items()) or "-"
        manifest.append(",".join([name, kind, land, params, repr(h["lr"]),
                                  repr(h.get("momentum", 0.0)), repr(h.get("dampening", 0.0)),
                                  repr(betas[0]), repr(betas[1]), repr(h.get("eps", 1e-8)),
                                  repr(h.get("weight_decay", 0.0)), repr(start[0]),
                                  repr(start[1]), str(STEPS)]))
    with open(os.path.join(DATA, "torch_refs.csv"), "w") as f:
        f.write("# written by tests/reference/make_torch_refs.py with torch %s\n" % torch.__version__)
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()

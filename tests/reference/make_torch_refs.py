#!/usr/bin/python3
# Writes PyTorch reference trajectories (float64, torch.optim single-tensor code) into tests/data/:
# one torch_<optimizer>_<landscape>[_<variant>].csv per setting, the manifests torch_refs.csv
# (tests/core/test_optimizer.cpp) and torch_refs_more.csv (Adagrad, RMSprop, AMSGrad, AdamW and the
# lr_scheduler schedules, tests/core/test_optimizer_more.cpp and test_schedule.cpp), and the rate
# sequences torch_schedule_lrs_<family>.csv. Run with Debian's /usr/bin/python3 (python3-torch).
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


# The optimizers and schedules added with issue 5: (variant, optimizer, landscape, landscape
# params, hyperparameters, schedule or None, start). Schedules are (Optiscape spec, torch factory).
def step_lr(every, gamma):
    return ("step:every=%d;gamma=%r" % (every, gamma),
            lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=every, gamma=gamma))


def exponential_lr(gamma):
    return ("exponential:gamma=%r" % gamma,
            lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=gamma))


def cosine_lr(period, eta_min):
    return ("cosine:period=%d;min=%r" % (period, eta_min),
            lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=period, eta_min=eta_min))


def cyclic_lr(low, high, period):
    return ("cyclical:low=%r;high=%r;period=%d" % (low, high, period),
            lambda o: torch.optim.lr_scheduler.CyclicLR(o, base_lr=low, max_lr=high,
                                                        step_size_up=period / 2,
                                                        mode="triangular", cycle_momentum=False))


MORE = [
    ("", "adagrad", "rosenbrock", {}, dict(lr=0.1), None, (-1.2, 1.0)),
    ("decay", "adagrad", "yarotsky", {"eps": 0.1},
     dict(lr=0.3, lr_decay=0.05, weight_decay=0.01), None, (-1.7, 1.6)),
    ("eps", "adagrad", "ill-conditioned", {}, dict(lr=0.5, eps=1e-6), None, (-1.8, 1.2)),
    ("", "rmsprop", "rosenbrock", {}, dict(lr=0.01), None, (-1.2, 1.0)),
    ("centered_momentum", "rmsprop", "yarotsky", {"eps": 0.1},
     dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True), None, (-1.7, 1.6)),
    ("centered", "rmsprop", "ill-conditioned", {"alpha1": 2.0, "alpha2": 0.1, "theta": -20.0},
     dict(lr=0.02, centered=True, weight_decay=0.05), None, (-1.8, 1.2)),
    ("momentum", "rmsprop", "product", {}, dict(lr=0.01, momentum=0.8, alpha=0.95, eps=1e-6),
     None, (-1.6, 0.2)),
    ("", "amsgrad", "rosenbrock", {}, dict(lr=0.02), None, (-1.2, 1.0)),
    ("betas", "amsgrad", "two-layer-linear", {"x": 1.5, "t": -0.8, "lambda": 0.05},
     dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.01), None, (1.5, -1.3)),
    ("", "adamw", "rosenbrock", {}, dict(lr=0.02), None, (-1.2, 1.0)),
    ("wd", "adamw", "yarotsky", {"eps": 0.1}, dict(lr=0.05, weight_decay=0.1, betas=(0.85, 0.995)),
     None, (-1.7, 1.6)),
    ("steplr", "gd", "ill-conditioned", {}, dict(lr=0.4), step_lr(10, 0.5), (-1.8, 1.2)),
    ("explr", "momentum", "rosenbrock", {}, dict(lr=2e-4, momentum=0.9), exponential_lr(0.95),
     (-1.2, 1.0)),
    ("cosine", "gd", "yarotsky", {"eps": 0.1}, dict(lr=0.1), cosine_lr(20, 0.01), (-1.7, 1.6)),
    ("cosine", "adam", "rosenbrock", {}, dict(lr=0.05), cosine_lr(15, 0.0), (-1.2, 1.0)),
    ("cyclic", "gd", "ill-conditioned", {}, dict(lr=0.1), cyclic_lr(0.01, 0.2, 20), (-1.8, 1.2)),
    ("cyclic", "momentum", "yarotsky", {"eps": 0.1}, dict(lr=0.01, momentum=0.8),
     cyclic_lr(0.001, 0.05, 15), (-1.7, 1.6)),
    ("steplr", "rmsprop", "product", {}, dict(lr=0.02, alpha=0.9), step_lr(7, 0.7), (-1.6, 0.2)),
]

# Rate sequences only: (spec, base lr, torch factory), 300 steps each.
LR_SEQUENCES = [
    step_lr(50, 0.5) + (0.1,), step_lr(1, 0.9) + (1.0,), exponential_lr(0.99) + (0.05,),
    cosine_lr(100, 0.001) + (0.1,), cosine_lr(7, 0.0) + (1.0,), cyclic_lr(0.001, 0.1, 80) + (0.5,),
    cyclic_lr(0.0, 1.0, 9) + (0.5,),
]


def make_more_optimizer(kind, params, h):
    wd = h.get("weight_decay", 0)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=h["lr"], lr_decay=h.get("lr_decay", 0),
                                   weight_decay=wd, eps=h.get("eps", 1e-10), foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=h["lr"], alpha=h.get("alpha", 0.99),
                                   eps=h.get("eps", 1e-8), weight_decay=wd,
                                   momentum=h.get("momentum", 0), centered=h.get("centered", False),
                                   foreach=False)
    betas = h.get("betas", (0.9, 0.999))
    if kind == "amsgrad":
        return torch.optim.Adam(params, lr=h["lr"], betas=betas, eps=h.get("eps", 1e-8),
                                weight_decay=wd, amsgrad=True, foreach=False)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=h["lr"], betas=betas, eps=h.get("eps", 1e-8),
                                 weight_decay=h.get("weight_decay", 0.01), foreach=False)
    return make_optimizer(kind, params, h)


def hyper_text(kind, h):
    names = {"lr_decay": "lr-decay", "weight_decay": "weight-decay"}
    items = []
    for k, v in h.items():
        if k == "betas":
            items += ["beta1=%r" % v[0], "beta2=%r" % v[1]]
        elif k == "centered":
            items.append("centered=%d" % int(v))
        else:
            items.append("%s=%r" % (names.get(k, k), v))
    if kind == "adamw" and "weight_decay" not in h:
        items.append("weight-decay=0.01")
    return ";".join(items)


def main_more():
    manifest = ["file,optimizer,landscape,params,hyper,schedule,w1,w2,steps"]
    for variant, kind, land, lp, h, sched, start in MORE:
        name = "torch_%s_%s%s.csv" % (kind, land.replace("-", "_"), "_" + variant if variant else "")
        w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        opt = make_more_optimizer(kind, [w], h)
        scheduler = sched[1](opt) if sched else None
        rows = ["step,w1,w2,loss,lr"]
        for k in range(STEPS + 1):
            opt.zero_grad()
            loss = LANDSCAPES[land](w, **lp)
            loss.backward()
            a, b = w.tolist()
            rows.append("%d,%r,%r,%r,%r" % (k, a, b, loss.item(), opt.param_groups[0]["lr"]))
            if k < STEPS:
                opt.step()
                if scheduler:
                    scheduler.step()
        with open(os.path.join(DATA, name), "w") as f:
            f.write("\n".join(rows) + "\n")
        params = ";".join("%s=%r" % kv for kv in lp.items()) or "-"
        manifest.append(",".join([name, kind, land, params, hyper_text(kind, h),
                                  sched[0] if sched else "constant", repr(start[0]),
                                  repr(start[1]), str(STEPS)]))
    with open(os.path.join(DATA, "torch_refs_more.csv"), "w") as f:
        f.write("# written by tests/reference/make_torch_refs.py with torch %s\n" % torch.__version__)
        f.write("\n".join(manifest) + "\n")

    families = {}  # one file per schedule family: torch_schedule_lrs_<family>.csv
    for spec, factory, base in LR_SEQUENCES:
        rows = families.setdefault(spec.split(":")[0], ["spec,base_lr,k,lr"])
        w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w], lr=base)
        scheduler = factory(opt)
        for k in range(300):
            rows.append("%s,%r,%d,%r" % (spec, base, k, opt.param_groups[0]["lr"]))
            opt.step()
            scheduler.step()
    for family, rows in families.items():
        with open(os.path.join(DATA, "torch_schedule_lrs_%s.csv" % family), "w") as f:
            f.write("# written by tests/reference/make_torch_refs.py with torch %s\n" % torch.__version__)
            f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
    main_more()

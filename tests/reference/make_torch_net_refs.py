#!/usr/bin/python3
# Writes PyTorch (float64) references for small networks into tests/data/nets/: data sets data_*.csv,
# full-batch training runs <case>.csv with their initial weights <case>_init.json and the manifest
# net_refs.csv, and Hessian references hess_<name>.json. Run with Debian's /usr/bin/python3 (python3-torch).
import json
import math
import os
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "nets")
STEPS = 500


# ---------------------------------------------------------------- data sets (pure Python RNG)
def r4(x):
    """Rounds to 4 decimals: the CSV's shortest text then parses back to exactly this double."""
    return round(x, 4)


def blobs(seed, centers, per_class, spread):
    rng = random.Random(seed)
    rows = []
    for c, (cx, cy) in enumerate(centers):
        for _ in range(per_class):
            rows.append((r4(rng.gauss(cx, spread)), r4(rng.gauss(cy, spread)), c))
    rng.shuffle(rows)
    return rows


def regression2(seed, n):
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x1, x2 = r4(rng.uniform(-2.5, 2.5)), r4(rng.uniform(-2.0, 2.0))
        rows.append((x1, x2, r4(math.sin(x1) + 0.5 * x2 + rng.gauss(0.0, 0.1))))
    return rows


def regression1(seed, n):
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x = r4(rng.uniform(-3.0, 3.0))
        rows.append((x, r4(math.sin(1.5 * x) + 0.3 * x + rng.gauss(0.0, 0.1))))
    return rows


DATASETS = {
    "data_blobs2.csv": (blobs(11, [(-0.8, -0.5), (0.8, 0.6)], 20, 0.75), "class"),
    "data_blobs3.csv": (blobs(12, [(math.cos(a), math.sin(a)) for a in (0.3, 2.4, 4.5)], 15, 0.55),
                        "class"),
    "data_reg.csv": (regression2(13, 40), "real"),
    "data_reg1.csv": (regression1(14, 30), "real"),
}


def write_dataset(name, rows, kind):
    d = len(rows[0]) - 1
    lines = [",".join(["x%d" % (i + 1) for i in range(d)] + ["y"])]
    for r in rows:
        y = "%d" % r[-1] if kind == "class" else repr(float(r[-1]))
        lines.append(",".join([repr(float(v)) for v in r[:-1]] + [y]))
    with open(os.path.join(OUT, name), "w") as f:
        f.write("\n".join(lines) + "\n")


def tensors(name, loss):
    rows, _ = DATASETS[name]
    x = torch.tensor([list(r[:-1]) for r in rows], dtype=torch.float64)
    if loss == "ce":
        y = torch.tensor([r[-1] for r in rows], dtype=torch.long)
    else:
        y = torch.tensor([[float(r[-1])] for r in rows], dtype=torch.float64)  # shape (n, 1)
    return x, y


# ---------------------------------------------------------------- models and losses
ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "leaky-relu": lambda: nn.LeakyReLU(0.01),
               "sigmoid": nn.Sigmoid, "softplus": nn.Softplus, "linear": None}
LOSSES = {"mse": nn.MSELoss, "bce": nn.BCEWithLogitsLoss, "ce": nn.CrossEntropyLoss}


def build(arch, activation, seed, scale=1.0):
    torch.manual_seed(seed)
    mods = []
    for i in range(len(arch) - 1):
        mods.append(nn.Linear(arch[i], arch[i + 1]))  # torch's default init (kaiming_uniform, a=√5)
        if i < len(arch) - 2 and ACTIVATIONS[activation] is not None:
            mods.append(ACTIVATIONS[activation]())
    model = nn.Sequential(*mods).double()
    if scale != 1.0:
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(scale)
    return model


def linears(model):
    return [m for m in model if isinstance(m, nn.Linear)]


def write_init(name, arch, activation, model):
    layers = [{"W": m.weight.detach().tolist(), "b": m.bias.detach().tolist()} for m in linears(model)]
    doc = {"arch": list(arch), "activation": activation, "layers": layers}
    with open(os.path.join(OUT, name), "w") as f:
        f.write(json.dumps(doc, allow_nan=False) + "\n")


# ---------------------------------------------------------------- optimizers and schedules
# Every hyperparameter passed to torch is listed here (torch's defaults filled in explicitly), and
# the manifest's hyper column is written from exactly these values.
def full_hyper(kind, h):
    h = dict(h)
    if kind in ("momentum", "nesterov"):
        h.setdefault("dampening", 0.0)
    elif kind == "adagrad":
        h.setdefault("lr-decay", 0.0)
        h.setdefault("eps", 1e-10)
    elif kind == "rmsprop":
        h.setdefault("alpha", 0.99)
        h.setdefault("eps", 1e-8)
        h.setdefault("momentum", 0.0)
        h.setdefault("centered", 0)
    elif kind in ("adam", "amsgrad", "adamw"):
        h.setdefault("beta1", 0.9)
        h.setdefault("beta2", 0.999)
        h.setdefault("eps", 1e-8)
        if kind == "adamw":
            h.setdefault("weight-decay", 0.01)
    return h


def make_optimizer(kind, params, h):
    wd = h.get("weight-decay", 0.0)
    if kind == "gd":
        return torch.optim.SGD(params, lr=h["lr"], weight_decay=wd, foreach=False)
    if kind in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=h["lr"], momentum=h["momentum"], dampening=h["dampening"],
                               weight_decay=wd, nesterov=kind == "nesterov", foreach=False)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=h["lr"], lr_decay=h["lr-decay"], weight_decay=wd,
                                   eps=h["eps"], foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=h["lr"], alpha=h["alpha"], eps=h["eps"], weight_decay=wd,
                                   momentum=h["momentum"], centered=bool(h["centered"]), foreach=False)
    betas = (h["beta1"], h["beta2"])
    if kind in ("adam", "amsgrad"):
        return torch.optim.Adam(params, lr=h["lr"], betas=betas, eps=h["eps"], weight_decay=wd,
                                amsgrad=kind == "amsgrad", foreach=False)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=h["lr"], betas=betas, eps=h["eps"], weight_decay=wd,
                                 foreach=False)
    raise ValueError(kind)


HYPER_ORDER = ["lr", "momentum", "dampening", "alpha", "beta1", "beta2", "eps", "centered", "lr-decay",
               "weight-decay"]


def hyper_text(h):
    out = []
    for k in sorted(h, key=HYPER_ORDER.index):
        v = h[k]
        out.append("%s=%d" % (k, v) if k == "centered" else "%s=%r" % (k, float(v)))
    return ";".join(out)


# Schedules: (manifest text, torch factory). The manifest separates a schedule's keys with ';' as
# tests/data/torch_refs_more.csv does (the tests turn ';' into ',' for parseSchedule).
def step_lr(every, gamma):
    return ("step:every=%d;gamma=%r" % (every, gamma),
            lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=every, gamma=gamma))


def cosine_lr(period, eta_min):
    return ("cosine:period=%d;min=%r" % (period, eta_min),
            lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=period, eta_min=eta_min))


# (case, data, arch, activation, loss, optimizer, hyperparameters, schedule or None, seed, init scale)
CASES = [
    ("gd_tanh_reg", "data_reg.csv", [2, 8, 8, 1], "tanh", "mse", "gd", {"lr": 0.05}, None, 1, 1.0),
    ("gd_linear_reg", "data_reg.csv", [2, 4, 1], "linear", "mse", "gd", {"lr": 0.005}, None, 2, 1.0),
    ("gd_steplr_leaky_blobs2", "data_blobs2.csv", [2, 4, 4, 4, 1], "leaky-relu", "bce", "gd",
     {"lr": 0.5}, step_lr(100, 0.5), 3, 1.0),
    ("momentum_wd_relu_blobs2", "data_blobs2.csv", [2, 8, 8, 1], "relu", "bce", "momentum",
     {"lr": 0.02, "momentum": 0.9, "weight-decay": 0.001}, None, 4, 1.0),
    ("momentum_damp_sigmoid_blobs3", "data_blobs3.csv", [2, 8, 3], "sigmoid", "ce", "momentum",
     {"lr": 0.3, "momentum": 0.8, "dampening": 0.3}, None, 5, 1.0),
    ("nesterov_softplus_reg1", "data_reg1.csv", [1, 16, 1], "softplus", "mse", "nesterov",
     {"lr": 0.005, "momentum": 0.9}, None, 6, 1.0),
    ("adagrad_leaky_blobs3", "data_blobs3.csv", [2, 8, 3], "leaky-relu", "ce", "adagrad",
     {"lr": 0.05}, None, 7, 1.0),
    ("adagrad_decay_tanh_blobs2", "data_blobs2.csv", [2, 6, 1], "tanh", "bce", "adagrad",
     {"lr": 0.1, "lr-decay": 0.01, "weight-decay": 0.001}, None, 8, 1.0),
    ("rmsprop_tanh_blobs3", "data_blobs3.csv", [2, 8, 3], "tanh", "ce", "rmsprop",
     {"lr": 0.0015}, None, 9, 1.0),
    ("rmsprop_centered_relu_reg", "data_reg.csv", [2, 8, 8, 1], "relu", "mse", "rmsprop",
     {"lr": 0.002, "centered": 1}, None, 10, 1.0),
    ("rmsprop_momentum_sigmoid_blobs2", "data_blobs2.csv", [2, 6, 1], "sigmoid", "bce", "rmsprop",
     {"lr": 0.002, "momentum": 0.5}, None, 11, 1.0),
    ("adam_relu_reg1", "data_reg1.csv", [1, 16, 1], "relu", "mse", "adam", {"lr": 0.01}, None, 12, 1.0),
    ("adam_wd_softplus_blobs3", "data_blobs3.csv", [2, 8, 3], "softplus", "ce", "adam",
     {"lr": 0.01, "weight-decay": 0.01}, None, 13, 1.0),
    ("adam_linear_blobs3", "data_blobs3.csv", [2, 4, 3], "linear", "ce", "adam",
     {"lr": 0.01, "beta1": 0.8, "beta2": 0.99}, None, 14, 1.0),
    ("adam_cosine_sigmoid_reg", "data_reg.csv", [2, 6, 1], "sigmoid", "mse", "adam",
     {"lr": 0.02}, cosine_lr(250, 0.001), 15, 1.0),
    ("amsgrad_leaky_reg", "data_reg.csv", [2, 4, 4, 4, 1], "leaky-relu", "mse", "amsgrad",
     {"lr": 0.01}, None, 16, 1.0),
    ("adamw_tanh_blobs2", "data_blobs2.csv", [2, 8, 8, 1], "tanh", "bce", "adamw",
     {"lr": 0.01, "weight-decay": 0.1}, None, 17, 1.0),
    ("adamw_default_leaky_reg1", "data_reg1.csv", [1, 16, 1], "leaky-relu", "mse", "adamw",
     {"lr": 0.005}, None, 18, 1.0),
]


def loss_and_grad(model, loss_fn, x, y):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    g = torch.cat([p.grad.reshape(-1) for p in model.parameters()])
    return loss.item(), torch.linalg.norm(g).item()


def run_case(case):
    name, data, arch, act, loss, kind, h, sched, seed, scale = case
    x, y = tensors(data, loss)
    model = build(arch, act, seed, scale)
    write_init(name + "_init.json", arch, act, model)
    hyper = full_hyper(kind, h)
    opt = make_optimizer(kind, list(model.parameters()), hyper)
    scheduler = sched[1](opt) if sched else None
    loss_fn = LOSSES[loss]()
    rows = ["step,loss,grad_norm"]
    losses = []
    for k in range(STEPS + 1):
        # loss_and_grad leaves the loss-only gradient in p.grad; weight decay is the optimizer's
        value, gnorm = loss_and_grad(model, loss_fn, x, y)
        if not (math.isfinite(value) and math.isfinite(gnorm)):
            raise RuntimeError("%s: non-finite at step %d" % (name, k))
        losses.append(value)
        rows.append("%d,%r,%r" % (k, value, gnorm))
        if k < STEPS:
            opt.step()
            if scheduler:
                scheduler.step()
    with open(os.path.join(OUT, name + ".csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    manifest = ",".join([name, data, "-".join(map(str, arch)), act, loss, kind, hyper_text(hyper),
                         sched[0] if sched else "", str(STEPS)])
    return manifest, losses


# ---------------------------------------------------------------- Hessian references
# (name, data, arch, activation, loss, seed)
HESSIANS = [
    ("tanh_mse", "data_reg.csv", [2, 6, 1], "tanh", "mse", 101),
    ("softplus_bce", "data_blobs2.csv", [2, 5, 1], "softplus", "bce", 102),
    ("tanh_ce", "data_blobs3.csv", [2, 4, 3], "tanh", "ce", 103),
]
FUNCTIONAL_ACT = {"tanh": torch.tanh, "relu": F.relu, "leaky-relu": lambda z: F.leaky_relu(z, 0.01),
                  "sigmoid": torch.sigmoid, "softplus": F.softplus, "linear": lambda z: z}
FUNCTIONAL_LOSS = {"mse": F.mse_loss, "bce": F.binary_cross_entropy_with_logits, "ce": F.cross_entropy}


def flat_loss(arch, act, loss, x, y):
    def f(theta):
        a, off = x, 0
        for i in range(len(arch) - 1):
            n_in, n_out = arch[i], arch[i + 1]
            W = theta[off:off + n_out * n_in].reshape(n_out, n_in)  # row-major, as parameters_to_vector
            off += n_out * n_in
            b = theta[off:off + n_out]
            off += n_out
            a = a @ W.T + b
            if i < len(arch) - 2:
                a = FUNCTIONAL_ACT[act](a)
        return FUNCTIONAL_LOSS[loss](a, y)
    return f


def run_hessian(spec):
    name, data, arch, act, loss, seed = spec
    x, y = tensors(data, loss)
    model = build(arch, act, seed)
    write_init(name + "_init.json", arch, act, model)
    theta = nn.utils.parameters_to_vector(model.parameters()).detach().clone()
    f = flat_loss(arch, act, loss, x, y)
    # the functional form must be the nn.Sequential model's loss, bit for bit or nearly
    l_model = LOSSES[loss]()(model(x), y).item()
    assert abs(f(theta).item() - l_model) <= 1e-14 * max(1.0, abs(l_model)), name
    model.zero_grad()
    LOSSES[loss]()(model(x), y).backward()
    grad = torch.cat([p.grad.reshape(-1) for p in model.parameters()])
    gen = torch.Generator().manual_seed(1000 + seed)
    v = torch.randn(theta.numel(), generator=gen, dtype=torch.float64)
    _, hv = torch.autograd.functional.hvp(f, theta, v)
    H = torch.autograd.functional.hessian(f, theta)
    assert torch.allclose(H, H.T, rtol=0, atol=1e-12), name
    assert torch.allclose(H @ v, hv, rtol=1e-10, atol=1e-12), name
    eig = torch.linalg.eigvalsh(H).flip(0)
    doc = {"data": data, "arch": arch, "activation": act, "loss": loss, "weights": name + "_init.json",
           "gradient": grad.tolist(), "v": v.tolist(), "hv": hv.tolist(), "eigenvalues": eig.tolist()}
    with open(os.path.join(OUT, "hess_%s.json" % name), "w") as f_out:
        f_out.write(json.dumps(doc, allow_nan=False) + "\n")
    return eig


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (rows, kind) in DATASETS.items():
        write_dataset(name, rows, kind)
    manifest = ["# written by tests/reference/make_torch_net_refs.py with torch %s" % torch.__version__,
                "case,data,arch,activation,loss,optimizer,hyper,schedule,steps"]
    for case in CASES:
        line, losses = run_case(case)
        manifest.append(line)
        print("%-34s loss %.6g -> %.6g (min %.6g)" % (case[0], losses[0], losses[-1], min(losses)))
    with open(os.path.join(OUT, "net_refs.csv"), "w") as f:
        f.write("\n".join(manifest) + "\n")
    for spec in HESSIANS:
        eig = run_hessian(spec)
        print("hess_%-12s eigenvalues %.6g .. %.6g" % (spec[0], eig[0].item(), eig[-1].item()))


if __name__ == "__main__":
    main()

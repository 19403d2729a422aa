"""PyTorch side of `fer bench train`: the custom VGG16 model and the small CNN (the networks of
../shared/peer/torch_cnn_bench.py, built here so the project carries its own peer), timed the same way as the DL4J
side (median of N timed steps after 2 warm-up steps, random 48x48 inputs, Adam 1e-4).

    PYTHON environment/bench/peer_torch.py vgg|small1 [--iters N] [--threads T] [--infer eager,cl,freeze]
                                           [--train nchw|cl]

Training runs eagerly (what a practitioner writes), in NCHW or channels_last (--train). Inference is timed in each
setting of --infer and the fastest is reported per row, named on its line:
  eager   model.eval() + torch.no_grad(), NCHW (the shared script's way)
  cl      channels_last weights and input + torch.inference_mode() (PyTorch's CPU performance guide)
  freeze  torch.jit.trace + torch.jit.freeze + optimize_for_inference, channels_last (folds and fuses conv+ReLU)
Output lines (parsed by fer.bench.TrainBench): `PEER label|settings`, `TRAIN net bs=N: X img/s`,
`INFER net bs=N: X img/s [setting]`, `INFER net bs=1: Y ms/img [setting]`."""
import argparse
import time

import torch
import torch.nn as nn

ap = argparse.ArgumentParser()
ap.add_argument("net", choices=["vgg", "small1", "none"])
ap.add_argument("--iters", type=int, default=10)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--each", action="store_true", help="also print every inference setting's time (SETTING lines)")
ap.add_argument("--infer", default="cl,freeze")
ap.add_argument("--train", choices=["nchw", "cl"], default="nchw")
args = ap.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)


def vgg_custom():
    layers, c = [], 3
    for v in (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"):
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU(inplace=True)]
            c = v
    return nn.Sequential(nn.Sequential(*layers), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(512, 4096), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(4096, 1024), nn.ReLU(), nn.Dropout(0.5), nn.Linear(1024, 7))


def small1():
    layers, c = [], 1
    for o in (32, 64, 128, 256):
        layers += [nn.Conv2d(c, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2)]
        c = o
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(256 * 3 * 3, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 7))


def median_s(step, n):
    ts = []
    for i in range(n + 2):
        t = time.perf_counter()
        step()
        ts.append(time.perf_counter() - t)
    ts = sorted(ts[2:])
    return ts[len(ts) // 2]


def train(name, model, ch, bs):
    fmt = torch.channels_last if args.train == "cl" else torch.contiguous_format
    model.to(memory_format=fmt).train()
    x = torch.randn(bs, ch, 48, 48).contiguous(memory_format=fmt)
    y = torch.randint(0, 7, (bs,))
    opt = torch.optim.Adam(model.parameters(), 1e-4)
    lossf = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        lossf(model(x), y).backward()
        opt.step()

    print(f"TRAIN {name} bs={bs}: {bs / median_s(step, args.iters):.1f} img/s", flush=True)


def inference_fns(model, x):
    """Each --infer setting as a callable on an input batch shaped like x."""
    model.eval()
    fns = {}
    for s in args.infer.split(","):
        if s == "eager":
            m = model.to(memory_format=torch.contiguous_format)

            def f(a, m=m):
                with torch.no_grad():
                    return m(a.contiguous())
        elif s == "cl":
            m = model.to(memory_format=torch.channels_last)

            def f(a, m=m):
                with torch.inference_mode():
                    return m(a.contiguous(memory_format=torch.channels_last))
        elif s == "freeze":
            m = model.to(memory_format=torch.channels_last)
            with torch.no_grad():
                traced = torch.jit.trace(m, x.contiguous(memory_format=torch.channels_last))
                frozen = torch.jit.optimize_for_inference(torch.jit.freeze(traced))

            def f(a, frozen=frozen):
                with torch.no_grad():
                    return frozen(a.contiguous(memory_format=torch.channels_last))
        else:
            raise SystemExit(f"peer_torch: --infer: unknown setting '{s}' (expected eager, cl, freeze)")
        fns[s] = f
    return fns


def infer(name, model, ch):
    x = torch.randn(64, ch, 48, 48)
    x1 = x[:1].clone()
    fns = inference_fns(model, x)
    best64 = fastest(name, 64, {s: median_s(lambda: f(x), args.iters) for s, f in fns.items()})
    print(f"INFER {name} bs=64: {64 / best64[0]:.1f} img/s [{best64[1]}]", flush=True)
    best1 = fastest(name, 1, {s: median_s(lambda: f(x1), max(args.iters, 20)) for s, f in fns.items()})
    print(f"INFER {name} bs=1: {best1[0] * 1000:.2f} ms/img [{best1[1]}]", flush=True)


def fastest(name, bs, seconds):
    if args.each:
        for s, t in seconds.items():
            print(f"SETTING {name} bs={bs} {s}: {bs / t:.1f} img/s, {t * 1000 / bs:.2f} ms/img", flush=True)
    return min((t, s) for s, t in seconds.items())


if args.net != "none":
    print(f"PEER PyTorch {torch.__version__}|{torch.get_num_threads()} threads, oneDNN {torch.backends.mkldnn.is_available()}; "
          f"train eager {args.train}; infer fastest of {args.infer}", flush=True)
    build, ch = (vgg_custom, 3) if args.net == "vgg" else (small1, 1)
    model = build()
    print("params", sum(p.numel() for p in model.parameters()), flush=True)
    for bs in (32, 64):
        train(args.net, model, ch, bs)
    infer(args.net, model, ch)

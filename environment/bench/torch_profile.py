"""Per-op profile of the PyTorch peer networks (environment/bench/peer_torch.py, `fer bench train`'s PyTorch side), the
counterpart of `environment/fer bench profile`: one training step (Adam) at --batch, inference at --batch and at
batch 1, through torch.profiler, self CPU time per op averaged per step. Training and inference run in the bench's
settings: channels_last training, inference --infer (freeze: the frozen TorchScript graph; cl: channels_last +
inference_mode).

    PY environment/bench/torch_profile.py [--nets small,vgg] [--batch B] [--steps N] [--top K] [--infer freeze|cl]

The networks come from the peer script itself (imported with its "none" network, which runs nothing), so both
sides profile the same definitions."""
import argparse, importlib.util, os, sys, time

here = os.path.dirname(os.path.abspath(__file__))
# The same malloc setting the DL4J side runs with (environment/jvm.flags: huge pages). `fer bench train` passes it
# to PyTorch too (the child inherits the JVM's environment), and it roughly doubles PyTorch's small-CNN training
# speed here; glibc reads it only at process start, hence the re-exec.
if "GLIBC_TUNABLES" not in os.environ and os.environ.get("FER_TORCH_NO_HUGEPAGES") != "1":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, GLIBC_TUNABLES="glibc.malloc.hugetlb=1"))
ap = argparse.ArgumentParser()
ap.add_argument("--peer", default=os.path.join(here, "peer_torch.py"))
ap.add_argument("--infer", choices=["freeze", "cl"], default="freeze")
ap.add_argument("--nets", default="small,vgg")
ap.add_argument("--steps", type=int, default=10)
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--top", type=int, default=15)
args = ap.parse_args()
if not os.path.isfile(args.peer):
    sys.exit(f"torch_profile: peer script not found: {args.peer} (pass --peer PATH)")

import torch, torch.nn as nn
argv, sys.argv = sys.argv, [args.peer, "none", "--infer", args.infer, "--train", "cl"]  # "none": defines, runs nothing
spec = importlib.util.spec_from_file_location("peer", args.peer)
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
sys.argv = argv
torch.set_num_threads(2)
print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, mkldnn {torch.backends.mkldnn.is_available()}, "
      f"GLIBC_TUNABLES {os.environ.get('GLIBC_TUNABLES', 'unset')}, load average {os.getloadavg()[0]:.2f}")

def profile(title, step, steps, warmup=3):
    for _ in range(warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    ms = (time.perf_counter() - t0) * 1000 / steps
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            step()
    rows = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    print(f"\n== {title}: {ms:.2f} ms per step (unprofiled)")
    print(f"  {'op':40s} {'self ms/step':>12s} {'calls':>7s} {'share':>6s}")
    for e in rows[: args.top]:
        self_ms = e.self_cpu_time_total / 1000 / steps
        print(f"  {e.key:40s} {self_ms:12.3f} {e.count / steps:7.1f} {100 * self_ms / ms:5.1f}%")

for net in args.nets.split(","):
    model, ch, name = (peer.small1(), 1, "small") if net == "small" else (peer.vgg_custom(), 3, "vgg")
    torch.manual_seed(0)
    x = torch.randn(args.batch, ch, 48, 48).contiguous(memory_format=torch.channels_last)
    model = model.to(memory_format=torch.channels_last)
    y = torch.randint(0, 7, (args.batch,))
    opt = torch.optim.Adam(model.parameters(), 1e-4)
    lossf = nn.CrossEntropyLoss()

    def train():
        opt.zero_grad()
        lossf(model(x), y).backward()
        opt.step()

    model.train()
    profile(f"{name}, train bs{args.batch}", train, args.steps)
    f = peer.inference_fns(model, x)[args.infer]
    x1 = x[:1].clone()
    profile(f"{name}, infer bs{args.batch} ({args.infer})", lambda: f(x), args.steps)
    profile(f"{name}, infer bs1 ({args.infer})", lambda: f(x1), max(args.steps, 20))

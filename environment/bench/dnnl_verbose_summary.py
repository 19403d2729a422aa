"""Sums oneDNN's own timings by primitive (convolution, batch norm, pooling, reorder between layouts) from a
DNNL_VERBOSE=1 log, per step: how much of a DL4J step is oneDNN compute and how much is layout conversion.

    DNNL_VERBOSE=1 environment/fer bench profile --nets small --seconds 3 --phase train > dnnl.log
    /usr/bin/python3 environment/bench/dnnl_verbose_summary.py dnnl.log STEPS

STEPS: the steps the log covers (the loop's line "N steps" plus its 3 warm-up steps)."""
import collections
import sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
steps = float(sys.argv[2]) if len(sys.argv) > 2 else 1
agg = collections.defaultdict(lambda: [0.0, 0])
for line in open(sys.argv[1]):
    if not line.startswith("dnnl_verbose,exec"):
        continue
    f = line.strip().split(",")
    kind, impl, prop, ms = f[3], f[4], f[5], float(f[-1])
    if kind == "reorder":
        src, dst = (d.split(":")[3] for d in f[6].split()[:2])
        key = f"reorder {src}->{dst}"
    else:
        key = f"{kind} {prop} {impl}"
    agg[key][0] += ms
    agg[key][1] += 1
total = sum(v[0] for v in agg.values())
reorders = sum(v[0] for k, v in agg.items() if k.startswith("reorder"))
print(f"oneDNN total {total / steps:.2f} ms/step, of which layout reorders {reorders / steps:.2f} ms ({100 * reorders / max(total, 1e-9):.0f} %)")
for k, v in sorted(agg.items(), key=lambda kv: -kv[1][0]):
    print(f"{v[0] / steps:9.2f} ms {v[1] / steps:6.1f}x  {k}")

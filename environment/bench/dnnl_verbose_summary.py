"""Sums oneDNN's own timings by primitive (convolution, batch norm, pooling, reorder between layouts) from a oneDNN
verbose log, per step: how much of a step is oneDNN compute and how much is layout conversion. Reads both DL4J's
oneDNN 2.x lines (`dnnl_verbose,exec,...`, DNNL_VERBOSE=1) and the oneDNN 3.x lines TensorFlow and PyTorch print
(`onednn_verbose,[timestamp,]primitive,exec,...`, ONEDNN_VERBOSE=1), so both sides of a row sum the same way.

    DNNL_VERBOSE=1 environment/fer bench profile --nets small --seconds 3 --phase train > dnnl.log
    ONEDNN_VERBOSE=1 PY environment/bench/peer_keras.py vgg --loop infer1 --steps 50 > tf.log
    /usr/bin/python3 environment/bench/dnnl_verbose_summary.py LOG STEPS

STEPS: the steps the log covers (the loop's "N steps" plus its 3 warm-up steps)."""
import collections
import sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
steps = float(sys.argv[2]) if len(sys.argv) > 2 else 1
agg = collections.defaultdict(lambda: [0.0, 0])
for line in open(sys.argv[1], errors="replace"):
    if not (line.startswith("dnnl_verbose,") or line.startswith("onednn_verbose,")):
        continue
    f = line.strip().split(",")
    if "exec" not in f[:5]:
        continue
    i = f.index("exec")
    try:
        kind, impl, prop, ms = f[i + 2], f[i + 3], f[i + 4], float(f[-1])
    except (IndexError, ValueError):
        continue
    if kind == "reorder":
        mds = f[i + 5].split()
        def layout(md):  # 2.x src_f32::blocked:abcd:f0, 3.x src:f32::blocked:abcd::f0: the tag after "blocked"
            p = md.split(":")
            return p[p.index("blocked") + 1] if "blocked" in p[:-1] else "?"
        src, dst = (layout(d) for d in (mds + ["?", "?"])[:2])
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

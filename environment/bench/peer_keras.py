"""TensorFlow/Keras side of `fer bench train` (the report's own framework): the custom VGG16 model and the small
CNN built with Keras 3 (the networks of ../shared/peer/keras_cnn_bench.py), timed as the DL4J side is (median of N
timed steps after 2 warm-up steps, random 48x48 inputs, Adam 1e-4).

    PYTHON environment/bench/peer_keras.py vgg|small1 [--iters N] [--threads T] [--train-xla on|off|auto]
                                           [--infer fn,xla]

Training is `train_on_batch` after `compile(jit_compile=...)` (Keras' default is "auto"). Inference is timed in each
setting of --infer and the fastest is reported per row, named on its line:
  fn    tf.function(lambda x: model(x, training=False))
  xla   the same with jit_compile=True (XLA)
Output lines (parsed by fer.bench.TrainBench): `PEER label|settings`, `TRAIN net bs=N: X img/s`,
`INFER net bs=N: X img/s [setting]`, `INFER net bs=1: Y ms/img [setting]`."""
import argparse
import os
import time

ap = argparse.ArgumentParser()
ap.add_argument("net", choices=["vgg", "small1"])
ap.add_argument("--iters", type=int, default=10)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--each", action="store_true", help="also print every inference setting's time (SETTING lines)")
ap.add_argument("--train-xla", choices=["on", "off", "auto"], default="off")
ap.add_argument("--infer", default="fn,xla")
ap.add_argument("--loop", choices=["train", "infer", "infer1"],
                help="instead of the bench: 3 warm-up + --steps steps of one phase (--infer's first setting), for ONEDNN_VERBOSE=1")
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--steps", type=int, default=20)
args = ap.parse_args()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(args.threads)
tf.config.threading.set_inter_op_parallelism_threads(1)
keras.utils.set_random_seed(0)


def vgg_custom():
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(48, 48, 3))
    x = layers.GlobalAveragePooling2D()(base.output)
    x = layers.Dense(4096, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    x = layers.Dense(1024, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    return keras.Model(base.input, layers.Dense(7, activation="softmax")(x))


def small1():
    i = keras.Input((48, 48, 1))
    x = i
    for o in (32, 64, 128, 256):
        x = layers.Conv2D(o, 3, padding="same")(x)
        x = layers.BatchNormalization()(x)
        x = layers.ReLU()(x)
        x = layers.MaxPool2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    return keras.Model(i, layers.Dense(7, activation="softmax")(x))


def median_s(step, n):
    ts = []
    for i in range(n + 2):
        t = time.perf_counter()
        step()
        ts.append(time.perf_counter() - t)
    ts = sorted(ts[2:])
    return ts[len(ts) // 2]


jit = {"on": True, "off": False, "auto": "auto"}[args.train_xla]
build, ch = (vgg_custom, 3) if args.net == "vgg" else (small1, 1)
model = build()
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy", jit_compile=jit)
print(f"PEER TensorFlow {tf.__version__} / Keras {keras.__version__}|{args.threads} intra-op threads, 1 inter-op; "
      f"train train_on_batch, XLA {args.train_xla} (resolved: {model.jit_compile}); infer fastest of {args.infer}", flush=True)
print("params", model.count_params(), flush=True)
if args.loop:
    bs = 1 if args.loop == "infer1" else args.batch
    xb = np.random.randn(bs, 48, 48, ch).astype("float32")
    yb = np.random.randint(0, 7, bs)
    if args.loop == "train":
        step = lambda: model.train_on_batch(xb, yb)  # noqa: E731
    else:
        f = tf.function(lambda a: model(a, training=False), jit_compile=args.infer.split(",")[0] == "xla")
        xt = tf.constant(xb)
        step = lambda: f(xt).numpy()  # noqa: E731
    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    print(f"{args.steps} steps (+3 warm-up), {(time.perf_counter() - t0) * 1000 / args.steps:.3f} ms per step, "
          f"{args.loop} bs{bs}, load average {os.getloadavg()[0]:.2f}", flush=True)
    raise SystemExit(0)
x = np.random.randn(64, 48, 48, ch).astype("float32")
y = np.random.randint(0, 7, 64)
for bs in (32, 64):
    xb, yb = x[:bs], y[:bs]
    t = median_s(lambda: model.train_on_batch(xb, yb), args.iters)
    print(f"TRAIN {args.net} bs={bs}: {bs / t:.1f} img/s", flush=True)
fns = {}
for s in args.infer.split(","):
    if s not in ("fn", "xla"):
        raise SystemExit(f"peer_keras: --infer: unknown setting '{s}' (expected fn, xla)")
    fns[s] = tf.function(lambda a: model(a, training=False), jit_compile=(s == "xla"))
x64, x1 = tf.constant(x), tf.constant(x[:1])


def fastest(bs, seconds):
    if args.each:
        for s, t in seconds.items():
            print(f"SETTING {args.net} bs={bs} {s}: {bs / t:.1f} img/s, {t * 1000 / bs:.2f} ms/img", flush=True)
    return min((t, s) for s, t in seconds.items())


best64 = fastest(64, {s: median_s(lambda: f(x64).numpy(), args.iters) for s, f in fns.items()})
print(f"INFER {args.net} bs=64: {64 / best64[0]:.1f} img/s [{best64[1]}]", flush=True)
best1 = fastest(1, {s: median_s(lambda: f(x1).numpy(), max(args.iters, 20)) for s, f in fns.items()})
print(f"INFER {args.net} bs=1: {best1[0] * 1000:.2f} ms/img [{best1[1]}]", flush=True)

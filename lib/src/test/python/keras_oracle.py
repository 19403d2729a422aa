"""Keras/TensorFlow as the oracle of the paper-path tests: each job writes, in one process, every fixture and
reference output one Java test class compares against (TensorFlow's import costs seconds; one process per class).

    python keras_oracle.py vgg     --images DIR --out DIR --seed N
    python keras_oracle.py predict --train DIR --images DIR --out DIR --seed N
    python keras_oracle.py train   --batches DIR --out DIR --seed N --side S --width W --dense D1,D2
    python keras_oracle.py callbacks --cases FILE.json --out FILE.json

Run by the Java tests through fer.PeerOracle with environment/.venv-peers' Python (pinned TensorFlow 2.21,
Keras 3.15, h5py, Pillow). Nothing is written outside --out (never ~/.keras)."""
import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import h5py  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402
# what the report's Colab code imports (`from tensorflow.keras.preprocessing.image import ImageDataGenerator`); Keras 3
# keeps it only in its tf.keras compatibility namespace
from keras._tf_keras.keras.preprocessing.image import ImageDataGenerator  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(int(os.environ.get("TF_NUM_INTRAOP_THREADS", "2")))
tf.config.threading.set_inter_op_parallelism_threads(1)
VGG_BLOCKS = (2, 2, 3, 3, 3)


def vgg_conv_names():
    return [f"block{b + 1}_conv{c + 1}" for b, n in enumerate(VGG_BLOCKS) for c in range(n)]


def images_of(folder):
    return sorted(f for f in os.listdir(folder) if f.lower().endswith((".png", ".jpg", ".jpeg")))


def load(path, side, color_mode="rgb"):
    """An image as Keras' flow_from_directory reads it: load_img (Pillow, nearest) + img_to_array, 0-255 float32."""
    img = keras.utils.load_img(path, color_mode=color_mode, target_size=(side, side), interpolation="nearest")
    return keras.utils.img_to_array(img, dtype="float32")


def seeded_vgg_weights(base, rng, input_std=1.0):
    """He-normal kernels (ImageNet-trained VGG16 keeps activations at a similar scale) and non-zero biases; the first
    kernel divided by the input's standard deviation (caffe inputs spread ~60x wider than rescaled ones), as trained
    weights are fitted to the input they were trained on."""
    for name in vgg_conv_names():
        layer = base.get_layer(name)
        k, b = layer.get_weights()
        fan_in = k.shape[0] * k.shape[1] * k.shape[2]
        std = np.sqrt(2.0 / fan_in) / (input_std if name == "block1_conv1" else 1.0)
        layer.set_weights([rng.normal(0, std, k.shape).astype("float32"),
                           rng.normal(0, 0.05, b.shape).astype("float32")])


def write_notop_h5(path, base, naming):
    """keras-applications' vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 layout: root attribute layer_names
    (input and pools included), per layer attribute weight_names; 'legacy' stores block1_conv1_W_1:0 in the layer's
    group, 'kernel' stores block1_conv1/kernel:0 in a sub-group (Keras 2's save_weights)."""
    with h5py.File(path, "w") as f:
        names = [layer.name for layer in base.layers]
        f.attrs["layer_names"] = np.array([n.encode("utf8") for n in names])
        for layer in base.layers:
            g = f.create_group(layer.name)
            weights = layer.get_weights()
            if not weights:
                g.attrs["weight_names"] = np.array([], dtype="S1")
                continue
            if naming == "legacy":
                wn = [f"{layer.name}_W_1:0", f"{layer.name}_b_1:0"]
            else:
                wn = [f"{layer.name}/kernel:0", f"{layer.name}/bias:0"]
            g.attrs["weight_names"] = np.array([n.encode("utf8") for n in wn])
            for n, w in zip(wn, weights):
                g.create_dataset(n, data=w)


def job_vgg(a):
    rng = np.random.default_rng(a.seed)
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(48, 48, 3))
    seeded_vgg_weights(base, rng)
    for naming in ("legacy", "kernel"):
        write_notop_h5(os.path.join(a.out, f"notop-{naming}.h5"), base, naming)
    files = images_of(a.images)
    # flow_from_directory's default color_mode='rgb': a gray face is copied to R, G and B
    x = np.stack([load(os.path.join(a.images, f), 48) for f in files])
    pools = [f"block{b}_pool" for b in range(1, 6)]
    probe = keras.Model(base.input, [base.get_layer(p).output for p in pools])
    stats = {}
    for mode, prep in (("rescale", lambda v: v * np.float32(1 / 255)),
                       ("caffe", lambda v: keras.applications.vgg16.preprocess_input(v.copy()))):
        xin = prep(x)
        outs = probe.predict(xin, verbose=0)
        for p, o in zip(pools, outs):
            np.save(os.path.join(a.out, f"features-{mode}-{p}.npy"), o.astype("float32"))
        # how each preprocessing reaches the base: input spread, mean activation and share of active units per block
        stats[mode] = {"input_mean": float(xin.mean()), "input_std": float(xin.std()),
                       "mean": [float(o.mean()) for o in outs], "active": [float((o > 0).mean()) for o in outs]}
    json.dump({"files": files, "stats": stats, "keras": keras.__version__, "tensorflow": tf.__version__},
              open(os.path.join(a.out, "vgg.json"), "w"), indent=1)


def custom_model(side, width, dense1, dense2, drop1, drop2, names):
    """The report's custom model (Section 6.5): VGG16 base, GAP, Dense relu, Dropout, Dense relu, Dropout, softmax.
    width 64 uses keras.applications.VGG16 itself; other widths build its 13 convolutions by hand, same names."""
    if width == 64:
        base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(side, side, 3))
        inp, x = base.input, base.output
    else:
        inp = keras.Input((side, side, 3), name="input")
        x = inp
        for b, n in enumerate(VGG_BLOCKS):
            for c in range(n):
                x = layers.Conv2D(width * min(2 ** b, 8), 3, padding="same", activation="relu",
                                  name=f"block{b + 1}_conv{c + 1}")(x)
            x = layers.MaxPooling2D(2, 2, name=f"block{b + 1}_pool")(x)
    x = layers.GlobalAveragePooling2D(name=names[0])(x)
    x = layers.Dense(dense1, activation="relu", name=names[1])(x)
    x = layers.Dropout(drop1, name=names[2])(x)
    x = layers.Dense(dense2, activation="relu", name=names[3])(x)
    x = layers.Dropout(drop2, name=names[4])(x)
    return keras.Model(inp, layers.Dense(7, activation="softmax", name=names[5])(x))


def job_predict(a):
    keras.utils.set_random_seed(a.seed)
    # the report's pipeline: ImageDataGenerator(rescale=1/255) + flow_from_directory (48x48, rgb, one-hot labels)
    gen = ImageDataGenerator(rescale=1 / 255)
    flow = gen.flow_from_directory(a.train, target_size=(48, 48), batch_size=16, class_mode="categorical",
                                   shuffle=True, seed=a.seed)
    custom = custom_model(48, 64, 4096, 1024, 0.4, 0.3, ["gap", "dense", "dropout", "dense_1", "dropout_1", "dense_2"])
    # the stand-in for ImageNet weights (none can be downloaded here): plain VGG16 from Glorot weights passes almost
    # nothing through 13 ReLU layers, and every image would get the same probabilities
    rng = np.random.default_rng(a.seed)
    seeded_vgg_weights(custom, rng)
    custom.compile(optimizer=keras.optimizers.Adam(1e-4), loss="categorical_crossentropy", metrics=["accuracy"])
    custom.fit(flow, steps_per_epoch=4, epochs=1, verbose=0)
    custom.save(os.path.join(a.out, "custom.keras"))
    custom.save(os.path.join(a.out, "custom.h5"))
    # the default model (VGG16 base + softmax) as a Sequential around the nested VGG16, trained on VGG16's own
    # preprocessing (caffe): the other way Colab users build and feed it
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(48, 48, 3))
    seeded_vgg_weights(base, rng, input_std=60.0)
    default = keras.Sequential([keras.Input((48, 48, 3)), base, layers.Flatten(), layers.Dense(7, activation="softmax")])
    default.compile(optimizer=keras.optimizers.Adam(1e-5), loss="categorical_crossentropy")
    caffe = ImageDataGenerator(preprocessing_function=keras.applications.vgg16.preprocess_input)
    default.fit(caffe.flow_from_directory(a.train, target_size=(48, 48), batch_size=16, seed=a.seed),
                steps_per_epoch=3, epochs=1, verbose=0)
    default.save(os.path.join(a.out, "default-caffe.keras"))
    # a layer the importer does not build, and a file that is no model at all
    odd = keras.Sequential([keras.Input((48, 48, 3)), layers.Conv2D(4, 3, name="conv"),
                            layers.LayerNormalization(name="layer_norm"), layers.GlobalAveragePooling2D(),
                            layers.Dense(7, activation="softmax")])
    odd.save(os.path.join(a.out, "unsupported.keras"))
    files = images_of(a.images)
    x = np.stack([load(os.path.join(a.images, f), 48) for f in files])
    out = {"class_indices": flow.class_indices, "keras": keras.__version__, "files": files,
           "custom": custom.predict(x * np.float32(1 / 255), verbose=0).tolist(),
           "default_caffe": default.predict(keras.applications.vgg16.preprocess_input(x.copy()), verbose=0).tolist()}
    json.dump(out, open(os.path.join(a.out, "predict.json"), "w"))


def job_train(a):
    """The same batches in the same order, one optimizer step each, as model.fit runs them (a tf.function of
    forward, loss, gradient, update): the loss of every step and the weights after the last."""
    keras.utils.set_random_seed(a.seed)
    d1, d2 = (int(v) for v in a.dense.split(","))
    model = custom_model(a.side, a.width, d1, d2, 0.0, 0.0, ["gap", "fc1", "dropout1", "fc2", "dropout2", "predictions"])
    # Keras' own initial kernels (Glorot uniform) and non-zero biases, so that every weight's gradient and update is
    # checked from the first step on. (He-scaled kernels make this net chaotic under Adam 1e-3: float32 rounding,
    # 1e-7 at step 7, grew 2.5x a step to 1e-3 by step 24 on both sides' own runs; Glorot's do not.)
    rng = np.random.default_rng(a.seed)
    for layer in model.layers:
        w = layer.get_weights()
        if len(w) == 2:
            layer.set_weights([w[0], rng.normal(0, 0.05, w[1].shape).astype("float32")])
    model.save(os.path.join(a.out, "initial.keras"))
    initial = model.get_weights()
    n = len([f for f in os.listdir(a.batches) if f.startswith("x-")])
    batches = [(np.load(os.path.join(a.batches, f"x-{i:03d}.npy")), np.load(os.path.join(a.batches, f"y-{i:03d}.npy")))
               for i in range(n)]
    result = {}
    for name, opt in (("sgd", keras.optimizers.SGD(1e-4)), ("adam", keras.optimizers.Adam(1e-3))):
        model.set_weights(initial)
        model.compile(optimizer=opt, loss="categorical_crossentropy")
        losses = []
        for x, y in batches:
            model.reset_metrics()  # train_on_batch's loss is the running mean of the metrics since the last reset
            losses.append(float(model.train_on_batch(x, y)))
        result[name] = losses
        folder = os.path.join(a.out, name)
        os.makedirs(folder, exist_ok=True)
        for layer in model.layers:
            for k, w in enumerate(layer.get_weights()):
                np.save(os.path.join(folder, f"{layer.name}-{k}.npy"), w)
    result["keras"] = keras.__version__
    json.dump(result, open(os.path.join(a.out, "train.json"), "w"), indent=1)


def job_callbacks(a):
    """Keras' ReduceLROnPlateau and EarlyStopping fed recorded metric sequences: the learning rate after each epoch,
    the epoch training stops after, the epoch whose weights restore_best_weights brings back. And Keras' categorical
    cross-entropy of a softmax Dense layer on confident mistakes, as fit (training loss) and evaluate (val_loss) compute it."""
    spec = json.load(open(a.cases))
    probe = keras.Sequential([keras.Input((1,)), layers.Dense(1)])
    out = {"callbacks": []}
    for case in spec["callbacks"]:
        probe.compile(optimizer=keras.optimizers.SGD(case["lr"]), loss="mse")
        # mode as 'auto' resolves it in a real fit (from the compiled metric's direction: accuracy up, losses down); this
        # probe has no accuracy metric to look at
        mode = "max" if "acc" in case["monitor"] else "min"
        rlr = keras.callbacks.ReduceLROnPlateau(monitor=case["monitor"], mode=mode, **case["reduce_lr"])
        es = keras.callbacks.EarlyStopping(monitor=case["monitor"], mode=mode, **case["early_stopping"])
        for cb in (rlr, es):
            cb.set_model(probe)
            cb.on_train_begin()
        probe.stop_training = False
        lrs, stopped = [], None
        for epoch, value in enumerate(case["values"]):
            # the weights stand for the epoch, so restore_best_weights says which epoch it kept
            probe.layers[0].set_weights([np.full((1, 1), epoch, "float32"), np.zeros(1, "float32")])
            logs = {case["monitor"]: value}
            rlr.on_epoch_end(epoch, logs)
            es.on_epoch_end(epoch, logs)
            lrs.append(float(keras.ops.convert_to_numpy(probe.optimizer.learning_rate)))
            if probe.stop_training:
                stopped = epoch
                break
        es.on_train_end()
        kept = int(round(float(probe.layers[0].get_weights()[0][0, 0])))
        out["callbacks"].append({"lrs": lrs, "stopped_epoch": stopped, "weights_epoch": kept})
    loss = spec["losses"]
    x, y = np.array(loss["x"], "float32"), np.array(loss["y"], "float32")
    m = keras.Sequential([keras.Input((x.shape[1],)), layers.Dense(y.shape[1], activation="softmax")])
    m.layers[0].set_weights([np.array(loss["kernel"], "float32"), np.array(loss["bias"], "float32")])
    m.compile(optimizer=keras.optimizers.SGD(0.0), loss="categorical_crossentropy")
    out["per_example"] = [float(m.evaluate(x[i:i + 1], y[i:i + 1], verbose=0)) for i in range(len(x))]
    m.reset_metrics()
    out["train_loss"] = float(m.train_on_batch(x, y))
    json.dump(out, open(a.out, "w"), indent=1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("job", choices=["vgg", "predict", "train", "callbacks"])
    p.add_argument("--images"), p.add_argument("--train"), p.add_argument("--batches"), p.add_argument("--cases")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--side", type=int, default=32)
    p.add_argument("--width", type=int, default=4)
    p.add_argument("--dense", default="32,16")
    a = p.parse_args()
    if a.job != "callbacks":
        os.makedirs(a.out, exist_ok=True)
    {"vgg": job_vgg, "predict": job_predict, "train": job_train, "callbacks": job_callbacks}[a.job](a)
    print("keras_oracle", a.job, "done: keras", keras.__version__, "tensorflow", tf.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()

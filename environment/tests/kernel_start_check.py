"""Start the project's Java kernel N times in a row and count the starts that answer.

Why: rapaio-jupyter-kernel 3.0.x hangs on ~1 start in 5 (LoopThread start race); the overlay jar
in environment/kernel fixes it. This measures it: each start must answer kernel_info within
--timeout seconds. --unpatched drops the overlay from the class path to show the defect.
Run via environment/kernel-start-check (it sets JUPYTER_PATH to the project's kernels).
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager


def kernel_dirs_for(unpatched, extra_classpath=None):
    """The project's kernels dir, or a temp copy of the `java` spec without the overlay jar (or with more jars)."""
    ksm = KernelSpecManager()
    spec_dir = ksm.find_kernel_specs().get("java")
    if not spec_dir:
        sys.exit("kernel 'java' is not registered: run environment/fer setup")
    if extra_classpath:
        # what the kernel would cost with more jars on its classpath (issue 23 measured Spark's this way)
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            spec = json.load(f)
        jars = sorted(os.path.join(extra_classpath, j) for j in os.listdir(extra_classpath) if j.endswith(".jar"))
        if not jars:
            sys.exit(f"--extra-classpath: no jars in {extra_classpath}")
        spec["env"]["RJK_CLASSPATH"] = ";".join([spec["env"]["RJK_CLASSPATH"]] + jars)
        tmp = tempfile.mkdtemp(prefix="fer-extra-cp-")
        os.makedirs(os.path.join(tmp, "java-extra"))
        with open(os.path.join(tmp, "java-extra", "kernel.json"), "w") as f:
            json.dump(spec, f)
        return KernelSpecManager(kernel_dirs=[tmp]), "java-extra"
    if not unpatched:
        return ksm, "java"
    with open(os.path.join(spec_dir, "kernel.json")) as f:
        spec = json.load(f)
    argv = spec["argv"]
    i = argv.index("-cp")
    jars = [j for j in argv[i + 1].split(":") if not j.endswith("fer-kernel-overlay.jar")]
    if len(jars) == len(argv[i + 1].split(":")):
        sys.exit("--unpatched: the kernel's -cp has no fer-kernel-overlay.jar (is it the rapaio kernel?)")
    argv[i + 1] = ":".join(jars)
    argv[argv.index("org.ferlab.kernel.KernelMain")] = "org.rapaio.jupyter.kernel.MainApp"
    tmp = tempfile.mkdtemp(prefix="fer-unpatched-")
    os.makedirs(os.path.join(tmp, "java-unpatched"))
    with open(os.path.join(tmp, "java-unpatched", "kernel.json"), "w") as f:
        json.dump(spec, f)
    return KernelSpecManager(kernel_dirs=[tmp]), "java-unpatched"


def one_start(ksm, name, timeout):
    """Seconds until kernel_info_reply, or None when none came within timeout."""
    km = KernelManager(kernel_name=name, kernel_spec_manager=ksm)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        # what nbclient does: send kernel_info every second until a reply or the timeout
        kc.wait_for_ready(timeout=timeout)
        return time.monotonic() - t0
    except RuntimeError:  # "Kernel didn't respond in N seconds" / "Kernel died before replying"
        return None
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)  # kill: a hung kernel would not answer a shutdown_request


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=50, help="starts (default 50)")
    ap.add_argument("--unpatched", action="store_true", help="without the overlay jar (upstream 3.0.x)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds a start may take (default 10)")
    ap.add_argument("--extra-classpath", metavar="DIR", help="a copy of the kernel with DIR's jars added to RJK_CLASSPATH")
    args = ap.parse_args()
    ksm, name = kernel_dirs_for(args.unpatched, args.extra_classpath)
    label = "unpatched" if args.unpatched else "patched"
    if args.extra_classpath:
        label += " + " + args.extra_classpath
    times, hung = [], 0
    for i in range(1, args.n + 1):
        t = one_start(ksm, name, args.timeout)
        if t is None:
            hung += 1
            print(f"start {i:3d}: no kernel_info_reply in {args.timeout:.0f} s", flush=True)
        else:
            times.append(t)
            print(f"start {i:3d}: answered in {t:.2f} s", flush=True)
    med = f"{statistics.median(times):.2f}" if times else "-"
    print(f"kernel-start-check ({label}): {len(times)}/{args.n} answered, {hung} hung; median start {med} s")
    return 0 if hung == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

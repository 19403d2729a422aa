"""Shared helpers for the kernel integration tests (run by run_tests.py through `fer test`)."""
import json
import os
import subprocess
import sys
import time
import uuid
import zipfile

ENV_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(ENV_DIR)
FER = os.path.join(ENV_DIR, "fer")
# the launcher's Python tools (figure_map, report) are imported by the tests that check them
TOOLS = os.path.join(ENV_DIR, "tools")
if TOOLS not in sys.path:
    sys.path.insert(0, TOOLS)


def code(src):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": src}


def markdown(src):
    return {"cell_type": "markdown", "metadata": {}, "source": src}


def write_notebook(path, cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
          "metadata": {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"},
                       "language_info": {"name": "java"}}}
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)


def read_notebook(path):
    with open(path) as f:
        return json.load(f)


def outputs(nb):
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


def text_of(nb):
    """All stream text and text/plain of a notebook's outputs, joined."""
    parts = []
    for o in outputs(nb):
        if o["output_type"] == "stream":
            parts.append("".join(o["text"]) if isinstance(o["text"], list) else o["text"])
        data = o.get("data", {})
        if "text/plain" in data:
            t = data["text/plain"]
            parts.append("".join(t) if isinstance(t, list) else t)
    return "\n".join(parts)


def library_has_class(name):
    """True when the built fer-lib jar holds the class (e.g. fer.viz.Display once merged)."""
    cp = os.path.join(ROOT, "lib", "target", "classpath")
    entry = name.replace(".", "/") + ".class"
    for jar in os.listdir(cp):
        if jar.startswith("fer-lib-") and jar.endswith(".jar"):
            with zipfile.ZipFile(os.path.join(cp, jar)) as z:
                return entry in z.namelist()
    return False


def new_mark():
    """A value for FER_TEST_MARK: every process started under it inherits it in its environment."""
    return uuid.uuid4().hex


def processes_with_mark(mark):
    """PIDs (other than ours) whose environment holds FER_TEST_MARK=mark: leftover kernels."""
    needle = ("FER_TEST_MARK=" + mark).encode()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:
            pass
    return found


def wait_no_marked_processes(mark, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = processes_with_mark(mark)
        if not left:
            return []
        time.sleep(0.2)
    return processes_with_mark(mark)


def fer_env(notebooks_dir, mark, **extra):
    # the executed copies as HTML go beside the throwaway notebooks, not into runs/notebooks/
    env = dict(os.environ, FER_NOTEBOOKS_DIR=notebooks_dir, FER_TEST_MARK=mark,
               FER_NOTEBOOKS_HTML=os.path.join(notebooks_dir, "html"))
    env.update(extra)
    return env


def run_fer(args, env, timeout=600):
    return subprocess.run([FER, *args], env=env, capture_output=True, text=True, timeout=timeout)


def peers_python(test):
    """The peer venv's python (TensorFlow/Keras, PyTorch; `environment/fer setup --peers`), the Python twin of the
    launcher's peers_python and of fer.PeerPython: counted only when its stamp holds the hash of the current
    requirements. Without it `test` is skipped saying what to run, except under CI=true, where it fails."""
    import hashlib
    override = os.environ.get("FER_PEERS_PYTHON")
    venv = os.path.join(ENV_DIR, ".venv-peers")
    python = override or os.path.join(venv, "bin", "python")
    why = None
    if override:
        if not os.access(override, os.X_OK):
            why = f"FER_PEERS_PYTHON={override} is not an executable file"
    elif not os.access(python, os.X_OK):
        why = "no environment/.venv-peers (TensorFlow/Keras, PyTorch): run environment/fer setup --peers"
    else:
        with open(os.path.join(ENV_DIR, "requirements-peers.txt"), "rb") as f:
            want = hashlib.sha256(f.read()).hexdigest()
        try:
            with open(os.path.join(venv, "fer-peers.stamp")) as f:
                have = f.read().strip()
        except OSError:
            have = None
        if have != want:
            why = ("environment/.venv-peers was installed from another environment/requirements-peers.txt (or never "
                   "finished): run environment/fer setup --peers")
    if why:
        if os.environ.get("CI", "").lower() == "true":
            test.fail("CI=true but the peer frameworks are missing: " + why)
        test.skipTest("peer frameworks skipped: " + why)
    return python


def iopub_until_idle(kc, parent_id, timeout_s):
    """The iopub messages of one request (by its msg_id), up to its idle status; None when none came in time."""
    import queue
    seen = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != parent_id:
            continue
        seen.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return seen
    raise AssertionError(f"no idle status for request {parent_id} in {timeout_s} s; got {[m['msg_type'] for m in seen]}")

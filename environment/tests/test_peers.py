"""The peer venv (`environment/fer setup --peers`) holds exactly the pinned TensorFlow/Keras, h5py, PyTorch, Pillow
and numpy of environment/requirements-peers.txt, they import, and the launcher and the tests agree on where it is."""
import os
import re
import subprocess
import unittest

import support


class PeerVenvTest(unittest.TestCase):
    def test_installed_versions_are_the_pins(self):
        python = support.peers_python(self)
        pins = {}
        with open(os.path.join(support.ENV_DIR, "requirements-peers.txt")) as f:
            for line in f:
                m = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line)
                if m:
                    pins[m.group(1).lower().replace("_", "-")] = m.group(2)
        self.assertGreaterEqual(set(pins), {"tensorflow-cpu", "keras", "h5py", "torch", "pillow", "numpy"})
        code = ("import importlib.metadata as m, tensorflow, keras, h5py, torch, PIL, numpy\n"
                "for d in %r: print(d, m.version(d))\n" % sorted(pins))
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=300,
                             env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"))
        self.assertEqual(out.returncode, 0, out.stderr[-2000:])
        installed = dict(line.split(" ", 1) for line in out.stdout.split("\n") if line)
        for name, version in pins.items():
            # torch==2.13.0 is satisfied by the local CPU build 2.13.0+cpu (PEP 440 ignores the local label)
            self.assertEqual(version, installed[name].split("+")[0], f"{name}: pinned {version}, installed {installed[name]}")

    def test_launcher_names_the_same_python(self):
        python = support.peers_python(self)
        out = subprocess.run([support.FER, "peers-python"], capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(os.path.realpath(python), os.path.realpath(out.stdout.strip()))


if __name__ == "__main__":
    unittest.main()

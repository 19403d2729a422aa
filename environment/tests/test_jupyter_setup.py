"""`fer setup`'s JupyterLab install: it asks pip itself whether an index offers the pinned JupyterLab, falls
back (and says why) where none does, and a second setup costs a checksum, not a pip call.

The install functions are called from a shell that sources environment/fer, with the venv and the state folder
moved into a temporary folder, so the project's own environment/.venv is never touched. pip gets an index
of this test's making (PIP_CONFIG_FILE=/dev/null drops the machine's pip configuration)."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from support import ENV_DIR, FER

REQUIREMENTS = os.path.join(ENV_DIR, "requirements-jupyter.txt")


def pinned_jupyterlab():
    with open(REQUIREMENTS) as f:
        m = re.search(r"^jupyterlab==([0-9][0-9a-z.]*)", f.read(), re.M)
    assert m, f"{REQUIREMENTS} pins no jupyterlab"
    return m.group(1)


def pip_env(index_url):
    """The environment with pip pointed at `index_url` only (no config file, find-links or extra index)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL=index_url, PIP_RETRIES="0", PIP_DEFAULT_TIMEOUT="10")
    return env


class JupyterSetup(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fer-jupyter-setup-")
        self.venv = os.path.join(self.dir, "venv")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def fer_function(self, script, env, timeout=300):
        """Runs `script` in bash after sourcing environment/fer, the venv and state folders in the temp dir."""
        prelude = (f'source "{FER}"; set +e; VENV="{self.venv}"; VENV_PY="$VENV/bin/python"; '
                   f'VENV_STAMP="$VENV/.fer-requirements.sha256"; STATE="{self.dir}/state"; '
                   f'JUPYTER_FALLBACK="$STATE/jupyter-fallback"; ')
        return subprocess.run(["bash", "-c", prelude + script], env=env, capture_output=True, text=True,
                              timeout=timeout)

    def index_offering(self, version):
        """A file:// simple index whose only project is jupyterlab at `version` (a link, no file behind it)."""
        page = os.path.join(self.dir, "index", "jupyterlab")
        os.makedirs(page)
        with open(os.path.join(page, "index.html"), "w") as f:
            f.write(f'<!DOCTYPE html><html><body><a href="jupyterlab-{version}-py3-none-any.whl">'
                    f"jupyterlab-{version}-py3-none-any.whl</a></body></html>\n")
        return "file://" + os.path.join(self.dir, "index")

    def test_pip_reaching_no_index_with_jupyterlab_gives_the_reason_and_leaves_no_venv(self):
        os.makedirs(os.path.join(self.dir, "empty-index"))
        r = self.fer_function('install_venv; echo "rc=$?"; echo "why=$INSTALL_FAILURE"',
                              pip_env("file://" + os.path.join(self.dir, "empty-index")))
        self.assertIn("rc=1", r.stdout, r.stdout + r.stderr)
        self.assertIn(f"why=pip reaches no package index offering jupyterlab=={pinned_jupyterlab()} "
                      "('pip index versions jupyterlab': ERROR:", r.stdout)
        self.assertFalse(os.path.exists(self.venv), "a half-made venv was left behind")

    def test_an_index_offering_the_pinned_jupyterlab_passes_the_probe(self):
        # The index lists the pinned version but holds no file: the probe passes, and then the install
        # itself fails and says so (what a broken mirror gives). A wrong version does not pass the probe.
        r = self.fer_function('install_venv; echo "rc=$?"; echo "why=$INSTALL_FAILURE"',
                              pip_env(self.index_offering(pinned_jupyterlab())))
        self.assertIn("rc=1", r.stdout, r.stdout + r.stderr)
        self.assertIn("why=pip install -r environment/requirements-jupyter.txt failed: ERROR:", r.stdout)
        self.assertIn(f"installing JupyterLab {pinned_jupyterlab()}", r.stderr)
        self.assertFalse(os.path.exists(self.venv), "a venv with a failed install was left behind")
        shutil.rmtree(os.path.join(self.dir, "index"))
        r = self.fer_function('install_venv; echo "rc=$?"; echo "why=$INSTALL_FAILURE"',
                              pip_env(self.index_offering("4.0.0")))
        self.assertIn(f"why=pip reaches no package index offering jupyterlab=={pinned_jupyterlab()}", r.stdout)

    def test_the_venv_is_current_only_for_the_requirements_it_was_installed_from(self):
        reqs = os.path.join(self.dir, "requirements-jupyter.txt")
        shutil.copy(REQUIREMENTS, reqs)
        os.makedirs(os.path.join(self.venv, "bin"))
        os.symlink("/bin/true", os.path.join(self.venv, "bin", "python"))
        check = (f'REQUIREMENTS="{reqs}"; venv_current && echo current || echo stale; ')
        self.assertIn("stale", self.fer_function(check, dict(os.environ)).stdout, "no stamp, yet current")
        r = self.fer_function(f'REQUIREMENTS="{reqs}"; requirements_sum >"$VENV_STAMP"; ' + check, dict(os.environ))
        self.assertIn("current", r.stdout, r.stderr)
        with open(reqs, "a") as f:
            f.write("ipywidgets==8.1.9\n")
        self.assertIn("stale", self.fer_function(check, dict(os.environ)).stdout, "changed requirements, yet current")

    def test_a_second_setup_does_not_call_pip(self):
        # the project's own venv, installed by the setup that ran before these tests
        subprocess.run([FER, "setup"], capture_output=True, text=True, timeout=900)
        log = os.path.join(ENV_DIR, ".state", "pip.log")
        before = os.stat(log).st_mtime_ns if os.path.exists(log) else None
        t0 = time.monotonic()
        r = subprocess.run([FER, "setup"], capture_output=True, text=True, timeout=300)
        took = time.monotonic() - t0
        self.assertEqual(r.returncode, 0, r.stderr)
        if "fallback" in r.stderr:
            self.skipTest("this machine's setup fell back to the classic notebook: " + r.stderr)
        self.assertRegex(r.stderr, r"jupyter: environment/\.venv/bin/python, up to date \(JupyterLab \d")
        after = os.stat(log).st_mtime_ns if os.path.exists(log) else None
        self.assertEqual(before, after, "the second setup ran pip (environment/.state/pip.log rewritten)")
        print(f"second fer setup: {took:.1f} s", flush=True)

    def test_lab_names_why_it_opens_the_classic_notebook(self):
        os.makedirs(os.path.join(self.dir, "state"))
        with open(os.path.join(self.dir, "state", "jupyter-fallback"), "w") as f:
            f.write("pip reaches no package index offering jupyterlab==4.6.4 (...)\n")
        env = {k: v for k, v in os.environ.items() if k != "FER_PYTHON"}
        r = self.fer_function("PY=/usr/bin/python3; lab_fallback_reason", env)
        self.assertEqual(r.stdout.strip(), "setup could not install it: pip reaches no package index offering "
                         "jupyterlab==4.6.4 (...); 'environment/fer setup' tries again", r.stderr)
        r = self.fer_function("PY=/usr/bin/python3; lab_fallback_reason", dict(env, FER_PYTHON="/usr/bin/python3"))
        self.assertIn("FER_PYTHON=/usr/bin/python3 has no JupyterLab", r.stdout)


if __name__ == "__main__":
    unittest.main()

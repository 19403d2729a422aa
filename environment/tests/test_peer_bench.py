"""The peer scripts of `fer bench train` (environment/bench/peer_keras.py, peer_torch.py) run in the peer venv and
print what fer.bench.TrainBench parses: one PEER line naming the framework and its settings, TRAIN lines at batch 32
and 64, INFER lines at batch 64 and 1 with the winning setting in brackets; and the PyTorch script's inference
settings compute the same function (the frozen TorchScript graph folds and fuses, so it could silently differ)."""
import os
import re
import subprocess
import unittest

import support

BENCH = os.path.join(support.ENV_DIR, "bench")
# the pattern fer.bench.TrainBench.VALUE_LINE uses
VALUE = re.compile(r"^(TRAIN|INFER) (\w+) bs=(\d+): ([0-9.]+) (img/s|ms/img)(?: \[([^\]]+)\])?")


class PeerBenchScriptsTest(unittest.TestCase):
    def run_script(self, script, *args):
        python = support.peers_python(self)
        out = subprocess.run([python, os.path.join(BENCH, script), "small1", "--iters", "1", *args],
                             capture_output=True, text=True, timeout=600, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"))
        self.assertEqual(out.returncode, 0, out.stdout[-2000:] + out.stderr[-2000:])
        return out.stdout.splitlines()

    def check_lines(self, lines, framework, settings):
        peer = [l for l in lines if l.startswith("PEER ")]
        self.assertEqual(1, len(peer), lines)
        self.assertTrue(peer[0].startswith("PEER " + framework) and "|" in peer[0], peer[0])
        values = {(m.group(1), int(m.group(3))): (float(m.group(4)), m.group(6)) for m in map(VALUE.match, lines) if m}
        self.assertEqual({("TRAIN", 32), ("TRAIN", 64), ("INFER", 64), ("INFER", 1)}, set(values), lines)
        for key, (value, setting) in values.items():
            self.assertGreater(value, 0, key)
            if key[0] == "INFER":
                self.assertIn(setting, settings, f"{key}: the winning setting must be one that was asked for")

    def test_keras_script_prints_the_bench_format(self):
        self.check_lines(self.run_script("peer_keras.py", "--infer", "fn,xla"), "TensorFlow", {"fn", "xla"})

    def test_torch_script_prints_the_bench_format(self):
        self.check_lines(self.run_script("peer_torch.py", "--train", "cl", "--infer", "cl,freeze"), "PyTorch", {"cl", "freeze"})

    def test_torch_inference_settings_agree(self):
        python = support.peers_python(self)
        code = (
            "import sys, torch; sys.argv = ['peer_torch.py', 'none', '--infer', 'eager,cl,freeze']\n"
            "import runpy; g = runpy.run_path(%r)\n"
            "for build, ch in ((g['small1'], 1), (g['vgg_custom'], 3)):\n"
            "    torch.manual_seed(0); m = build(); x = torch.randn(4, ch, 48, 48)\n"
            "    fns = g['inference_fns'](m, x); ref = fns['eager'](x)\n"
            "    for s in ('cl', 'freeze'):\n"
            "        d = (fns[s](x) - ref).abs().max().item(); scale = ref.abs().max().item()\n"
            "        print(s, d, scale); assert d <= 1e-4 * max(scale, 1e-6), (s, d, scale)\n"
        ) % os.path.join(BENCH, "peer_torch.py")
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=600)
        self.assertEqual(out.returncode, 0, out.stdout[-2000:] + out.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()

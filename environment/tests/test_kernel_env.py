"""The kernel's JVM runs with the speed settings the launcher decides (environment/jvm.flags): the allocator
preloaded (tcmalloc, when installed: DL4J training 15-20 % faster), GLIBC_TUNABLES and passive OpenMP threads.
Checked from inside a running kernel (its own /proc/self/maps and environment), not from kernel.json alone: a
kernel.json that names a library the dynamic loader then refuses would pass a file check."""
import json
import os
import re
import unittest

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

HERE = os.path.dirname(os.path.abspath(__file__))
ENV_DIR = os.path.dirname(HERE)
START_S = 300  # a kernel start under load
LIB_DIRS = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"]

CELL = """
var maps = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps"));
System.out.println("preloaded=" + (maps.contains("libtcmalloc") ? "tcmalloc" : "none"));
System.out.println("GLIBC_TUNABLES=" + System.getenv("GLIBC_TUNABLES"));
System.out.println("OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"));
"""


def flag(key):
    """The value of `key` in environment/jvm.flags (the last line wins, as in the launcher)."""
    value = None
    with open(os.path.join(ENV_DIR, "jvm.flags")) as f:
        for line in f:
            m = re.match(r"\s*" + re.escape(key) + r"\s*=\s*(.*)", line)
            if m:
                value = m.group(1).strip()
    return value


class KernelEnvironment(unittest.TestCase):
    def test_kernel_jvm_has_the_allocator_and_settings_of_jvm_flags(self):
        name = flag("fer.malloc.preload")
        installed = os.environ.get("FER_MALLOC") != "glibc" and any(os.path.isfile(os.path.join(d, name)) for d in LIB_DIRS)
        spec = KernelSpecManager().get_kernel_spec("java")
        env = json.load(open(os.path.join(spec.resource_dir, "kernel.json"))).get("env", {})
        if installed:
            self.assertIn(name, env.get("LD_PRELOAD", ""), "kernel.json: the installed allocator is not preloaded")

        km = KernelManager(kernel_name="java", kernel_spec_manager=KernelSpecManager())
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        out = []
        try:
            kc.wait_for_ready(timeout=START_S)
            reply = kc.execute_interactive(CELL, timeout=120, output_hook=lambda m: out.append(
                m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        seen = dict(line.split("=", 1) for line in "".join(out).splitlines() if "=" in line)
        self.assertEqual(seen.get("preloaded"), "tcmalloc" if installed else "none",
                         f"allocator mapped in the kernel JVM ({name} installed: {installed})")
        self.assertEqual(seen.get("GLIBC_TUNABLES"), flag("fer.glibc.tunables"))
        # registered from jvm.flags unless OMP_WAIT_POLICY was exported at set-up (the launcher's rule)
        self.assertEqual(seen.get("OMP_WAIT_POLICY"), env.get("OMP_WAIT_POLICY"))
        self.assertTrue(env.get("OMP_WAIT_POLICY"), "kernel.json sets OMP_WAIT_POLICY")


if __name__ == "__main__":
    unittest.main()

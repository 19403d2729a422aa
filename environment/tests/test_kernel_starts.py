"""The kernel must answer on every start (rapaio 3.0.x alone hangs on ~1 start in 5).

FER_KERNEL_STARTS starts (default 20; `environment/kernel-start-check 50` for the full check)."""
import os
import unittest

from jupyter_client.kernelspec import KernelSpecManager

import kernel_start_check


class KernelStarts(unittest.TestCase):
    def test_every_start_answers(self):
        n = int(os.environ.get("FER_KERNEL_STARTS", "20"))
        ksm = KernelSpecManager()
        hung = [i for i in range(1, n + 1) if kernel_start_check.one_start(ksm, "java", 10.0) is None]
        self.assertEqual(hung, [], f"{len(hung)} of {n} kernel starts gave no kernel_info_reply in 10 s")


if __name__ == "__main__":
    unittest.main()

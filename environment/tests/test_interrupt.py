"""Kernel > Interrupt (interrupt_request on the control channel) stops the running cell and the
kernel goes on answering. rapaio-jupyter-kernel 3.0.1 alone: no interrupt_reply, no end of the
interrupted cell, and later cells run no code (fixed by the overlay's ControlChannel).

Timeouts are generous (CI runs beside another CPU-heavy job); the checks are about answers and
their order, not about speed."""
import queue
import time
import unittest

import support
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

START_S = 300   # a kernel start under load (60 s seen at load 20)
ANSWER_S = 120  # any one reply


class KernelInterrupt(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name="java", kernel_spec_manager=KernelSpecManager())
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=START_S)
        cls.control = cls.km.connect_control()  # a plain zmq socket: read the interrupt_reply ourselves

    @classmethod
    def tearDownClass(cls):
        cls.control.close(linger=0)
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def iopub_until_idle(self, parent_id):
        """The iopub messages of one request, up to its idle status."""
        return support.iopub_until_idle(self.kc, parent_id, ANSWER_S)

    def shell_reply(self, parent_id):
        deadline = time.monotonic() + ANSWER_S
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == parent_id:
                return msg
        self.fail(f"no execute_reply for request {parent_id} in {ANSWER_S} s")

    def wait_until_running(self, parent_id):
        """Returns once the cell's execute_input is out (the kernel took it), plus a margin."""
        deadline = time.monotonic() + ANSWER_S
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == parent_id and msg["msg_type"] == "execute_input":
                time.sleep(2)  # let JShell compile and start the snippet
                return
        self.fail(f"cell {parent_id} never started")

    def interrupt(self):
        request = self.kc.session.msg("interrupt_request", {})
        self.kc.session.send(self.control, request)
        t0 = time.monotonic()
        self.assertTrue(self.control.poll(ANSWER_S * 1000), f"no interrupt_reply in {ANSWER_S} s")
        _, frames = self.kc.session.feed_identities(self.control.recv_multipart())
        reply = self.kc.session.deserialize(frames)
        self.assertEqual(reply["msg_type"], "interrupt_reply")
        self.assertEqual(reply["parent_header"]["msg_id"], request["header"]["msg_id"])
        return t0

    def check_interrupt_stops(self, code, expected_error):
        cell = self.kc.execute(code)
        self.wait_until_running(cell)
        t0 = self.interrupt()
        reply = self.shell_reply(cell)
        ended_s = time.monotonic() - t0
        self.assertEqual(reply["content"]["status"], "error", f"interrupted cell: {reply['content']}")
        errors = [m for m in self.iopub_until_idle(cell) if m["msg_type"] == "error"]
        self.assertTrue(errors, "the interrupted cell shows no error output")
        self.assertIn(expected_error, "\n".join(errors[0]["content"]["traceback"]))

        after = self.kc.execute('System.out.println("after interrupt: " + (6 * 7));')
        self.assertEqual(self.shell_reply(after)["content"]["status"], "ok")
        out = "".join(m["content"]["text"] for m in self.iopub_until_idle(after) if m["msg_type"] == "stream")
        self.assertIn("after interrupt: 42", out, "the next cell ran no code")
        print(f"\n  {code!r}: ended {ended_s:.2f} s after the interrupt_reply", flush=True)

    def test_interrupt_stops_a_sleeping_cell_and_the_next_cell_answers(self):
        self.check_interrupt_stops("while (true) Thread.sleep(100);", "InterruptedException")

    def test_interrupt_stops_a_busy_loop_and_the_next_cell_answers(self):
        # ignores Thread.interrupt(): stopped after CellInterrupter's grace period (ThreadDeath)
        self.check_interrupt_stops("long x = 0; while (true) x++;", "ThreadDeath")

    def test_interrupt_while_idle_is_answered(self):
        self.interrupt()
        after = self.kc.execute("6 * 7")
        self.assertEqual(self.shell_reply(after)["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()

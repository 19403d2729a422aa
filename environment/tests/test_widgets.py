"""Jupyter widgets from the Java kernel, checked against what the ipywidgets 8 front end expects.

The reference is ipywidgets itself (installed in environment/.venv with JupyterLab): for every widget the project
offers, the state the Java kernel opens its comm with must have exactly the keys of ipywidgets' own
`Widget().get_state()`, the same model and view names, modules and versions, and values of the same JSON types. The
protocol messages (comm_open with metadata.version 2.1.0, display_data with application/vnd.jupyter.widget-view+json,
update / echo_update, request_state, request_states on jupyter.widget.control, custom click) follow ipywidgets'
messaging spec (packages/schema/messages.md of ipywidgets 8), here checked message by message on the real kernel
over ZeroMQ with jupyter_client. Timeouts are generous (CI runs beside a CPU-heavy job)."""
import json
import time
import unittest
import uuid

import support
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

try:
    import ipywidgets
except ImportError:  # the venv without JupyterLab's widgets: say so, do not pass
    ipywidgets = None

START_S = 300
ANSWER_S = 120
W = "fer.viz.widgets."

# Java expression -> the ipywidgets widget it stands for (constructed with the same arguments where they matter)
CASES = [
    (W + 'Slider.ofInt("units", 0, 100, 1, 0)', lambda w: w.IntSlider()),
    (W + 'Slider.ofFloat("dropout", 0, 100, 0.1, 0)', lambda w: w.FloatSlider()),
    (W + 'Slider.logarithmic("lr", 0, 4, 0.1, 1)', lambda w: w.FloatLogSlider()),
    (W + 'Choice.dropdown("optimizer", java.util.List.of("a", "b"), "a")', lambda w: w.Dropdown(options=["a", "b"])),
    (W + 'Choice.toggleButtons("layers", java.util.List.of("a", "b"), "a")', lambda w: w.ToggleButtons(options=["a", "b"])),
    ('new ' + W + 'Checkbox("fresh", false)', lambda w: w.Checkbox()),
    ('new ' + W + 'Button("Train")', lambda w: w.Button()),
    (W + 'Text.label("")', lambda w: w.Label()),
    (W + 'Text.html("")', lambda w: w.HTML()),
    ('new ' + W + 'Output()', lambda w: w.Output()),
    (W + 'Box.horizontal()', lambda w: w.HBox()),
    (W + 'Box.vertical()', lambda w: w.VBox()),
]


def as_json(state):
    """A state as it travels (tuples become lists)."""
    return json.loads(json.dumps(state))


def json_type(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    return type(v).__name__


@unittest.skipIf(ipywidgets is None, "ipywidgets is not installed in this python (environment/.venv has it)")
class WidgetProtocol(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name="java", kernel_spec_manager=KernelSpecManager())
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=START_S)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    # ------------------------------------------------------------------ plumbing
    def until_idle(self, msg_id):
        return support.iopub_until_idle(self.kc, msg_id, ANSWER_S)

    def run_cell(self, code):
        msg_id = self.kc.execute(code)
        msgs = self.until_idle(msg_id)
        errors = [m for m in msgs if m["msg_type"] == "error"]
        self.assertFalse(errors, f"cell failed: {code}\n{errors and errors[0]['content'].get('traceback')}")
        return msgs

    def value_of(self, expr):
        msgs = self.run_cell(f"System.out.print({expr});")
        return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")

    def comm_send(self, comm_id, data):
        """A comm_msg from the front end (what ipywidgets' WidgetModel.send does); its iopub messages."""
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.kc.shell_channel.send(msg)
        return self.until_idle(msg["header"]["msg_id"])

    def show(self, expr, var):
        msgs = self.run_cell(f"var {var} = {expr}.show();")
        opens = {m["content"]["comm_id"]: m for m in msgs if m["msg_type"] == "comm_open"}
        displays = [m for m in msgs if m["msg_type"] == "display_data"]
        self.assertEqual(len(displays), 1, f"{expr}: one display_data expected")
        return opens, displays[0]

    # ------------------------------------------------------------------ the tests
    def test_every_widget_opens_with_ipywidgets_state(self):
        for i, (expr, make) in enumerate(CASES):
            with self.subTest(widget=expr):
                opens, display = self.show(expr, f"w{i}")
                view = display["content"]["data"]["application/vnd.jupyter.widget-view+json"]
                self.assertEqual(view["version_major"], 2)
                self.assertIn("text/plain", display["content"]["data"], "a text fallback for front ends without widgets")
                self.assertIn(view["model_id"], opens, "the displayed model's comm was opened before its view")
                for m in opens.values():
                    self.assertEqual(m["content"]["target_name"], "jupyter.widget")
                    self.assertEqual(m["metadata"].get("version"), "2.1.0", "protocol version in the comm_open's metadata")
                    self.assertEqual(m["content"]["data"].get("buffer_paths"), [])
                ref = make(ipywidgets)
                self.assert_state_like(opens[view["model_id"]]["content"]["data"]["state"], as_json(ref.get_state()), opens, ref)
                ref.close()

    def assert_state_like(self, java, py, opens, ref):
        name = py["_model_name"]
        self.assertEqual(sorted(java), sorted(py), f"state keys of {name}")
        for k, v in py.items():
            if isinstance(v, str) and v.startswith("IPY_MODEL_"):  # layout / style: a model of its own, opened too
                sub_id = java[k][len("IPY_MODEL_"):]
                self.assertIn(sub_id, opens, f"{name}.{k} refers to a model that was not opened")
                sub = getattr(ref, k)
                self.assert_state_like(opens[sub_id]["content"]["data"]["state"], as_json(sub.get_state()), opens, sub)
            elif k.startswith("_") or v is None or isinstance(v, bool):  # names, modules, versions, flags, unset
                self.assertEqual(java[k], v, f"{name}.{k}")
            else:
                self.assertEqual(json_type(java[k]), json_type(v), f"{name}.{k}: {java[k]!r} vs {v!r}")

    def test_update_from_the_front_end_reaches_java_and_is_echoed(self):
        opens, display = self.show(W + 'Slider.ofInt("units", 0, 10, 1, 3)', "slider")
        sid = display["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        self.run_cell("var heard = new java.util.ArrayList<Number>(); slider.onChange(heard::add);")
        msgs = self.comm_send(sid, {"method": "update", "state": {"value": 7}, "buffer_paths": []})
        echoes = [m for m in msgs if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "echo_update"]
        self.assertEqual(len(echoes), 1, "protocol 2.1: the kernel echoes the update")
        self.assertEqual(echoes[0]["content"]["data"]["state"], {"value": 7})
        self.assertEqual(echoes[0]["content"]["comm_id"], sid)
        self.assertEqual(self.value_of("slider.value()"), "7")
        self.assertEqual(self.value_of("heard"), "[7]")

    def test_java_sets_a_value_with_an_update_message(self):
        opens, display = self.show(W + 'Text.html("before")', "note")
        nid = display["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        msgs = self.run_cell('note.value("<b>after</b>");')
        ups = [m for m in msgs if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == nid]
        self.assertEqual([u["content"]["data"] for u in ups],
                         [{"method": "update", "state": {"value": "<b>after</b>"}, "buffer_paths": []}])

    def test_request_state_gets_the_whole_state(self):
        opens, display = self.show(W + 'Choice.dropdown("optimizer", java.util.List.of("Adam", "sgd"), "sgd")', "opt")
        oid = display["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        msgs = self.comm_send(oid, {"method": "request_state"})
        ups = [m for m in msgs if m["msg_type"] == "comm_msg"]
        self.assertEqual(len(ups), 1)
        self.assertEqual(ups[0]["content"]["data"]["method"], "update")
        state = ups[0]["content"]["data"]["state"]
        self.assertEqual(state["_options_labels"], ["Adam", "sgd"])
        self.assertEqual(state["index"], 1)
        self.assertEqual(state, opens[oid]["content"]["data"]["state"])

    def test_button_click_runs_java_and_output_captures_displays(self):
        opens, display = self.show('new ' + W + 'Button("Train")', "train")
        bid = display["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        opens, display = self.show("new " + W + "Output()", "out")
        oid = display["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        self.run_cell("var clicks = new java.util.concurrent.atomic.AtomicInteger();"
                      'train.onClick(() -> out.capture(() -> fer.viz.Display.html("<b>click " + clicks.incrementAndGet() + "</b>")));')
        msgs = self.comm_send(bid, {"method": "custom", "content": {"event": "click"}})
        self.assertEqual(msgs[0]["content"].get("execution_state"), "busy", "a comm message is handled inside busy/idle")
        ups = [m["content"]["data"] for m in msgs if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == oid]
        self.assertEqual(len(ups), 1)
        outputs = ups[0]["state"]["outputs"]
        self.assertEqual(len(outputs), 1)
        self.assertEqual(outputs[0]["output_type"], "display_data")
        self.assertEqual(outputs[0]["data"]["text/html"], "<b>click 1</b>")
        self.assertEqual(self.value_of("clicks.get()"), "1")

    def test_control_comm_answers_request_states(self):
        self.show('new ' + W + 'Checkbox("fresh", true)', "fresh")
        comm_id = uuid.uuid4().hex
        open_msg = self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                                       metadata={"version": "2.1.0"})
        self.kc.shell_channel.send(open_msg)
        opened = self.until_idle(open_msg["header"]["msg_id"])
        self.assertFalse([m for m in opened if m["msg_type"] == "comm_close"], "the control comm stays open")
        msgs = self.comm_send(comm_id, {"method": "request_states"})
        replies = [m["content"]["data"] for m in msgs if m["msg_type"] == "comm_msg"]
        self.assertEqual(len(replies), 1)
        self.assertEqual(replies[0]["method"], "update_states")
        models = {s["model_name"] for s in replies[0]["states"].values()}
        self.assertIn("CheckboxModel", models)
        self.assertIn("LayoutModel", models)

    def test_unknown_comm_target_is_closed(self):
        comm_id = uuid.uuid4().hex
        msg = self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
        self.kc.shell_channel.send(msg)
        msgs = self.until_idle(msg["header"]["msg_id"])
        self.assertEqual([m["content"]["comm_id"] for m in msgs if m["msg_type"] == "comm_close"], [comm_id])


if __name__ == "__main__":
    unittest.main()

"""Jupyter messaging conformance of the project's `java` kernel (jupyter_kernel_test).

Known gaps of rapaio-jupyter-kernel 3.0.1 are expected failures, each with what was seen. If a
gap closes (kernel upgrade), the test turns into an "unexpected success" and fails the suite:
then delete the expectedFailure marker.
"""
import unittest

import jupyter_kernel_test


class JavaKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "java"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    code_generate_error = 'throw new RuntimeException("expected error");'
    code_execute_result = [{"code": "6 * 7", "result": "42"},
                           {"code": '"fer".toUpperCase()', "result": "FER"}]
    code_display_data = [
        {"code": "var img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                 "var id = display(img);", "mime": "image/png"},
    ]
    completion_samples = [{"text": "String s = \"\"; s.toUpperC", "matches": {"toUpperCase("}}]
    complete_code_samples = ["int a = 1;", "System.out.println(1);"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int b = "]
    code_inspect_sample = "String.valueOf"
    # Only "tail": each unanswered history request costs the suite's 15 s timeout (search adds 3
    # more); one is enough to notice when the kernel starts answering.
    supported_history_operations = ("tail",)

    @unittest.expectedFailure
    def test_kernel_info(self):
        # seen: jsonschema ValidationError 'status': kernel_info_reply has no "status" field
        super().test_kernel_info()

    @unittest.expectedFailure
    def test_execute_result(self):
        # seen: execute_result data is {'text/html': '42'}: no text/plain representation
        super().test_execute_result()

    @unittest.expectedFailure
    def test_inspect(self):
        # seen: inspect_reply found=false with the cursor at the end of "String.valueOf"
        super().test_inspect()

    @unittest.expectedFailure
    def test_history(self):
        # seen: history_request gets no reply at all (queue.Empty after 15 s); upstream logs
        # "ShellHistoryRequest not implemented"
        super().test_history()


if __name__ == "__main__":
    unittest.main()

"""Start the "Rust (tradedef)" kernel once and evaluate one cell, so the kernel's dependencies
are compiled before anyone opens a notebook.

Embedded in the `tradedef` binary (`tradedef kernel install` runs it with the Python that has
Jupyter): usage `python -c SCRIPT KERNEL CWD CODE`. Uses jupyter_client only. Exit status 0 when
the cell ran without error, panic or stderr, 1 otherwise.
"""

import sys
import time

from jupyter_client.manager import start_new_kernel


def main(kernel, cwd, code):
    print(f"starting kernel {kernel!r} in {cwd} (the first start compiles its dependencies)", flush=True)
    started = time.monotonic()
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=3600, cwd=cwd)
    ready = time.monotonic() - started
    try:
        outputs = []
        cell_started = time.monotonic()
        reply = kc.execute_interactive(code, timeout=3600, output_hook=outputs.append)
        seconds = time.monotonic() - cell_started
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    problems = [
        m["content"].get("text", "")
        for m in outputs
        if m["msg_type"] == "stream" and m["content"].get("name") == "stderr"
    ] + [m["content"].get("evalue", "") for m in outputs if m["msg_type"] == "error"]
    print(f"kernel ready after {ready:.1f} s; first cell {seconds:.1f} s", flush=True)
    if reply["content"]["status"] != "ok" or any(p.strip() for p in problems):
        print("the warm-up cell failed:\n" + "\n".join(problems), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

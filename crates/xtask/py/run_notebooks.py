"""Jupyter-side driver for `cargo xtask notebooks`, `tradedef kernel install` and
`cargo xtask bench-notebooks`.

Runs notebooks through real Jupyter (nbclient + jupyter_client) with a named kernelspec.

Sub-commands:
  run    execute notebooks top to bottom in a fresh kernel each, fail on any error output,
         compile error or panic (naming notebook and cell index), compare sanitised outputs
         with the committed ones (or write them back with --update); with --html DIR also
         render each executed notebook to HTML with nbconvert and check that every chart and
         table made it into the page. With --workdir DIR the kernels start in DIR instead of
         each notebook's folder: `cargo xtask notebooks --param` runs an injected copy kept in
         target/notebooks-param/ with --update and --workdir notebooks/ (its original folder).
  warm   start the kernel once and evaluate one cell, so its dependencies are compiled.
  bench  start a kernel, evaluate the given cells, print timings as JSON.
  class  start several kernels at the same moment, each in a folder of its own (a class on one
         server): time each to ready and to its first table, run a notebook's code cells in
         each, optionally beside a kernel that crashes and one that runs away; print JSON with
         the machine's peak memory and the build dirs' disk use.
  output run many printing cells in one kernel (optionally while busy processes load the
         machine) and check that every line each cell printed, to stdout and stderr, arrived
         before the cell's reply; print JSON.

Exit status: 0 on success, 1 on a failed run, 2 on bad usage. Only the standard library,
nbclient, nbformat, jupyter_client and (for --html) nbconvert are used.
"""

import argparse
import copy
import difflib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

PANIC_MARKER = "panicked at"
# Sent to the kernel before the first cell of a checked run: a panic then ends the cell with an
# error reply instead of stderr text and status "ok" (evcxr's default), so it cannot be missed
# even if stderr arrives late. Variables are dropped on a panic, which a failing run accepts.
STRICT_PANICS = ":preserve_vars_on_panic 0"
ALLOWED_ERROR_TAG = "raises-exception"
# evcxr reports an error returned through `?` by printing it to stderr with status "ok", exactly
# like an `eprintln!`. So any stderr output fails a cell, unless the cell carries this tag.
ALLOWED_STDERR_TAG = "allow-stderr"
# Notebook and cell metadata the runner reads, under this key: a cell's `timeout` (seconds,
# replacing --timeout for that cell) and a must-fail notebook's `expect_failure` (text its
# failure message must contain, checked with --expect-fail).
METADATA_KEY = "tradedef"


def log(message):
    print(message, flush=True)


# --- output sanitising -------------------------------------------------------------------------


class Sanitiser:
    """Replaces the volatile parts of an output (timings, paths, addresses) by placeholders."""

    def __init__(self, repo_root):
        self.rules = []
        if repo_root:
            self.rules.append((re.compile(re.escape(os.path.realpath(repo_root))), "<repo>"))
        self.rules += [
            (re.compile(r"Took \d+(\.\d+)?\s*m?s"), "Took <time>"),
            (re.compile(r"(/tmp|/var/folders)/[^\s\"'<>)]+"), "<tmp>"),
            (re.compile(r"\.tmp[A-Za-z0-9]{6}"), "<tmp>"),
            (re.compile(r"0x[0-9a-fA-F]{6,16}"), "0x<addr>"),
            (re.compile(r"ThreadId\(\d+\)"), "ThreadId(<n>)"),
            (re.compile(r"thread '[^']*' \(\d+\) panicked"), "thread '<t>' panicked"),
        ]

    def text(self, value):
        if isinstance(value, list):
            value = "".join(value)
        if not isinstance(value, str):
            value = json.dumps(value, sort_keys=True, indent=1)
        for pattern, replacement in self.rules:
            value = pattern.sub(replacement, value)
        return value


def normalised_outputs(cell, sanitiser):
    """A cell's outputs as comparable text: stdout, then stderr (their relative order is not
    deterministic in evcxr), then results and errors in order; no counts, no metadata."""
    streams = {"stdout": "", "stderr": ""}
    rest = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            streams[output.get("name", "stdout")] = streams.get(
                output.get("name", "stdout"), ""
            ) + sanitiser.text(output.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            for mime in sorted(data):
                rest.append(f"[{mime}]\n{sanitiser.text(data[mime])}")
        elif kind == "error":
            rest.append(f"[error] {output.get('ename')}: {sanitiser.text(output.get('evalue', ''))}")
    parts = [f"[{name}]\n{text}" for name, text in streams.items() if text]
    lines = []
    for part in parts + rest:
        lines.extend(part.rstrip("\n").split("\n"))
    return lines


def cell_failure(cell):
    """Why an executed cell counts as failed, or None."""
    tags = cell.get("metadata", {}).get("tags", [])
    if ALLOWED_ERROR_TAG in tags:
        return None
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            trace = "\n".join(output.get("traceback", []))
            return f"error output {output.get('ename')}: {output.get('evalue')}\n{trace}".strip()
        if kind == "stream" and output.get("name") == "stderr":
            text = "".join(output.get("text", ""))
            if PANIC_MARKER in text:
                return f"panic:\n{text.strip()}"
            if ALLOWED_STDERR_TAG not in tags:
                return (
                    "output on stderr (an error returned with `?` shows only there; tag the "
                    f"cell {ALLOWED_STDERR_TAG!r} if it is expected):\n{text.strip()}"
                )
    return None


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def first_lines(text, count=25):
    lines = ANSI_ESCAPE.sub("", text).splitlines()
    if len(lines) > count:
        lines = lines[:count] + [f"... ({len(lines) - count} more lines)"]
    return "\n".join(lines)


# --- execution -----------------------------------------------------------------------------------


def cell_timeout(cell, default):
    """Seconds a cell may run: its metadata's `tradedef.timeout`, else the run's --timeout."""
    return cell.get("metadata", {}).get(METADATA_KEY, {}).get("timeout", default)


def kernel_build_dir(client):
    """The evcxr build dir (EVCXR_TMPDIR, a slot under target/evcxr/) the kernel's launcher
    chose, read from the running kernel's environment; None when unknown."""
    try:
        pid = client.km.provisioner.process.pid
        with open(f"/proc/{pid}/environ", "rb") as environ:
            for entry in environ.read().split(b"\0"):
                if entry.startswith(b"EVCXR_TMPDIR="):
                    return entry.split(b"=", 1)[1].decode(errors="replace")
    except (AttributeError, OSError):
        pass
    return None


def kernel_group(client):
    """The kernel's process group (jupyter_client starts kernels in a session of their own), or
    None."""
    try:
        return os.getpgid(client.km.provisioner.process.pid)
    except (AttributeError, OSError):
        return None


def kill_group(group, wait_seconds=10):
    """Kills what is left of a kernel's process group, and waits (at most `wait_seconds`) until
    it is gone. After a dead kernel jupyter_client kills nothing, and evcxr's child that runs the
    cells would go on (an endless loop, forever); and until the last process of the group has
    exited, it holds the kernel's build-dir slot, so the next notebook's kernel would take
    another, cold, slot (a full build of polars: seen in a back-to-back run)."""
    if group is None or group == os.getpgrp():
        return
    deadline = time.monotonic() + wait_seconds
    try:
        os.killpg(group, signal.SIGKILL)
        while time.monotonic() < deadline:
            time.sleep(0.05)
            os.killpg(group, 0)
        log(f"  processes of the stopped kernel still exist after {wait_seconds} s")
    except (ProcessLookupError, PermissionError):
        pass


def kernel_fault(failure, build_dir):
    """A kernel-level failure message, with where the kernel built and what to do if that build
    dir is damaged."""
    where = f" (build dir {build_dir})" if build_dir else ""
    return (
        f"{failure}{where}. If the kernel fails the same way again, its build dir may be "
        "damaged: delete it (the next start rebuilds it, several minutes)"
    )


def execute_notebook(path, kernel, timeout, startup_timeout, strict_panics=True, workdir=None):
    """Executes a copy of the notebook at `path`, with the kernel started in `workdir` (default:
    the notebook's folder). Returns (executed notebook, failure or None, seconds per code
    cell).

    Kernel faults end the notebook with a message naming the cell: a cell running past its
    timeout (see `cell_timeout`), a kernel that dies (nbclient polls it every second). After
    either, the kernel's whole process group is killed at once (no graceful shutdown that a
    busy kernel would not answer), so nothing is left running."""
    original = nbformat.read(path, as_version=4)
    nb = copy.deepcopy(original)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        timeout_func=lambda cell: cell_timeout(cell, timeout),
        startup_timeout=startup_timeout,
        allow_errors=False,
        record_timing=False,
        coalesce_streams=True,
        resources={"metadata": {"path": workdir or os.path.dirname(os.path.abspath(path))}},
    )
    failure = None
    timings = []
    started = time.monotonic()
    group = None
    try:
        with client.setup_kernel():
            # Read now: once the kernel has died its environment can no longer be read.
            build_dir = kernel_build_dir(client)
            group = kernel_group(client)
            log(f"  kernel ready after {time.monotonic() - started:.1f} s (build dir {build_dir})")
            if strict_panics:
                # nbclient stores an executed cell back at its index: run the setup cell as a
                # temporary last cell and take it out again.
                nb.cells.append(nbformat.v4.new_code_cell(STRICT_PANICS))
                try:
                    client.execute_cell(nb.cells[-1], len(nb.cells) - 1, store_history=False)
                finally:
                    nb.cells.pop()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                cell_started = time.monotonic()
                try:
                    client.execute_cell(cell, index)
                    failure = cell_failure(cell)
                except CellTimeoutError:
                    client.shutdown_kernel = "immediate"
                    failure = (
                        f"timed out after {cell_timeout(cell, timeout)} s; the kernel was stopped"
                    )
                except DeadKernelError as error:
                    client.shutdown_kernel = "immediate"
                    failure = kernel_fault(f"the kernel died: {error}", build_dir)
                except CellExecutionError as error:
                    failure = cell_failure(cell) or f"error reply: {first_lines(str(error))}"
                seconds = time.monotonic() - cell_started
                timings.append(seconds)
                log(f"  cell {index}: {seconds:.1f} s{' FAILED' if failure else ''}")
                if failure:
                    failure = f"cell {index}: {first_lines(failure)}"
                    break
    finally:
        kill_group(group)
    return original, nb, failure, timings


def compare(original, executed, sanitiser, max_lines=60):
    """Differences between committed and fresh outputs, one entry per changed cell."""
    differences = []
    committed_cells = [c for c in original.cells if c.cell_type == "code"]
    if committed_cells and not any(c.get("outputs") for c in committed_cells):
        return ["the committed notebook has no outputs: run with --update and commit the result"]
    for index, (old, new) in enumerate(zip(original.cells, executed.cells)):
        if old.cell_type != "code":
            continue
        before = normalised_outputs(old, sanitiser)
        after = normalised_outputs(new, sanitiser)
        if before != after:
            diff = list(
                difflib.unified_diff(
                    before, after, "committed", "fresh", lineterm="", n=2
                )
            )
            if len(diff) > max_lines:
                diff = diff[:max_lines] + [f"... ({len(diff) - max_lines} more diff lines)"]
            differences.append(f"cell {index} output changed:\n" + "\n".join(diff))
    return differences


# --- HTML export ---------------------------------------------------------------------------------


def rich_outputs(nb):
    """How many charts (image/svg+xml) and HTML tables the notebook's outputs hold."""
    charts = tables = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/svg+xml" in data:
                charts += 1
            elif "<table" in "".join(data.get("text/html", "")):
                tables += 1
    return charts, tables


def export_html(nb, path, out_dir):
    """Renders the executed notebook with nbconvert's lab template into out_dir; returns a
    failure message if a chart or table did not reach the page, else None."""
    from nbconvert import HTMLExporter  # only needed here

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0] + ".html")
    with open(target, "w", encoding="utf-8") as out:
        out.write(body)
    charts, tables = rich_outputs(nb)
    # A chart's bundle holds an HTML figure (the SVG as an <img> with its description as caption),
    # which nbconvert's lab template shows before the SVG; a bundle without one shows its SVG in
    # a div marked with the MIME type. Tables are counted as HTML tables.
    shown_charts = body.count('data-mime-type="image/svg+xml"') + body.count(
        'class="tradedef-chart"'
    )
    shown_tables = body.count("<table")
    if shown_charts < charts or shown_tables < tables:
        return (
            f"HTML export {target} shows {shown_charts} of {charts} charts and "
            f"{shown_tables} of {tables} tables"
        )
    log(f"  HTML: {target} ({charts} charts, {tables} tables)")
    return None


def tidy_for_commit(nb, kernel):
    """Deterministic bookkeeping for a notebook written back with --update."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            cell.metadata.pop("execution", None)
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = count
                if "metadata" in output:
                    output["metadata"] = {}
    nb.metadata["kernelspec"] = {
        "display_name": "Rust (tradedef)",
        "language": "rust",
        "name": kernel,
    }


def committed_bytes(nb, kernel):
    """The text --update writes for an executed notebook."""
    tidy = copy.deepcopy(nb)
    tidy_for_commit(tidy, kernel)
    text = nbformat.writes(tidy)
    return text if text.endswith("\n") else text + "\n"


def byte_drift(path, executed, kernel):
    """Where the file --update would write differs from the committed one, or None. Run after
    `compare` found the sanitised outputs equal, so this catches what sanitising hides or skips:
    volatile bytes (timestamps, ids, paths, image bytes, output metadata, kernel metadata)."""
    with open(path, encoding="utf-8") as committed:
        old = committed.read()
    new = committed_bytes(executed, kernel)
    if new == old:
        return None
    committed_cells = nbformat.reads(old, as_version=4).cells
    fresh_cells = nbformat.reads(new, as_version=4).cells
    for index, (before, after) in enumerate(zip(committed_cells, fresh_cells)):
        if before.get("outputs") != after.get("outputs"):
            return f"cell {index}: the output bytes differ from the committed file (outputs equal after sanitising)"
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), "committed", "fresh", lineterm="", n=1)
    return "the file differs from the committed one outside the outputs:\n" + "\n".join(list(lines)[:20])


def command_run(args):
    sanitiser = Sanitiser(args.repo)
    failures = []
    failed_notebooks = set()
    all_timings = {}
    for path in args.notebooks:
        log(f"notebook {path}")
        started = time.monotonic()
        try:
            original, executed, failure, timings = execute_notebook(
                path, args.kernel, args.timeout, args.startup_timeout, workdir=args.workdir
            )
        except Exception as error:  # kernel start-up failures, unreadable notebooks
            original, executed, timings = None, None, []
            failure = kernel_fault(
                f"before the first cell, could not run: {type(error).__name__}: "
                f"{first_lines(str(error))}",
                None,
            )
        elapsed = time.monotonic() - started
        if not failure and args.html:
            failure = export_html(executed, path, args.html)
        if failure:
            if executed is not None:
                # A failure inside a cell; a kernel that never started does not prove anything
                # for --expect-fail.
                failed_notebooks.add(path)
            failures.append(f"{path}: {failure}")
            log(f"  FAILED {path} {failure}")
            continue
        if args.update:
            tidy_for_commit(executed, args.kernel)
            nbformat.write(executed, path)
            log(f"  ok, outputs written to {path} ({elapsed:.1f} s)")
        else:
            differences = compare(original, executed, sanitiser)
            drift = None if differences else byte_drift(path, executed, args.kernel)
            if drift:
                differences = [f"{drift} (run with --update and commit, or make it deterministic)"]
            if differences:
                failed_notebooks.add(path)
                for difference in differences:
                    failures.append(f"{path}: {difference}")
                    log(f"  FAILED {path} {difference}")
                continue
            log(f"  ok, byte for byte the committed notebook ({elapsed:.1f} s)")
        all_timings[path] = timings
        if timings:
            ordered = sorted(timings)
            log(f"  median cell {ordered[len(ordered) // 2]:.2f} s over {len(timings)} cells")
    if args.timings_json:
        with open(args.timings_json, "w") as out:
            json.dump(all_timings, out, indent=1)
    if args.expect_fail:
        passed = [p for p in args.notebooks if p not in failed_notebooks]
        if passed:
            log(f"FAILED: expected to fail but passed: {', '.join(passed)}")
            return 1
        wrong = wrong_failures(args.notebooks, failures)
        if wrong:
            for problem in wrong:
                log(f"FAILED: {problem}")
            return 1
        log(f"ok: all {len(args.notebooks)} notebook(s) failed, as expected")
        return 0
    if failures:
        log(f"{len(failures)} notebook problem(s):")
        for failure in failures:
            log(f"- {failure.splitlines()[0]}")
        return 1
    return 0


def wrong_failures(notebooks, failures):
    """Must-fail notebooks whose failure message lacks their metadata's `expect_failure` text."""
    problems = []
    for path in notebooks:
        expected = (
            nbformat.read(path, as_version=4)
            .metadata.get(METADATA_KEY, {})
            .get("expect_failure")
        )
        if expected is None:
            continue
        messages = [f for f in failures if f.startswith(f"{path}: ")]
        if not any(expected in message for message in messages):
            got = messages[0].splitlines()[0] if messages else "no message"
            problems.append(f"{path} failed without {expected!r} in its message: {got}")
    return problems


# --- warm-up and benchmark ----------------------------------------------------------------------


def timed_session(kernel, cwd, cells, timeout, startup_timeout):
    started = time.monotonic()
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=startup_timeout, cwd=cwd)
    ready = time.monotonic() - started
    results = []
    try:
        for code in cells:
            outputs = []
            cell_started = time.monotonic()
            reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
            seconds = time.monotonic() - cell_started
            status = reply["content"]["status"]
            stderr = "".join(
                m["content"].get("text", "")
                for m in outputs
                if m["msg_type"] == "stream" and m["content"].get("name") == "stderr"
            )
            errors = [
                m["content"].get("evalue", "") for m in outputs if m["msg_type"] == "error"
            ]
            ok = status == "ok" and PANIC_MARKER not in stderr and not errors
            results.append(
                {
                    "code": code,
                    "seconds": round(seconds, 2),
                    "ok": ok,
                    "detail": first_lines((stderr + "\n".join(errors)).strip(), 10),
                }
            )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return {"kernel": kernel, "startup_seconds": round(ready, 2), "cells": results}


def command_warm(args):
    log(f"starting kernel {args.kernel!r} in {args.cwd} (the first start compiles its dependencies)")
    session = timed_session(args.kernel, args.cwd, [args.code], args.timeout, args.startup_timeout)
    cell = session["cells"][0]
    log(f"kernel ready after {session['startup_seconds']} s; first cell {cell['seconds']} s")
    if not cell["ok"]:
        log(f"the warm-up cell failed:\n{cell['detail']}")
        return 1
    return 0


def command_bench(args):
    session = timed_session(args.kernel, args.cwd, args.cell, args.timeout, args.startup_timeout)
    print(json.dumps(session))
    return 0 if all(c["ok"] for c in session["cells"]) else 1


# --- a class at once ---------------------------------------------------------------------------


def used_memory():
    """Bytes of memory in use on the machine (MemTotal - MemAvailable)."""
    info = {}
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            key, value = line.split(":", 1)
            info[key] = int(value.split()[0]) * 1024
    return info["MemTotal"] - info["MemAvailable"]


class MemoryPeak(threading.Thread):
    """Samples the memory in use every 0.2 s until stopped; keeps the peak."""

    def __init__(self):
        super().__init__(daemon=True)
        self.baseline = used_memory()
        self.peak = self.baseline
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.2):
            self.peak = max(self.peak, used_memory())


def disk_use(folder):
    """Bytes under `folder` with each hard-linked file counted once (`du -sb`), or None."""
    if not os.path.isdir(folder):
        return 0
    out = subprocess.run(["du", "-sb", folder], capture_output=True, text=True)
    return int(out.stdout.split()[0]) if out.returncode == 0 else None


def km_build_dir(km):
    """The build dir (EVCXR_TMPDIR) the launcher chose for the kernel `km` started."""
    class Client:
        pass
    client = Client()
    client.km = km
    return kernel_build_dir(client)


def run_cell(kc, code, timeout):
    """Executes one cell; returns (seconds, ok, detail)."""
    outputs = []
    started = time.monotonic()
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
    seconds = time.monotonic() - started
    stderr = "".join(
        m["content"].get("text", "")
        for m in outputs
        if m["msg_type"] == "stream" and m["content"].get("name") == "stderr"
    )
    errors = [m["content"].get("evalue", "") for m in outputs if m["msg_type"] == "error"]
    ok = reply["content"]["status"] == "ok" and PANIC_MARKER not in stderr and not errors
    return seconds, ok, first_lines((stderr + "\n".join(errors)).strip(), 10)


def class_member(role, folder, args, cells, start, class_done, results, lock):
    """One kernel of the class: a student running `cells`, or the `crash` or `runaway` one."""
    result = {"role": role, "folder": folder, "ok": False, "failures": []}
    with lock:
        results.append(result)
    os.makedirs(folder, exist_ok=True)
    start.wait()
    started = time.monotonic()
    km = kc = None
    try:
        km, kc = start_new_kernel(
            kernel_name=args.kernel, startup_timeout=args.startup_timeout, cwd=folder
        )
        result["ready"] = round(time.monotonic() - started, 2)
        result["build_dir"] = km_build_dir(km)
        if role == "crash":
            # The cell's process aborts: the kernel reports it and stays up; nobody else notices.
            _, ok, detail = run_cell(kc, "std::process::abort();", args.timeout)
            seconds, ok_after, _ = run_cell(kc, "1 + 1", args.timeout)
            result["ok"] = not ok and ok_after
            result["detail"] = detail
            return
        if role == "runaway":
            # A cell that never ends, taking a core for as long as the students work.
            msg_id = kc.execute("loop { std::hint::black_box(0); }")
            class_done.wait(args.runaway_seconds)
            while True:  # a reply to the cell would mean the loop ended
                try:
                    reply = kc.get_shell_msg(timeout=0.5)
                except queue.Empty:
                    result["ok"] = True
                    return
                if reply["parent_header"].get("msg_id") == msg_id:
                    result["failures"].append({"cell": 0, "detail": str(reply["content"])[:500]})
                    return
        first = True
        for index, code in enumerate(cells):
            seconds, ok, detail = run_cell(kc, code, args.timeout)
            if first:
                result["first_table"] = round(time.monotonic() - started, 2)
                result["first_cell"] = round(seconds, 2)
                first = False
            if not ok:
                result["failures"].append({"cell": index, "detail": detail})
        # What a cell writes lands in the student's own folder.
        marker = f"written by {os.path.basename(folder)}"
        _, ok, detail = run_cell(
            kc, f'std::fs::write("class-check.txt", "{marker}").unwrap();', args.timeout
        )
        with open(os.path.join(folder, "class-check.txt")) as written:
            if not ok or written.read() != marker:
                result["failures"].append({"cell": "write", "detail": detail})
        result["seconds"] = round(time.monotonic() - started, 2)
        result["ok"] = not result["failures"]
    except Exception as error:  # a kernel that died or never answered: reported, not raised
        result["failures"].append({"cell": None, "detail": f"{type(error).__name__}: {error}"})
    finally:
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            km.shutdown_kernel(now=role == "runaway")


def command_class(args):
    cells = []
    if args.notebook:
        nb = nbformat.read(args.notebook, as_version=4)
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
    cells = args.cell + cells
    roles = ["student"] * args.kernels
    if args.crash:
        roles.append("crash")
    if args.runaway:
        roles.append("runaway")
    disk_before = disk_use(args.build_dirs)
    memory = MemoryPeak()
    memory.start()
    start = threading.Barrier(len(roles))
    class_done = threading.Event()
    results, lock, threads = [], threading.Lock(), []
    for index, role in enumerate(roles):
        folder = os.path.join(args.root, f"{role}-{index}")
        thread = threading.Thread(
            target=class_member,
            args=(role, folder, args, cells, start, class_done, results, lock),
        )
        thread.start()
        threads.append((role, thread))
    for role, thread in threads:
        if role != "runaway":
            thread.join()
    class_done.set()
    for _, thread in threads:
        thread.join()
    memory.done.set()
    memory.join()
    results.sort(key=lambda r: r["folder"])
    report = {
        "kernels": args.kernels,
        "members": results,
        "memory_baseline": memory.baseline,
        "memory_peak": memory.peak,
        "disk_before": disk_before,
        "disk_after": disk_use(args.build_dirs),
    }
    print(json.dumps(report))
    return 0 if all(r["ok"] for r in results) else 1


# --- no output lost ------------------------------------------------------------------------------


def burn():
    """A busy loop (run in a child process to load the machine)."""
    while True:
        pass


def command_output(args):
    import multiprocessing

    loaders = [multiprocessing.Process(target=burn, daemon=True) for _ in range(args.load)]
    for loader in loaders:
        loader.start()
    km, kc = start_new_kernel(
        kernel_name=args.kernel, startup_timeout=args.startup_timeout, cwd=args.cwd
    )
    lost, cells_with_loss, started = [], 0, time.monotonic()
    try:
        for i in range(args.cells):
            code = (
                f'for j in 0..{args.lines} {{ println!("cell {i} line {{j}}"); }}\n'
                f'eprintln!("cell {i} stderr");'
            )
            outputs = []
            reply = kc.execute_interactive(code, timeout=args.timeout, output_hook=outputs.append)
            # execute_interactive returns on the reply; output_hook saw only what came before it
            # (and before "idle"): exactly what a notebook client keeps.
            text = {"stdout": "", "stderr": ""}
            for m in outputs:
                if m["msg_type"] == "stream":
                    text[m["content"]["name"]] += m["content"]["text"]
            wanted_out = "".join(f"cell {i} line {j}\n" for j in range(args.lines))
            wanted_err = f"cell {i} stderr\n"
            missing = []
            if text["stdout"] != wanted_out:
                missing.append({"stream": "stdout", "got": text["stdout"][-200:]})
            if text["stderr"] != wanted_err:
                missing.append({"stream": "stderr", "got": text["stderr"][-200:]})
            if reply["content"]["status"] != "ok":
                missing.append({"status": reply["content"]["status"]})
            if missing:
                cells_with_loss += 1
                lost.append({"cell": i, "missing": missing})
            if (i + 1) % 100 == 0:
                print(f"output: {i + 1} cells, {cells_with_loss} with output missing", file=sys.stderr, flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        for loader in loaders:
            loader.terminate()
    print(
        json.dumps(
            {
                "cells": args.cells,
                "lines_per_cell": args.lines + 1,
                "load_processes": args.load,
                "cells_with_loss": cells_with_loss,
                "lost": lost[:20],
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    return 0 if cells_with_loss == 0 else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--kernel", default="tradedef", help="kernelspec name (default: tradedef)")
        p.add_argument("--timeout", type=int, default=900, help="seconds per cell (default 900)")
        p.add_argument(
            "--startup-timeout", type=int, default=3600,
            help="seconds to wait for the kernel to answer (default 3600: the first start "
            "compiles the kernel's dependencies)",
        )

    run = sub.add_parser("run", help="execute and check notebooks")
    common(run)
    run.add_argument("--update", action="store_true", help="write fresh outputs back")
    run.add_argument("--expect-fail", action="store_true", help="succeed only if a notebook fails")
    run.add_argument("--repo", default=None, help="repository root, replaced by <repo> in outputs")
    run.add_argument("--timings-json", default=None, help="write seconds per code cell here")
    run.add_argument("--html", default=None, help="render executed notebooks to HTML in this dir")
    run.add_argument(
        "--workdir", default=None,
        help="start the kernels here instead of in each notebook's folder",
    )
    run.add_argument("notebooks", nargs="+")
    run.set_defaults(handler=command_run)

    warm = sub.add_parser("warm", help="start the kernel once so its dependencies are built")
    common(warm)
    warm.add_argument("--cwd", required=True)
    warm.add_argument("--code", default="1 + 1")
    warm.set_defaults(handler=command_warm)

    bench = sub.add_parser("bench", help="time kernel start-up and cells, print JSON")
    common(bench)
    bench.add_argument("--cwd", required=True)
    bench.add_argument("--cell", action="append", default=[])
    bench.set_defaults(handler=command_bench)

    klass = sub.add_parser("class", help="start several kernels at once; print JSON")
    common(klass)
    klass.add_argument("--kernels", type=int, required=True, help="students' kernels")
    klass.add_argument("--root", required=True, help="each kernel starts in a folder under it")
    klass.add_argument("--build-dirs", required=True, help="the kernels' build dirs (disk use)")
    klass.add_argument("--cell", action="append", default=[], help="a cell run first (timed)")
    klass.add_argument("--notebook", default=None, help="then this notebook's code cells")
    klass.add_argument("--crash", action="store_true", help="add a kernel whose cell aborts")
    klass.add_argument("--runaway", action="store_true", help="add a kernel whose cell never ends")
    klass.add_argument("--runaway-seconds", type=int, default=600)
    klass.set_defaults(handler=command_class)

    output = sub.add_parser("output", help="many printing cells; check no line is lost")
    common(output)
    output.add_argument("--cwd", required=True)
    output.add_argument("--cells", type=int, default=1000)
    output.add_argument("--lines", type=int, default=5, help="stdout lines per cell (plus 1 on stderr)")
    output.add_argument("--load", type=int, default=2, help="busy processes loading the machine")
    output.set_defaults(handler=command_output)

    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

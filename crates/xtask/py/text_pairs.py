"""Text pairs of notebooks for `cargo xtask teaching --sync` and the test command.

Every notebook has a paired plain-text form in jupytext's percent format for Rust (`// %%`
cells, `// %% [markdown]`), so a pull request shows a readable diff. Usage:

    python text_pairs.py (--write | --check) NOTEBOOK=TEXT ...

--write regenerates each TEXT from its NOTEBOOK; --check fails (exit 1) naming every TEXT that is
missing or differs from what jupytext makes of its NOTEBOOK now.
"""

import os
import sys

import jupytext

FORMAT = "rs:percent"


def main(argv):
    if len(argv) < 1 or argv[0] not in ("--write", "--check"):
        print(__doc__, file=sys.stderr)
        return 2
    write = argv[0] == "--write"
    stale = []
    for pair in argv[1:]:
        notebook, text = pair.split("=", 1)
        wanted = jupytext.writes(jupytext.read(notebook), fmt=FORMAT)
        try:
            with open(text, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current == wanted:
            continue
        if write:
            os.makedirs(os.path.dirname(text), exist_ok=True)
            with open(text, "w", encoding="utf-8") as f:
                f.write(wanted)
            print(f"wrote {text}")
        else:
            stale.append(f"{text} ({'missing' if current is None else 'out of sync'} with {notebook})")
    if stale:
        print(f"{len(stale)} text pair(s) out of sync; run `cargo xtask teaching --sync`:")
        for s in stale:
            print(f"- {s}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/bin/sh
# Written by `tradedef kernel install`; re-run it instead of editing.
# Starts evcxr_jupyter @EVCXR_VERSION@ with a persistent build dir that no other running kernel uses.
#
# The template of this file is crates/tradedef-cli/src/cmd/kernel/launch.sh; `tradedef kernel
# install` replaces each placeholder (a name between two at signs; paths shell-quoted) and
# writes the result.
set -e
# Variables cargo sets for a program it runs (`cargo run`, `cargo xtask`): build scripts ask
# cargo to rebuild when some of them change (ring's `CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`), so a
# kernel started under cargo and one started from a shell would rebuild polars in turn.
for var in $(env | sed -n -E 's/^(@CARGO_RUN_VARS@)=.*/\1/p'); do unset "$var"; done
# `cargo run` also puts its target dir's folders on LD_LIBRARY_PATH. A notebook library built
# there (same file name, built from other sources or at another optimisation level) would then
# be loaded in place of this kernel's own, and the first cell's code would fail to load: drop
# every folder that holds one.
if [ -n "${LD_LIBRARY_PATH:-}" ]; then
  kept=""
  old_ifs=$IFS
  IFS=:
  for folder in $LD_LIBRARY_PATH; do
    [ -e "$folder/libtradedef_notebook.so" ] || kept="${kept:+$kept:}$folder"
  done
  IFS=$old_ifs
  if [ -n "$kept" ]; then export LD_LIBRARY_PATH="$kept"; else unset LD_LIBRARY_PATH; fi
fi
base=@BASE@
mkdir -p "$base"
slot=0
if command -v flock >/dev/null 2>&1; then
  # fd 9 stays open in evcxr_jupyter after exec: the slot is held until the kernel exits.
  while [ "$slot" -lt @SLOTS@ ]; do
    dir="$base/slot-$slot"
    if (: >>"$dir.lock") 2>/dev/null; then
      exec 9>"$dir.lock"
      if flock -n 9; then
        if [ ! -e "$dir" ] || { [ -d "$dir" ] && [ -w "$dir" ] && [ ! -d "$dir/Cargo.lock" ]; }; then break; fi
        echo "tradedef kernel: build dir $dir is damaged (not a writable folder): using the next one; delete it" >&2
      fi
    else
      echo "tradedef kernel: lock file $dir.lock is damaged (not writable): using the next build dir; delete it" >&2
    fi
    slot=$((slot + 1))
  done
fi
if [ "$slot" -ge @SLOTS@ ]; then
  echo "tradedef kernel: no free build dir under $base: evcxr builds in a temporary folder (a full build)" >&2
fi
@SEED_BUILD_DIR@
if [ "$slot" -lt @SLOTS@ ]; then
  export EVCXR_TMPDIR="$base/slot-$slot"
  mkdir -p "$EVCXR_TMPDIR"
  if [ ! -d "$EVCXR_TMPDIR/target" ]; then
    # A new slot: seed it from a built one (slot 0 first) rather than compile everything again.
    seed=0
    while [ "$seed" -lt @SLOTS@ ]; do
      if [ "$seed" -ne "$slot" ] && [ -d "$base/slot-$seed/target" ]; then
        started=$(date +%s)
        if seed_build_dir "$base/slot-$seed" "$EVCXR_TMPDIR"; then
          echo "tradedef kernel: build dir slot-$slot seeded from slot-$seed in $(($(date +%s) - started)) s (hard links)" >&2
          break
        fi
        echo "tradedef kernel: could not seed slot-$slot from slot-$seed (hard links): a full build follows" >&2
        rm -rf "$EVCXR_TMPDIR.seeding"
        break
      fi
      seed=$((seed + 1))
    done
  fi
  # evcxr keeps no lockfile: cargo keeps the versions of one it finds next to the crate.
  cp @LOCK@ "$EVCXR_TMPDIR/Cargo.lock"
fi
exec @BINARY@ --control_file "$1"

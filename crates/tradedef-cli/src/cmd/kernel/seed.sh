# seed_build_dir FROM TO, a shell function: the launcher (launch.sh) seeds a new kernel build dir
# with it, and `tradedef kernel install --seed-from` a new home's first one.
# Fills the new build dir $2 from the built one $1 in seconds instead of a full build: the
# compiled crates become hard links (cargo, rustc and the linker replace an output file and never
# write into it, so a file shared by two build dirs is never changed under the other), while the
# files cargo or rustc rewrite in place get copies of their own: fingerprints, dep-info (`*.d`),
# build-script folders. Left out: the other kernel's cells (`libcode_*`, `ctx`), incremental
# caches and locks. The copy is made beside $2 and moved in whole, so a half-made seed is never
# used. Fails (a full build follows) where hard links cannot be made, e.g. across filesystems.
seed_build_dir() {
  seed_from=$1 seed_to=$2
  part="$seed_to.seeding"
  rm -rf "$part" && mkdir -p "$seed_to" "$part/target" || return 1
  for from_profile in "$seed_from"/target/debug "$seed_from"/target/*/debug; do
    [ -d "$from_profile/deps" ] || continue
    profile="$part/target/${from_profile#"$seed_from"/target/}"
    mkdir -p "$profile" || return 1
    cp -al "$from_profile/deps" "$profile/deps" 2>/dev/null || return 1
    for file in "$from_profile"/*; do
      [ -f "$file" ] || continue
      case "${file##*/}" in libcode_* | libctx.*) continue ;; esac
      ln "$file" "$profile/" 2>/dev/null || return 1
    done
    rm -f "$profile"/deps/*.d "$profile"/deps/libctx.* || return 1
    for kept in .fingerprint build; do
      if [ -d "$from_profile/$kept" ]; then cp -pR "$from_profile/$kept" "$profile/$kept" || return 1; fi
    done
    rm -rf "$profile"/.fingerprint/ctx-*
    set -- "$from_profile"/deps/*.d
    if [ -e "$1" ]; then cp -p "$@" "$profile/deps/" || return 1; fi
    rm -f "$profile/deps/ctx.d"
  done
  mv "$part/target" "$seed_to/target" && rm -rf "$part"
}

#!/usr/bin/env bash
# Fuzzes the credentials library (credentials/fuzz, targets qr_decode, verify, canonicalize and sd_jwt) with
# cargo-fuzz on the nightly toolchain, one target after the other and one process each
# (no -jobs/-workers: keep the machine usable). Installs cargo-fuzz once if missing.
# Usage: scripts/fuzz.sh [SECONDS]   (per target; default 600)
# The corpus grows across runs in credentials/fuzz/corpus/<target>/ and crash inputs land in
# credentials/fuzz/artifacts/<target>/ (both git-ignored). Prints per target the executions,
# seconds and last coverage line; exits non-zero when any target crashes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_DIR="$ROOT/credentials/fuzz"
SECONDS_PER_TARGET="${1:-600}"
TARGETS=(qr_decode verify canonicalize sd_jwt)
[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }

log() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# cargo-fuzz itself builds with the default toolchain; only the targets need nightly.
if ! command -v cargo-fuzz >/dev/null 2>&1 && ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi
rustup toolchain list | grep -q '^nightly' || { echo "needs a nightly toolchain: rustup toolchain install nightly" >&2; exit 2; }

LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT
cd "$FUZZ_DIR"

failed=0
summary=()
for target in "${TARGETS[@]}"; do
  log "$target: ${SECONDS_PER_TARGET}s"
  mkdir -p "corpus/$target"
  # libFuzzer reports on stderr; keep a copy to read the final lines from.
  status=0
  cargo +nightly fuzz run "$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 2>&1 | tee "$LOGS/$target.log" || status=$?

  # Final lines: "Done N runs in S second(s)" on a clean stop; the last "#N ... cov: C ft: F"
  # status line carries the coverage.
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$LOGS/$target.log" | tail -1 || true)"
  cov_line="$(grep -E '^#[0-9]+.*cov: [0-9]+' "$LOGS/$target.log" | tail -1 || true)"
  cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$cov_line")"
  ft="$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$cov_line")"
  corpus_files="$(find "corpus/$target" -type f | wc -l)"
  corpus_size="$(du -sh "corpus/$target" | cut -f1)"
  if [[ $status -eq 0 && -n "$done_line" ]]; then
    runs="$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/p' <<<"$done_line")"
    secs="$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/p' <<<"$done_line")"
    result="clean"
  else
    runs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$cov_line")"
    secs="?"
    result="FAILED (exit $status; see credentials/fuzz/artifacts/$target/)"
    failed=1
  fi
  summary+=("$(printf '%-10s runs=%s seconds=%s cov=%s ft=%s corpus=%s files (%s) %s' \
    "$target" "${runs:-?}" "$secs" "${cov:-?}" "${ft:-?}" "$corpus_files" "$corpus_size" "$result")")
done

log "summary"
printf '%s\n' "${summary[@]}"
exit "$failed"

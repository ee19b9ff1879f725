#!/usr/bin/env bash
# End-to-end test of the Emacs setup (editors/emacs/copydesk-eglot.el) with eglot against the
# real server, in batch mode: opens a copy of the seed story in text-mode and checks
#   1. the diagnostics Flymake shows, exactly (tests/editors/seed_expected.txt);
#   2. copydesk-fix-at-point with point inside the first "Zelenskiy" writes "Zelenskyy" there
#      and changes nothing else;
#   3. the server re-checks the edited text;
#   4. a settings change (eglot-workspace-configuration, didChangeConfiguration) re-checks.
#
# Usage: bash tests/editors/emacs_e2e.sh
#   COPYDESK_BIN      server binary (default: target/debug/copydesk)
#   COPYDESK_SEED     the story (default: ../shared/seed/washington-peace-talks-2025-11-26.txt)
#   EMACS             the Emacs binary (default: emacs)
#   EMACS_E2E_TIMEOUT seconds to wait for each step (default: 30)
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EXPECTED="$REPO/tests/editors/seed_expected.txt"
SEED="${COPYDESK_SEED:-$REPO/../shared/seed/washington-peace-talks-2025-11-26.txt}"
EMACS="${EMACS:-emacs}"
WAIT="${EMACS_E2E_TIMEOUT:-30}"

BIN="${COPYDESK_BIN:-target/debug/copydesk}"
if [[ "$BIN" != /* ]]; then
  if [[ -e "$PWD/$BIN" ]]; then BIN="$PWD/$BIN"; else BIN="$REPO/$BIN"; fi
fi

die() {
  echo "emacs e2e: $*" >&2
  echo "emacs e2e: 0 passed, 1 failed"
  exit 1
}

command -v "$EMACS" >/dev/null 2>&1 || die "'$EMACS' not found (apt-get install emacs-nox elpa-eglot)"
[[ -x "$BIN" ]] || die "server binary '$BIN' is missing or not executable"
[[ -f "$SEED" ]] || die "seed story '$SEED' not found (set COPYDESK_SEED)"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/story" "$TMP/home"
STORY="$TMP/story/washington-peace-talks-2025-11-26.txt"
cp "$SEED" "$STORY"
chmod u+w "$STORY"
RESULTS="$TMP/results.txt"
LOG="$TMP/emacs.log"

# No init file (-q), but the site files, which put Debian's elpa-eglot on the load path.
version="$(HOME="$TMP/home" "$EMACS" --batch -q --eval \
  "(progn (require 'lisp-mnt) (princ (format \"GNU Emacs %s, eglot %s\" emacs-version (lm-version (locate-library \"eglot.el\")))))" 2>/dev/null)"
echo "emacs e2e: $version, server $BIN"

HOME="$TMP/home" COPYDESK_E2E_PLUGIN="$REPO/editors/emacs" COPYDESK_E2E_BIN="$BIN" \
COPYDESK_E2E_STORY="$STORY" COPYDESK_E2E_EXPECTED="$EXPECTED" \
COPYDESK_E2E_RESULTS="$RESULTS" COPYDESK_E2E_WAIT="$WAIT" \
  timeout $((WAIT * 4 + 30)) "$EMACS" --batch -q -l "$REPO/tests/editors/emacs_e2e.el" \
  </dev/null >"$LOG" 2>&1
status=$?

passed=0
failed=0
if [[ -f "$RESULTS" ]]; then
  while IFS= read -r line; do
    case "$line" in
      PASS\ *) passed=$((passed + 1)); echo "ok   ${line#PASS }" ;;
      FAIL\ *) failed=$((failed + 1)); echo "FAIL ${line#FAIL }" ;;
      *) echo "$line" ;;
    esac
  done <"$RESULTS"
fi
if [[ ! -f "$RESULTS" || $passed -eq 0 && $failed -eq 0 ]]; then
  echo "FAIL emacs did not report results (exit status $status)"
  failed=$((failed + 1))
fi
if [[ $failed -gt 0 || $status -ne 0 ]]; then
  echo "--- emacs output (last 60 lines) ---"
  tail -n 60 "$LOG"
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "FAIL emacs exited with status $status"
  failed=$((failed + 1))
fi
echo "emacs e2e: $passed passed, $failed failed"
[[ $failed -eq 0 ]]

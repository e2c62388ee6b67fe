# Shared by the end-to-end scripts here: a fresh work folder, counting of
# passed and failed checks, and the summary line that ends a script.
# Source it with:  . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
passed=0
failed=0

start_work() {  # start_work DIR: an empty DIR
  rm -rf "$1"
  mkdir -p "$1"
}

pass() { passed=$((passed + 1)); }
fail() {  # fail MESSAGE...
  failed=$((failed + 1))
  echo "FAIL: $*"
}

check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" = "$3" ]; then pass; else fail "$1: expected exit $2, got $3"; fi
}

expect_text() {  # expect_text NAME STATUS ACTUAL_STATUS EXPECTED ACTUAL
  if [ "$2" = "$3" ] && [ "$4" = "$5" ]; then
    pass
  else
    fail "$1: expected exit $2, got $3"
    echo "  expected: $4"
    echo "  actual:   $5"
  fi
}

expect_file() {  # expect_file NAME STATUS ACTUAL_STATUS EXPECTED_FILE ACTUAL_FILE
  if [ "$2" = "$3" ] && diff -u "$4" "$5"; then
    pass
  else
    fail "$1: expected exit $2, got $3 (output above if it differs)"
  fi
}

finish() {  # the summary; the script's status is 0 only when nothing failed
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

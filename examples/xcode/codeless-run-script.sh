#!/bin/sh
# A Run Script build phase for a DriverKit target: generates the dext's
# sources from the descriptor with codeless, before Compile Sources.
# README.md beside this file says how to set the phase up (its input and
# output file lists, the base configuration) and why.
#
# In the phase's script field:  "$SRCROOT/codeless-run-script.sh"
# Xcode gives the script its build settings as environment variables:
# SRCROOT, DERIVED_FILE_DIR, CURRENT_PROJECT_VERSION, and any user-defined
# setting such as CODELESS below.
#
# Once, from Terminal in the project folder (and again whenever the error
# below asks for it), to write the file lists that the phase names:
#   sh codeless-run-script.sh --update-lists
#
# Settings it reads, each with a default:
#   CODELESS             the codeless binary (default: codeless on PATH)
#   CODELESS_DESCRIPTOR  the descriptor (default: $SRCROOT/driver.json)
#   CODELESS_OUTPUT_DIR  where the sources go (default: $SRCROOT/Generated)
set -eu

update_lists=0
if [ "${1:-}" = --update-lists ]; then
  update_lists=1
fi
# Outside Xcode: the current folder is the project's, the fresh lists go to
# a scratch folder.
SRCROOT=${SRCROOT:-$(pwd)}
if [ -z "${DERIVED_FILE_DIR:-}" ]; then
  DERIVED_FILE_DIR=$(mktemp -d)
fi
descriptor=${CODELESS_DESCRIPTOR:-$SRCROOT/driver.json}
output=${CODELESS_OUTPUT_DIR:-$SRCROOT/Generated}

# Xcode runs scripts with a short PATH that has neither Homebrew prefix
# (/opt/homebrew/bin on Apple silicon, /usr/local/bin on Intel).
PATH=$PATH:/opt/homebrew/bin:/usr/local/bin
export PATH
codeless=${CODELESS:-codeless}
if ! command -v "$codeless" >/dev/null 2>&1; then
  echo "error: codeless not found (looked for '$codeless' on $PATH):" \
    "install it, or set the build setting CODELESS to its path" >&2
  exit 1
fi

# --xcode: diagnostics with absolute paths, which the issue navigator opens.
# codeless rewrites only the files whose bytes change, so an unchanged
# descriptor recompiles nothing. The file lists it writes go to
# DERIVED_FILE_DIR; the phase's Input/Output File Lists name checked-in
# copies, because Xcode reads those before the build starts.
"$codeless" generate "$descriptor" -o "$output" --target dext --xcode \
  --xcfilelist "$DERIVED_FILE_DIR"

# The checked-in lists name files as $(SRCROOT)/..., which Xcode expands, so
# that they hold on every machine. When the descriptor makes codeless read or
# write other files (a renamed dext class), they no longer match: say so,
# with the command that updates them.
status=0
for list in codeless-inputs.xcfilelist codeless-outputs.xcfilelist; do
  portable=$(sed "s|^$SRCROOT/|\$(SRCROOT)/|" "$DERIVED_FILE_DIR/$list")
  if [ "$update_lists" = 1 ]; then
    printf '%s\n' "$portable" >"$output/$list"
    echo "wrote $output/$list"
  elif ! printf '%s\n' "$portable" | cmp -s - "$output/$list"; then
    echo "error: $output/$list is out of date: codeless now reads or writes" \
      "other files. In the project folder run: sh codeless-run-script.sh" \
      "--update-lists (and add any new source file to the target), then" \
      "build again" >&2
    status=1
  fi
done
exit "$status"

#!/usr/bin/env bash
# Fixture of test portability.checker_catches_violations: GNU-only commands.
here=$(readlink -f "$0")
make -j"$(nproc)"
sed -i 's/a/b/' "$here.txt"

# Fixture of test ci.checker_catches_problems: the package list it is held to.
binary_packages=(cmake g++ libfmt-dev)

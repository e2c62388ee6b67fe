// Fixture of test portability.checker_catches_violations: Linux-only code.
#include <linux/limits.h>
#include <string>

std::string Self() { return "/proc/self/exe"; }

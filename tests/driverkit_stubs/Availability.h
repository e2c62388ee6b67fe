// Stand-in DriverKit declarations for the syntax-only compile test of
// generated dext sources (tests/scripts/check_dext_sources.py). Real
// DriverKit headers exist only on macOS, in the DriverKit SDK that ships with
// Xcode, and real .iig files are processed by iig, not by a C++ compiler.
// These are written for codeless's tests, not copied from Apple: they
// declare just the classes generated code names, as plain C++, so that a
// broken template (a wrong header, class or base name, a stray token) fails.

#ifndef CODELESS_STUB_AVAILABILITY_H
#define CODELESS_STUB_AVAILABILITY_H

// The real header defines availability macros; generated code uses none.

#endif  // CODELESS_STUB_AVAILABILITY_H

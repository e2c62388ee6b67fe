// Stand-in DriverKit declarations for the syntax-only compile test of
// generated dext sources (tests/scripts/check_dext_sources.py). Real
// DriverKit headers exist only on macOS, in the DriverKit SDK that ships with
// Xcode, and real .iig files are processed by iig, not by a C++ compiler.
// These are written for codeless's tests, not copied from Apple: they
// declare just the classes generated code names, as plain C++, so that a
// broken template (a wrong header, class or base name, a stray token) fails.

#ifndef CODELESS_STUB_DRIVERKIT_IORETURN_H
#define CODELESS_STUB_DRIVERKIT_IORETURN_H

// kern_return_t and KERN_SUCCESS come from <mach/kern_return.h> in the SDK.
typedef int kern_return_t;
#define KERN_SUCCESS 0

#define kIOReturnSuccess KERN_SUCCESS

#endif  // CODELESS_STUB_DRIVERKIT_IORETURN_H

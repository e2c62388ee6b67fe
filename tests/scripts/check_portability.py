#!/usr/bin/env python3
"""Fails on a Linux-only call in the code that a Mac build runs.

codeless must build and pass its tests with Apple's toolchain (clang, libc++,
ld64, BSD userland), which Linux CI cannot run. This check greps what a Mac
build compiles or runs for the Linux-, glibc- and GNU-only constructs listed
below, so that one cannot come back unnoticed:

  * C++ (src/, tools/, tests/): /proc and /sys paths, <linux/*> and other
    Linux- or glibc-only headers, glibc-only functions and feature macros;
  * CMake (every CMakeLists.txt and *.cmake): GNU ld flags and libraries or
    paths that only exist on Linux;
  * shell scripts (scripts/, tests/scripts/*.sh): GNU-only commands and
    options (nproc, readlink -f, sed -i without a suffix, stat -c, ...).

A line may opt out with the text "portability-ok:" followed by its reason.
Usage: check_portability.py REPO   (exit 1 and one line per finding)
"""
import pathlib
import re
import sys

# (pattern, why) per kind of file.
CXX = [
    (r"/proc/", "/proc is Linux's; macOS has no procfs"),
    (r"\"/sys/", "/sys is Linux's sysfs"),
    (r"#\s*include\s*<linux/", "<linux/*> headers exist only on Linux"),
    (r"#\s*include\s*<(asm|bits|gnu)/", "Linux/glibc internal headers"),
    (r"#\s*include\s*<sys/(epoll|inotify|sysinfo|sendfile|prctl|auxv|signalfd|"
     r"timerfd|eventfd|vfs|statfs|sysmacros)\.h>", "a Linux-only <sys/*> header"),
    (r"#\s*include\s*<(malloc|features|endian|byteswap|mcheck|error|argp|"
     r"mntent|shadow|values)\.h>", "a glibc-only header"),
    (r"\b__GLIBC__\b|\b_GNU_SOURCE\b|\b__linux__\b|\b__gnu_linux__\b",
     "a glibc/Linux-only feature macro"),
    (r"\b(get_current_dir_name|program_invocation_name|program_invocation_short_name|"
     r"secure_getenv|memrchr|strchrnul|mempcpy|rawmemchr|canonicalize_file_name|"
     r"pipe2|dup3|accept4|getauxval|sched_getaffinity|copy_file_range|renameat2|"
     r"statx|fallocate|sendfile|strverscmp|gettid|epoll_\w+|inotify_\w+|prctl|"
     r"mallinfo|malloc_usable_size|strerror_r|qsort_r|syscall)\s*\(",
     "a glibc/Linux-only function (or one whose signature differs on macOS)"),
    (r"\bO_(PATH|TMPFILE|DIRECT|NOATIME|LARGEFILE)\b", "a Linux-only open() flag"),
    (r"\bstdc\+\+fs\b|__gnu_cxx::|<ext/|<bits/", "libstdc++-only"),
]
CMAKE = [
    (r"-Wl,--", "a GNU ld option (Apple's ld64 has other spellings)"),
    (r"-Wl,-z,|-Wl,-soname|-Wl,-rpath-link", "a GNU ld option"),
    (r"--(no-)?as-needed|--(no-)?whole-archive|--start-group|--gc-sections",
     "a GNU ld option"),
    (r"-static-libstdc\+\+|-static-libgcc|(^|\s)-static(\s|\"|\)|$)",
     "static linking of the runtime does not exist on macOS"),
    (r"\bstdc\+\+fs\b|(^|[\s\"])-lrt\b|\brt\b\s*\)", "a library that exists only on Linux"),
    (r"/usr/lib/x86_64-linux-gnu|/usr/lib/aarch64-linux-gnu|/usr/lib64\b",
     "a Linux-only library path (let find_package find it)"),
    (r"-fuse-ld=(gold|bfd)", "a GNU linker"),
]
SHELL = [
    (r"\bnproc\b", "nproc is GNU coreutils; use getconf _NPROCESSORS_ONLN"),
    (r"\breadlink\s+-[a-zA-Z]*f", "readlink -f is GNU (old macOS lacks it); use cd ... && pwd"),
    (r"\bsed\s+(-[a-zA-Z]*\s+)*-[a-zA-Z]*i(?![.\w])",
     "sed -i without an attached suffix means different things to GNU and BSD sed; "
     "use sed -i.bak (and remove the .bak) or write a new file"),
    (r"\bsed\b.*\s-r\b", "sed -r is GNU; use sed -E"),
    (r"\bstat\s+(-[a-zA-Z]*\s+)*-c\b|\bstat\s+--", "stat -c is GNU; BSD stat uses -f"),
    (r"\bdate\s+(-[a-zA-Z]*\s+)*-d\b|\bdate\s+--", "date -d is GNU"),
    (r"\bgrep\s+(-[a-zA-Z]*\s+)*-[a-zA-Z]*P", "grep -P is GNU"),
    (r"\bxargs\s+(-[a-zA-Z]*\s+)*-r\b", "xargs -r is GNU"),
    (r"\bfind\b.*-printf\b", "find -printf is GNU"),
    (r"(?<![\w$.-])(sha256sum|sha1sum|md5sum|tac|timeout)\s",
     "a GNU coreutils command absent on macOS"),
    (r"\bbase64\s+(-[a-zA-Z]*\s+)*-w\b", "base64 -w is GNU"),
    (r"\bmktemp\s+--|\bcp\s+--(reflink|parents)|\bln\s+-[a-zA-Z]*r\b",
     "a GNU-only option"),
]
OPT_OUT = "portability-ok:"

def kinds(repo: pathlib.Path):
    """(file, patterns) for every file a Mac build compiles or runs."""
    def tree(folder, *suffixes):
        base = repo / folder
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and path.suffix in suffixes:
                    yield path
    skip = {"golden", "layers", "portability", "driverkit_stubs", "corpus"}
    def kept(path):
        parts = path.relative_to(repo).parts
        return not (len(parts) > 1 and parts[0] == "tests" and parts[1] in skip)
    for folder in ("src", "tools", "tests"):
        for path in tree(folder, ".cc", ".h", ".cpp", ".hpp", ".in"):
            if kept(path):
                yield path, CXX
    for path in sorted(repo.rglob("CMakeLists.txt")) + sorted(repo.rglob("*.cmake")):
        parts = path.relative_to(repo).parts
        if parts[0].startswith("build") or not kept(path):
            continue
        yield path, CMAKE
    for folder in ("scripts", "tests/scripts", ".ci"):
        base = repo / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if not path.is_file():
                continue
            first = path.read_text(errors="replace").split("\n", 1)[0]
            if path.suffix == ".sh" or ("sh" in first and first.startswith("#!")):
                yield path, SHELL

def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    repo = pathlib.Path(sys.argv[1]).resolve()
    findings = 0
    checked = 0
    for path, patterns in kinds(repo):
        checked += 1
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if OPT_OUT in line:
                continue
            # Shell and CMake comments say what not to do; code is what runs.
            code = line
            if patterns is not CXX:
                code = re.sub(r"(^|\s)#.*", "", line)
            for pattern, why in patterns:
                if re.search(pattern, code):
                    print(f"{path.relative_to(repo)}:{number}: {why}: {line.strip()}")
                    findings += 1
                    break  # one finding per line
    if checked == 0:
        print(f"{repo}: no source files found", file=sys.stderr)
        return 2
    print(f"{checked} files checked, {findings} Linux-only constructs found")
    return 1 if findings else 0

if __name__ == "__main__":
    sys.exit(main())

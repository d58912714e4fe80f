#!/usr/bin/env python3
"""Accessibility check: every generated page through axe-core in headless Chromium.

Usage: check_a11y.py SITE_DIR [SITE_DIR ...] [--show-incomplete]

Each folder is served over HTTP on 127.0.0.1 (a free port, http.server in a thread). Every
*.html file in it is opened in one headless Chromium (Debian's chromium + chromium-driver,
driven by selenium), axe-core is injected and run with the WCAG 2.0/2.1 A and AA rules, and
the page fails on:
  - any axe violation (rule, impact, help, target selectors and an html snippet are printed);
  - any Content-Security-Policy violation (the pages must work under default-src 'self');
  - any browser console error;
  - any request to a host other than 127.0.0.1, or any request answered with HTTP >= 400.
The last line is 'axe-core: N passed, N failed'; the exit code is 1 when anything failed.

axe.min.js comes from the PyPI package axe-playwright-python (installed with --no-deps: only the
bundled axe-core file is used, not playwright). AXE_CORE_JS=/path/to/axe.min.js overrides it;
AXE_TAGS=a,b,c replaces the rule tags for a one-off look (e.g. adding best-practice), CHROMIUM and
CHROMEDRIVER the browser and driver paths. --show-incomplete also prints what axe leaves for
review (it cannot judge the contrast of SVG text: check_contrast.py does).
"""
import functools
import http.server
import importlib.metadata
import importlib.util
import os
import pathlib
import sys
import threading
import time
import urllib.parse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
TAGS = os.environ.get("AXE_TAGS", "wcag2a,wcag2aa,wcag21a,wcag21aa").split(",")
PAGE_TIMEOUT = 30  # seconds, page load and each script
HOST = "127.0.0.1"
# Python packages known to ship axe-core's axe.min.js, most current first.
AXE_PACKAGES = [("axe_playwright_python", "axe-playwright-python"), ("axe_core_python", "axe-core-python")]

# Registered before any page script runs (DevTools injection is not subject to the page's CSP).
CSP_LISTENER = """
window.__pohjCsp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__pohjCsp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    (e.sourceFile ? ' (' + e.sourceFile + ':' + e.lineNumber + ')' : ''));
});
"""

RUN_AXE = """
const done = arguments[arguments.length - 1];
const short = (nodes) => nodes.map((n) => ({
  target: n.target.map((t) => Array.isArray(t) ? t.join(' >>> ') : String(t)),
  html: n.html,
  summary: n.failureSummary || '',
}));
const rules = (list) => list.map((v) => ({
  id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, nodes: short(v.nodes),
}));
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: arguments[1]})
  .then((r) => done({version: axe.version, violations: rules(r.violations),
                     incomplete: rules(r.incomplete)}))
  .catch((e) => done({error: String(e && e.stack || e)}));
"""

RESOURCES = """
const nav = performance.getEntriesByType('navigation').map((e) => ({name: e.name, status: e.responseStatus || 0}));
const res = performance.getEntriesByType('resource').map((e) => ({name: e.name, status: e.responseStatus || 0}));
return {entries: nav.concat(res), csp: window.__pohjCsp || null,
        hasIcon: !!document.querySelector('link[rel~="icon" i]')};
"""


def find_axe():
    """Returns (path to axe.min.js, description of where it came from)."""
    override = os.environ.get("AXE_CORE_JS")
    if override:
        return pathlib.Path(override), "AXE_CORE_JS"
    for module, dist in AXE_PACKAGES:
        # find_spec locates a top-level package without importing it (axe_playwright_python's
        # __init__ would import playwright, which is deliberately not installed).
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            path = pathlib.Path(folder) / "axe.min.js"
            if path.is_file():
                try:
                    version = importlib.metadata.version(dist)
                except importlib.metadata.PackageNotFoundError:
                    version = "?"
                return path, f"{dist} {version}"
    return None, None


def axe_version_of(source):
    head = source[:200]
    marker = "axe v"
    if marker in head:
        return head.split(marker, 1)[1].split()[0]
    return "?"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass


class Server:
    """http.server for one folder on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self, root):
        handler = functools.partial(QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer((HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1024", "--lang=nl-NL", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--metrics-recording-only",
                "--password-store=basic"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.page_load_strategy = "normal"
    # An explicit driver path keeps selenium from starting Selenium Manager (which would go online).
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    driver.set_script_timeout(PAGE_TIMEOUT)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_LISTENER})
    return driver


def snippet(html, limit=160):
    html = " ".join(html.split())
    return html if len(html) <= limit else html[: limit - 1] + "…"


def check_page(driver, url, port, axe_source, show_incomplete):
    """Loads one page and returns a list of problem lines (empty when the page passes)."""
    problems = []
    notes = []
    driver.get_log("browser")  # drop whatever an earlier page left behind
    driver.get(url)
    driver.execute_script(axe_source)
    # resultTypes: axe builds selectors only for the nodes that are reported.
    result = driver.execute_async_script(RUN_AXE, TAGS, ["violations", "incomplete"] if show_incomplete else ["violations"])
    if not isinstance(result, dict) or result.get("error"):
        problems.append(f"axe-core did not run: {result.get('error') if isinstance(result, dict) else result}")
        result = {}
    for v in result.get("violations", []):
        problems.append(f"[{v['id']}] {v['impact']}: {v['help']} ({v['helpUrl']})")
        nodes = v["nodes"]
        for node in nodes[:10]:
            problems.append(f"    at {', '.join(node['target'])}")
            problems.append(f"       {snippet(node['html'])}")
            summary = [line.strip() for line in node["summary"].splitlines() if line.strip()]
            if len(summary) > 1:
                problems.append(f"       {snippet(summary[1], 200)}")
        if len(nodes) > 10:
            problems.append(f"    … and {len(nodes) - 10} more elements")
    if show_incomplete:
        for v in result.get("incomplete", []):
            notes.append(f"needs review [{v['id']}] {v['help']}: "
                         + "; ".join(", ".join(n["target"]) for n in v["nodes"][:5]))

    page = driver.execute_script(RESOURCES)
    # Chromium asks for /favicon.ico by itself when a page declares no icon; that request is
    # the browser's, not the page's, and its 404 is not a fault of the site.
    implicit_icon = f"http://{HOST}:{port}/favicon.ico" if not page.get("hasIcon") else None
    for entry in page.get("entries", []):
        parsed = urllib.parse.urlsplit(entry["name"])
        if parsed.scheme in ("data", "blob", "about") or entry["name"] == implicit_icon:
            continue
        if parsed.hostname != HOST:
            problems.append(f"request to another host: {entry['name']}")
        elif entry.get("status", 0) >= 400:
            problems.append(f"HTTP {entry['status']}: {entry['name']}")
    csp = page.get("csp")
    if csp is None:
        problems.append("CSP violation listener was not installed")
    for violation in csp or []:
        problems.append(f"Content-Security-Policy violation: {violation}")
    for entry in driver.get_log("browser"):
        if implicit_icon and entry.get("message", "").startswith(implicit_icon + " "):
            continue
        if entry.get("level") == "SEVERE":
            problems.append(f"console error: {snippet(entry.get('message', ''), 300)}")
        elif "Content Security Policy" in entry.get("message", ""):
            problems.append(f"console CSP message: {snippet(entry.get('message', ''), 300)}")
    return list(dict.fromkeys(problems)), notes


def html_files(root):
    return sorted(p for p in root.rglob("*.html") if p.is_file())


def main(argv):
    show_incomplete = "--show-incomplete" in argv
    roots = [pathlib.Path(a) for a in argv if not a.startswith("--")] or [pathlib.Path("Site")]
    started = time.monotonic()

    pages = []
    missing_roots = [r for r in roots if not r.is_dir()]
    for root in roots:
        if root.is_dir():
            pages.extend((root, p) for p in html_files(root))
    for root in missing_roots:
        print(f"FAIL {root}: no such folder")
    if not pages:
        print("check_a11y: no HTML files found under", ", ".join(map(str, roots)))
        print(f"axe-core: 0 passed, {max(1, len(missing_roots))} failed")
        return 1

    def give_up(reason):
        print(f"check_a11y: {reason}")
        print(f"axe-core: 0 passed, {len(pages) + len(missing_roots)} failed")
        return 1

    axe_path, axe_from = find_axe()
    if axe_path is None or not axe_path.is_file():
        return give_up("axe.min.js not found; install it with "
                       "`python3 -m pip install --no-deps axe-playwright-python` (or run `make test-deps`)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return give_up("selenium is not installed; `python3 -m pip install selenium` (or run `make test-deps`)")
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not os.access(binary, os.X_OK):
            return give_up(f"{binary} missing; `apt-get install chromium chromium-driver` (or run `make test-deps`)")

    axe_source = axe_path.read_text(encoding="utf-8")
    print(f"axe-core {axe_version_of(axe_source)} from {axe_from} ({axe_path}); tags: {', '.join(TAGS)}")

    passed = failed = 0
    try:
        driver = make_driver()
    except Exception as err:  # chromedriver did not start, or Chromium crashed at once
        return give_up(f"could not start headless Chromium: {type(err).__name__}: {snippet(str(err), 500)}")
    try:
        print(f"browser: Chromium {driver.capabilities.get('browserVersion', '?')}")
        for root in roots:
            root_pages = [p for r, p in pages if r == root]
            if not root_pages:
                continue
            with Server(root) as server:
                base = f"http://{HOST}:{server.port}/"
                for path in root_pages:
                    rel = path.relative_to(root).as_posix()
                    shown = f"{root.as_posix().rstrip('/')}/{rel}"
                    try:
                        problems, notes = check_page(driver, base + urllib.parse.quote(rel), server.port, axe_source,
                                                     show_incomplete)
                    except Exception as err:  # a timeout or a crashed tab fails this page only
                        problems, notes = [f"could not check page: {type(err).__name__}: "
                                           f"{snippet(str(err), 300)}"], []
                    if problems:
                        failed += 1
                        print(f"FAIL {shown}")
                        for line in problems:
                            print(f"  {line}")
                    else:
                        passed += 1
                        print(f"ok   {shown}")
                    for line in notes:
                        print(f"  note: {line}")
    finally:
        driver.quit()
    failed += len(missing_roots)  # a folder that should have been built and is not
    print(f"({time.monotonic() - started:.1f} s)")
    print(f"axe-core: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

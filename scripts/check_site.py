#!/usr/bin/env python
"""Check the built docs site (`_docs/`) in headless Chromium, served over http on 127.0.0.1.

For each page checked (the home page and a chapter by default) it asserts that
  - the page loads (HTTP 200, a title),
  - every `<img>` loaded (`complete` and `naturalWidth > 0`),
  - the browser console shows no error: no SEVERE log (console.error, an uncaught exception, a failed
    request) that concerns the local site, and the server saw no failed request (4xx/5xx),
and, from the home page, that clicking a sidebar link leads to a page that loads. Every local link in the
sidebar is also fetched; one that is missing is a warning (an error with --strict-links).
Hosts other than 127.0.0.1 are blocked in the browser (the KaTeX CDN, say): the check is the same with
or without network, and requests to them are counted, not failed.

Uses Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver) through selenium;
no browser is downloaded. Prints a short report; exits 1 on any failure, 2 when it cannot run.

    python scripts/check_site.py [--site _docs] [--pages index.html 00_config.html] [--screenshots DIR]
"""
import argparse, functools, http.server, json, os, re, shutil, sys, tempfile, threading, time, urllib.error, urllib.request
from pathlib import Path

CHROMIUM, CHROMEDRIVER = '/usr/bin/chromium', '/usr/bin/chromedriver'
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-dev-shm-usage', '--window-size=1280,1600',
         # every host but the local server fails at once: same result with or without network
         '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']

class _Handler(http.server.SimpleHTTPRequestHandler):
    failed = []  # (status, path) of requests the server could not answer
    def log_message(self, fmt, *args): pass
    def log_request(self, code='-', size='-'):
        try: code = int(getattr(code, 'value', code))
        except (TypeError, ValueError): return
        if code >= 400: self.failed.append((code, self.path))

class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        "A browser that drops a connection it no longer needs (BrokenPipe, reset) is not an error of the site."
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)): return
        super().handle_error(request, client_address)

def serve(site: Path):
    "Serve `site` on 127.0.0.1 at a free port, in a daemon thread; returns (server, base URL)."
    handler = functools.partial(_Handler, directory=str(site))
    srv = _Server(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}/'

def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r: return r.status
    except urllib.error.HTTPError as e: return e.code

def start_browser(profile: str, timeout: float):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for f in FLAGS + [f'--user-data-dir={profile}']: opts.add_argument(f)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    drv = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    drv.set_page_load_timeout(timeout)
    drv.set_script_timeout(timeout)
    return drv

IMG_JS = """return Array.from(document.images).map(i => ({src: (i.currentSrc || i.src || '').slice(0, 90),
    done: i.complete, w: i.naturalWidth}));"""

class Check:
    def __init__(self, base, drv, timeout, shots):
        self.base, self.drv, self.timeout, self.shots = base, drv, timeout, shots
        self.failures, self.warnings, self.external, self.missing = [], [], set(), set()

    def fail(self, msg): self.failures.append(msg); print(f'  FAIL {msg}')
    def ok(self, msg): print(f'  ok   {msg}')

    def wait(self, cond, what):
        end = time.monotonic() + self.timeout
        while time.monotonic() < end:
            try:
                if cond(): return True
            except Exception: pass
            time.sleep(0.1)
        self.fail(f'timed out after {self.timeout:.0f} s waiting for {what}')
        return False

    def console(self, page):
        "SEVERE browser logs since the last call: local ones fail, those about blocked hosts are counted."
        local = []
        for e in self.drv.get_log('browser'):
            if e.get('level') != 'SEVERE': continue
            msg = e.get('message', '')
            if '/favicon.ico ' in msg: continue  # asked for by the browser itself when a page names no icon
            urls = re.findall(r'(https?://[^\s"\')]+)', msg)
            if urls and not any(u.startswith(self.base) for u in urls):
                self.external.update(re.sub(r'^(https?://[^/]+).*', r'\1', u) for u in urls)
                continue
            local.append(msg)
        for m in local: self.fail(f'{page}: console error: {m[:300]}')
        return not local

    def load(self, page):
        url = self.base + page
        status = http_status(url)
        if status != 200: return self.fail(f'{page}: HTTP {status}')
        t0 = time.monotonic()
        try: self.drv.get(url)
        except Exception as e: return self.fail(f'{page}: did not load: {type(e).__name__}: {str(e)[:200]}')
        self.check_loaded(page, t0)

    def check_loaded(self, page, t0):
        d = self.drv
        if not self.wait(lambda: d.execute_script('return document.readyState') == 'complete', f'{page} to load'): return
        title = d.title
        if not title.strip(): self.fail(f'{page}: empty <title>')
        # images: give lazy or slow ones a moment, scrolling each into view
        d.execute_script("Array.from(document.images).forEach(i => { i.loading = 'eager'; });")
        self.wait(lambda: all(i['done'] for i in d.execute_script(IMG_JS)), f'images of {page}')
        imgs = d.execute_script(IMG_JS)
        bad = [i for i in imgs if not (i['done'] and i['w'] > 0)]
        for i in bad: self.fail(f"{page}: image did not load: {i['src']}")
        if self.shots:
            Path(self.shots).mkdir(parents=True, exist_ok=True)
            d.save_screenshot(str(Path(self.shots)/((Path(page).stem or 'page') + '.png')))
        clean = self.console(page)
        if not bad and clean and title.strip():
            self.ok(f'{page}: "{title}", {len(imgs)} image(s) loaded, console clean ({time.monotonic() - t0:.1f} s)')

    def sidebar(self, page, strict):
        "Click a sidebar link to another page; fetch every local sidebar link."
        from selenium.webdriver.common.by import By
        from selenium.common.exceptions import StaleElementReferenceException
        d = self.drv
        if not d.current_url.startswith(self.base + page): self.load(page)
        js = """return Array.from(document.querySelectorAll('#quarto-sidebar a.sidebar-link[href]')).map(
            a => [a.getAttribute('href'), a.href, a.offsetParent !== null, a.textContent.trim()]);"""
        local = [(raw, h, vis, txt) for raw, h, vis, txt in d.execute_script(js)
                 if h.startswith(self.base) and '#' not in h[len(self.base):]]
        if not local: return self.fail(f'{page}: no local links in the sidebar')
        missing = sorted({h[len(self.base):] for _, h, _, _ in local if http_status(h) != 200})
        self.missing.update('/' + m for m in missing)
        for m in missing:
            (self.fail if strict else self.warnings.append)(f'sidebar link to a missing page: {m}')
        if missing and not strict: print(f'  warn {len(missing)} sidebar link(s) to missing pages: {", ".join(missing)}')
        here = d.current_url.split('#')[0]
        target = next(((raw, h, txt) for raw, h, vis, txt in local
                       if vis and h != here and h[len(self.base):] not in missing), None)
        if target is None: return self.fail(f'{page}: no visible sidebar link to another existing page')
        raw, h, txt = target
        t0 = time.monotonic()
        for attempt in range(3):  # the page's scripts may still be rebuilding the sidebar: find the link afresh
            try:
                a = d.find_element(By.CSS_SELECTOR, f'#quarto-sidebar a.sidebar-link[href="{raw}"]')
                d.execute_script('arguments[0].scrollIntoView({block: "center"});', a)
                a.click()
                break
            except StaleElementReferenceException:
                time.sleep(0.2)
        else: return self.fail(f'{page}: could not click the sidebar link to {h}')
        if not self.wait(lambda: d.current_url.split('#')[0] == h, f'the click on the sidebar link to {h}'): return
        name = h[len(self.base):]
        print(f'  ok   clicked sidebar link "{txt or name}" on {page} -> {name}')
        self.check_loaded(name, t0)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--site', default='_docs', help='folder of the built site')
    ap.add_argument('--pages', nargs='+', default=['index.html', '00_config.html'], help='pages to check')
    ap.add_argument('--sidebar-from', default='index.html', help='page whose sidebar link is clicked')
    ap.add_argument('--strict-links', action='store_true', help='a sidebar link to a missing page is an error')
    ap.add_argument('--screenshots', default=None, help='save a PNG of each page checked here')
    ap.add_argument('--timeout', type=float, default=30, help='seconds allowed for each wait')
    a = ap.parse_args()

    site = Path(a.site)
    if not (site/'index.html').is_file(): print(f'check_site: {site}/index.html not found; run make docs'); return 2
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not os.access(exe, os.X_OK):
            print(f'check_site: {exe} not found: apt-get install -y chromium chromium-driver'); return 2
    try: import selenium  # noqa: F401
    except ImportError: print('check_site: selenium is not installed (make install)'); return 2

    t_start = time.monotonic()
    srv, base = serve(site)
    profile = tempfile.mkdtemp(prefix='check_site_')
    drv = None
    try:
        drv = start_browser(profile, a.timeout)
        print(f'check_site: {site}/ served at {base}, {drv.capabilities.get("browserVersion", "chromium")} '
              f'started in {time.monotonic() - t_start:.1f} s')
        c = Check(base, drv, a.timeout, a.screenshots)
        for p in a.pages: c.load(p)
        c.sidebar(a.sidebar_from, a.strict_links)
        s = http_status(base + 'search.json')
        if s != 200: c.fail(f'search.json: HTTP {s}')
    except Exception as e:
        print(f'check_site: FAIL {type(e).__name__}: {str(e)[:500]}'); return 1
    finally:
        if drv is not None:
            try: drv.quit()
            except Exception: pass
        srv.shutdown(); srv.server_close()
        shutil.rmtree(profile, ignore_errors=True)
    # the sidebar probe's own requests for missing pages are reported above
    failed_reqs = sorted({(code, p) for code, p in _Handler.failed if p != '/favicon.ico' and p not in c.missing})
    for code, p in failed_reqs: c.fail(f'server answered {code} to {p}')
    if c.external: print(f'  note blocked requests to other hosts (not checked): {", ".join(sorted(c.external))}')
    dt = time.monotonic() - t_start
    if c.failures:
        print(f'check_site: FAILED, {len(c.failures)} problem(s), {len(c.warnings)} warning(s) ({dt:.1f} s)')
        return 1
    print(f'check_site: OK, {len(a.pages) + 1} page(s) checked, {len(c.warnings)} warning(s) ({dt:.1f} s)')
    return 0

if __name__ == '__main__': sys.exit(main())

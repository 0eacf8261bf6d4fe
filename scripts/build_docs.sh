#!/usr/bin/env bash
# Build the documentation site into _docs/ and regenerate README.md from nbs/index.ipynb.
#
# Called by `make docs` (with .venv/bin first on PATH). Two ways to build the site:
#   - `quarto` on PATH: nbdev's own `nbdev_docs` (Quarto renders _proc/ into _docs/).
#   - otherwise (Quarto cannot be installed offline): nbdev's notebook processing into _proc/
#     (the same processors nbdev_docs uses: front matter, `show_doc` for exported names, hidden cells
#     dropped, doc links), then `smalldocs render` of the same _quarto.yml into _docs/.
# Either way README.md is then written from the processed index notebook with nbconvert.
#
# Environment: DOCS_STRICT=1 makes smalldocs warnings (broken links, ignored keys) errors;
#              DOCS_FORCE=1 reprocesses every notebook instead of only those changed since the last build.
# Any error exits non-zero.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=${PYTHON:-python}
if ! "$PY" -c "import nbdev, nbconvert" 2>/dev/null; then
  echo "build_docs: '$PY' lacks nbdev or nbconvert; run 'make install' (or 'make docs')" >&2; exit 1
fi
start=$SECONDS
step() { echo "build_docs: $* ($((SECONDS - start)) s)"; }

if command -v quarto >/dev/null 2>&1; then
  step "quarto found: nbdev_docs"
  nbdev_docs
else
  step "no quarto: nbdev notebook processing into _proc/"
  # Not `nbdev_proc_nbs`: without quarto it tries to download and install it (sudo, curl).
  # (-c, not stdin: proc_nbs spawns worker processes, which re-import __main__)
  "$PY" -c "$(cat <<'EOF'
import os, sys
from pathlib import Path
from nbdev.config import get_config
from nbdev.serve import proc_nbs
cfg = get_config()
nbs, cache = Path(cfg.nbs_path), Path(cfg.config_path)/'_proc'
# drop processed files whose source is gone (a renamed or deleted notebook), and the last site
if cache.exists():
    import shutil
    shutil.rmtree(cache/cfg.doc_path.name, ignore_errors=True)
    for f in list(cache.rglob('*')):
        if f.is_file() and not (nbs/f.relative_to(cache)).exists(): f.unlink()
force = os.environ.get('DOCS_FORCE', '') not in ('', '0')
proc_nbs(nbs, n_workers=min(os.cpu_count() or 1, 4), force=force)
# proc_nbs runs in worker processes: check that every notebook came out
missing = [str(p) for p in sorted(nbs.rglob('*.ipynb'))
           if not any(q.startswith(('.', '_')) for q in p.relative_to(nbs).parts)
           and not (cache/p.relative_to(nbs)).is_file()]
if missing: sys.exit(f"build_docs: nbdev did not process: {', '.join(missing)}")
# smalldocs names each page after its notebook and warns about nbdev's `output-file`: drop it
import json
for p in cache.rglob('*.ipynb'):
    nb = json.loads(p.read_text(encoding='utf-8'))
    c = nb['cells'][0] if nb.get('cells') else None
    if c and c['cell_type'] == 'raw':
        src = ''.join(c['source']) if isinstance(c['source'], list) else c['source']
        new = ''.join(l for l in src.splitlines(True) if not l.startswith('output-file:'))
        if new != src:
            c['source'] = new
            p.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding='utf-8')
EOF
)"
  step "smalldocs render"
  flags=(--quiet)
  if [[ "${DOCS_STRICT:-0}" != 0 ]]; then flags+=(--strict); fi
  smalldocs render "${flags[@]}" _proc
  rm -rf _docs
  mv _proc/_docs _docs
  # smalldocs loads KaTeX (maths) from a CDN: serve it from the site instead, from the npm package
  # (cached in .cache/), so that maths renders offline too. Without npm or its registry: the CDN stays.
  katex_ver=$( (grep -rhoE -m1 'cdn\.jsdelivr\.net/npm/katex@[0-9.]+/dist' _docs --include='*.html' || true) | head -1 | sed -E 's/.*@([0-9.]+).*/\1/')
  export KATEX_VERSION=""
  if [[ -n "$katex_ver" ]]; then
    kcache=".cache/katex-$katex_ver"
    if [[ ! -f "$kcache/dist/katex.min.js" ]] && command -v npm >/dev/null 2>&1; then
      ktmp=$(mktemp -d)
      if (cd "$ktmp" && npm pack --silent "katex@$katex_ver" >/dev/null 2>&1) && tar -xzf "$ktmp/katex-$katex_ver.tgz" -C "$ktmp"; then
        mkdir -p "$kcache" && rm -rf "$kcache/dist" && mv "$ktmp/package/dist" "$kcache/dist"
      fi
      rm -rf "$ktmp"
    fi
    if [[ -f "$kcache/dist/katex.min.js" ]]; then
      mkdir -p _docs/site_libs/katex/contrib
      cp -r "$kcache/dist/katex.min.js" "$kcache/dist/katex.min.css" "$kcache/dist/fonts" _docs/site_libs/katex/
      cp "$kcache/dist/contrib/auto-render.min.js" _docs/site_libs/katex/contrib/
      KATEX_VERSION=$katex_ver
    else
      step "note: KaTeX $katex_ver not available offline (no npm or registry); the site loads it from its CDN"
    fi
  fi
  # nbdev writes links to documented names as absolute URLs on doc_host, to the page Quarto would name
  # (00_config.ipynb -> config.html). smalldocs names pages after their notebooks (00_config.html):
  # point those links at the local pages, so that the site works offline and as published.
  "$PY" - <<'EOF'
import os, re
from pathlib import Path
from nbdev.config import get_config
from nbdev.doclinks import _nbpath2html   # nbdev's notebook -> page name (its `output-file`)
cfg = get_config()
docs, nbs = Path(cfg.doc_path), Path(cfg.nbs_path)
base = (cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/')).rstrip('/') + '/'
names = {}
for p in nbs.rglob('*.ipynb'):
    rel = p.relative_to(nbs)
    if any(q.startswith(('.', '_')) for q in rel.parts): continue
    out, page = _nbpath2html(rel).as_posix(), rel.with_suffix('.html').as_posix()
    if out != page: names[out] = page
if names:
    pat = re.compile(re.escape(base) + r'(' + '|'.join(map(re.escape, names)) + r')(?=[#"\'])')
    for f in docs.rglob('*.html'):
        depth = len(f.relative_to(docs).parts) - 1
        s = f.read_text(encoding='utf-8')
        t = pat.sub(lambda m: '../'*depth + names[m.group(1)], s)
        if t != s: f.write_text(t, encoding='utf-8')
kv = os.environ.get('KATEX_VERSION')
if kv:
    cdn = f'https://cdn.jsdelivr.net/npm/katex@{kv}/dist/'
    for f in docs.rglob('*.html'):
        s = f.read_text(encoding='utf-8')
        if cdn in s:
            f.write_text(s.replace(cdn, '../'*(len(f.relative_to(docs).parts) - 1) + 'site_libs/katex/'), encoding='utf-8')
EOF
fi
test -f _docs/index.html || { echo "build_docs: _docs/index.html was not written" >&2; exit 1; }

step "README.md from _proc/index.ipynb"
"$PY" - <<'EOF'
import re, shutil, yaml
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter
from nbdev.config import get_config
cfg = get_config()
readme_nb = cfg.get('readme_nb', 'index.ipynb')
src = Path(cfg.config_path)/'_proc'/readme_nb
nb = nbformat.read(src, as_version=4)

# front matter (title, description) -> heading and quote, as Quarto writes them
title, desc, cells = None, None, []
for c in nb.cells:
    if c.cell_type == 'raw' and c.source.lstrip().startswith('---') and title is None and desc is None:
        fm = yaml.safe_load(c.source.strip().strip('-')) or {}
        title, desc = fm.get('title'), fm.get('description')
        continue
    if c.cell_type == 'markdown' and 'AUTOGENERATED' in c.source and len(c.source) < 100: continue
    if c.cell_type == 'code':
        opts = dict(re.findall(r'^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$', c.source, re.M))
        if opts.get('include') == 'false': continue
        if opts.get('output') == 'false': c.outputs = []
        c.source = re.sub(r'^#\|.*(\n|$)', '', c.source, flags=re.M).strip()
        if opts.get('echo') == 'false': c.source = ''
        if not c.source and not c.outputs: continue
    cells.append(c)
if title is None:   # nbdev moves the notebook's H1 into the front matter, or drops it when it is the site title
    orig = nbformat.read(Path(cfg.nbs_path)/readme_nb, as_version=4)
    h1 = [m.group(1) for c in orig.cells if c.cell_type == 'markdown' for m in [re.match(r'#\s+(.+)', c.source)] if m]
    title = h1[0] if h1 else cfg.get('title', cfg.lib_name)
head = [nbformat.v4.new_markdown_cell(f"# {title}" + (f"\n\n> {desc}" if desc else ''))]
nb.cells = head + cells

exp = MarkdownExporter()
exp.exclude_input_prompt = exp.exclude_output_prompt = True
body, res = exp.from_notebook_node(nb, resources={'output_files_dir': 'README_files', 'unique_key': 'README'})
body = re.sub(r'\n{3,}', '\n\n', body).strip() + '\n'
out_dir = Path(cfg.config_path)/'README_files'
shutil.rmtree(out_dir, ignore_errors=True)
for name, data in (res.get('outputs') or {}).items():
    p = Path(cfg.config_path)/name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
note = ("<!-- Generated from nbs/index.ipynb by `make docs` (scripts/build_docs.sh): "
        "do not edit this file by hand; edit the notebook and run `make docs`. -->\n\n")
(Path(cfg.config_path)/'README.md').write_text(note + body, encoding='utf-8')
EOF
pages=$(find _docs -name '*.html' | wc -l)
step "done: _docs/ ($pages html pages), README.md"

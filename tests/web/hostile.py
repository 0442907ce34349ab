"""Pages whose text tries to run script: every view must show it as text."""

from __future__ import annotations

import json
from pathlib import Path

PAYLOADS = (
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    '<a href="javascript:window.__xss = 3">read the full minutes</a>',
)

HTML_PAGE = """<!doctype html><html><head><title>Harbour council vote &lt;script&gt;window.__xss = 5&lt;/script&gt;</title>
<meta property="og:site_name" content="Harbour &lt;b onmouseover=window.__xss=6&gt;Gazette">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article>
<h1>Harbour council vote &lt;script&gt;window.__xss = 5&lt;/script&gt;</h1>
<p>The harbour council of Westmere voted on Tuesday, 14 March 2023, to close the old ferry pier,
councillor Ruth Ambley said after a meeting that ran past midnight. &lt;script&gt;window.__xss = 1&lt;/script&gt;</p>
<p>"We cannot keep paying for a pier that nobody uses," Ambley told reporters outside the town hall.
Residents who opposed the plan posted &lt;img src=x onerror="window.__xss = 2"&gt; on the council forum.</p>
<p>The ferry company said it would appeal. Opponents urged readers to
&lt;a href="javascript:window.__xss = 3"&gt;read the full minutes&lt;/a&gt; before the next meeting in April.</p>
</article>
<footer>Cookies help us deliver our services. Accept</footer>
</body></html>
"""

RECORD = {
    "url": "javascript:window.__xss = 4",
    "title": "Ferry company to appeal <script>window.__xss = 7</script>",
    "text": (
        "The ferry company that runs the Westmere crossing said on Wednesday it would appeal the harbour "
        "council's decision to close the old pier. <script>window.__xss = 1</script>\n\n"
        '"The council has not read its own traffic figures," the company\'s director, Tomas Brell, said in a '
        'statement. He added that <img src=x onerror="window.__xss = 2"> passengers would be stranded.\n\n'
        "Brell said the appeal would be heard in May, and urged passengers to "
        '<a href="javascript:window.__xss = 3">sign the petition</a>.'
    ),
}


def write_hostile(folder: Path) -> Path:
    """A folder with one HTML page and one JSON Lines record carrying script in text, title and URL."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "harbour.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "ferry.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    return folder

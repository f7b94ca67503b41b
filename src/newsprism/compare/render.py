"""Render a ``StoryComparison`` as Markdown (terminal, files) or a self-contained HTML page.

Both read only ``StoryComparison.to_dict()``, so the CLI, the API and the web pages show the
same thing. HTML is built with Jinja2's autoescaping: article text is never trusted markup.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from jinja2 import Environment

from newsprism.compare.report import StoryComparison
from newsprism.normalize.language import language_name

__all__ = ["framing_line", "headlines_shared", "named_across", "render", "render_html",
           "render_json", "render_markdown"]

_LABEL = {"shared": "Shared", "differs": "Differs", "contradicts": "Contradicts",
          "single-source": "Single source", "verbatim": "Verbatim in several sources",
          "reworded": "Same statement, reworded"}


def render_json(comparison: StoryComparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2)


def render_markdown(comparison: StoryComparison, *, heading: bool = True) -> str:
    """The comparison as Markdown; ``heading=False`` leaves out the title line (for appending
    to a page that has one, as ``newsprism story`` does)."""
    data = comparison.to_dict()
    lines = [f"# {data['title'] or 'Story ' + str(data['story'])}", ""] if heading else []
    lines += ["## Sources", "", "| article | outlet | published | headline |", "|---|---|---|---|"]
    for s in data["sources"]:
        lines.append(f"| {s['article']} | {s['outlet']} | {s['published'] or '?'} | "
                     f"{(s['title'] or '').replace('|', '/')} |")
    framed = [(s, framing_line(s.get("framing"))) for s in data["sources"]]
    shared = headlines_shared(data)
    if shared or any(line for _, line in framed):
        lines += ["", "## Headlines", ""] + [f"- {line}" for line in shared]
        lines += [f"- **{s['outlet']}** [{s['article']}]: {line}" for s, line in framed if line]
    for relation in ("contradicts", "differs", "shared", "single-source"):
        groups = [g for g in data["claims"] if g["relation"] == relation]
        if not groups:
            continue
        lines += ["", f"## {_LABEL[relation]} ({len(groups)})", ""]
        for g in groups:
            lines.append("- " + " / ".join(f"**{s['outlet']}**: {shown_claim(s['text'])}"
                                           for s in g["sources"]))
            if g["evidence"] and relation != "shared":
                e = g["evidence"][0]
                lines.append(f"  - rule `{e['rule']}`: {e['detail']}")
    if data["quotes"]:
        lines += ["", "## Quotes by speaker", ""]
        for q in data["quotes"]:
            outlets = ", ".join(sorted({s["outlet"] for s in q["sources"]}))
            lines.append(f"- **{q['speaker'] or 'unknown speaker'}** ({_LABEL[q['relation']]}; "
                         f"{outlets}): “{q['sources'][0]['text']}”")
    if any(data["entities"].values()):  # no heading over sources with no entities
        lines += ["", "## Entities per source", ""]
        outlets = {str(s["article"]): s["outlet"] for s in data["sources"]}
        for article, entities in data["entities"].items():
            if not entities:
                continue
            top = ", ".join(f"{e['name']} ({e['mentions']})" for e in entities[:8])
            who = f"{outlets[article]} [{article}]" if article in outlets else article
            lines.append(f"- {who}: {top}")
    if data["timeline"]:
        lines += ["", "## Timeline", ""]
        lines += [f"- {t['time']}: {t['outlet']}: {t['title']}" for t in data["timeline"]]
    if data["notes"]:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in data["notes"]]
    return "\n".join(lines) + "\n"


def framing_line(framing: dict[str, Any] | None) -> str:
    """One headline's framing in words: "actor Volodymyr Zelensky · action call for · …"."""
    if not framing:
        return ""
    parts = []
    if framing.get("actor"):
        parts.append(f"actor {framing['actor']}")
    if framing.get("action"):
        parts.append(f"action {framing['action']}")
    if framing.get("only_here"):
        parts.append("only this headline: " + ", ".join(framing["only_here"]))
    if framing.get("leaves_out"):
        parts.append("leaves out " + ", ".join(framing["leaves_out"]))
    if framing.get("form"):
        parts.append("form: " + ", ".join(framing["form"]))
    return " · ".join(parts)


def headlines_shared(data: dict[str, Any]) -> list[str]:
    """What the headlines share: in a story told in several languages, first which of them
    name whom (``named_across``), then the words all headlines of one language use ("Both
    English headlines use the words open, letter"); in one language, the names and words all
    its headlines share."""
    count = Counter((s.get("language") or "und").split("-")[0] for s in data["sources"])
    several = len(count) > 1
    lines = named_across(data["sources"]) if several else []
    for language, shared in (data.get("headlines") or {}).items():
        said = []
        if shared.get("names") and not several:
            said.append("name " + ", ".join(shared["names"]))
        if shared.get("words"):
            said.append("use the words " + ", ".join(shared["words"]))
        if said:
            n = count.get(language, 0)
            kind = f" {language_name(language)}" if several else ""
            who = f"Both{kind} headlines" if n == 2 else f"All {n}{kind} headlines"
            lines.append(f"{who} " + " and ".join(said))
    return lines


_FEW_NAMES = 6


def named_across(sources: list[dict[str, Any]]) -> list[str]:
    """Which headlines name whom, whatever their language: the names all of them carry
    ("All 6 headlines name Vladimir Putin and Volodymyr Zelensky"), then the names at most
    half carry, with the outlets that do ("Named in few headlines: Kremlin (Meduza)"). A name
    most carry is shown as the others' ``leaves_out``."""
    carried = [dict.fromkeys((s.get("framing") or {}).get("names") or ()) for s in sources]
    named = Counter(n for names in carried for n in names)
    everyone = [n for n in named if named[n] == len(sources)]
    lines = []
    if everyone:
        who = "Both headlines" if len(sources) == 2 else f"All {len(sources)} headlines"
        lines.append(f"{who} name " + (", ".join(everyone[:-1]) + " and " + everyone[-1]
                                       if len(everyone) > 1 else everyone[0]))
    few = [n for n in named if named[n] * 2 <= len(sources)][:_FEW_NAMES]
    if few:
        lines.append("Named in few headlines: " + "; ".join(
            n + " (" + ", ".join(s["outlet"] for s, names in zip(sources, carried, strict=True)
                                 if n in names) + ")" for n in few))
    return lines


def shown_claim(text: str) -> str:
    """A claim as a reader sees it: a clause cut from the middle of a sentence ("said
    compromises needed to be made", after ", but") is marked as such with a leading ellipsis.
    The stored text and its offsets stay verbatim."""
    first = re.search(r"[^\W\d_]+", text)
    clause = first is not None and first.group().islower()  # "eBay", "iPhone" open sentences
    return "\u2026" + text if clause else text


_ENV = Environment(autoescape=True)
_ENV.filters["claim"] = shown_claim
_ENV.filters["framing"] = framing_line
_HTML = _ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ d.title }}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:70rem;margin:auto;padding:1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem}
.shared{border-left:4px solid #2a7}.differs{border-left:4px solid #d90}
.contradicts{border-left:4px solid #c22}.single-source{border-left:4px solid #999}
.group{margin:.5rem 0;padding:.3rem .6rem}.rule{color:#555;font-size:.9em}
</style></head><body>
<h1>{{ d.title }}</h1>
<h2>Sources</h2><table><tr><th>article</th><th>outlet</th><th>published</th><th>headline</th>
<th>framing</th></tr>
{% for s in d.sources %}<tr><td>{{ s.article }}</td><td>{{ s.outlet }}</td>
<td>{{ s.published or '?' }}</td><td>{{ s.title }}</td><td>{{ s.framing | framing }}</td></tr>
{% endfor %}</table>
{% for line in shared %}<p>{{ line }}</p>{% endfor %}
<h2>Claims</h2>
{% for g in d.claims %}<div class="group {{ g.relation }}" data-relation="{{ g.relation }}">
<strong>{{ labels[g.relation] }}</strong>
{% for s in g.sources %}<p><em>{{ s.outlet }}</em>: {{ s.text | claim }}</p>{% endfor %}
{% if g.evidence and g.relation != 'shared' %}<p class="rule">rule {{ g.evidence[0].rule }}:
{{ g.evidence[0].detail }}</p>{% endif %}</div>{% endfor %}
<h2>Quotes by speaker</h2>
{% for q in d.quotes %}<div class="group {{ q.relation }}">
<strong>{{ q.speaker or 'unknown speaker' }}</strong>
({{ labels[q.relation] }})
{% for s in q.sources %}<p><em>{{ s.outlet }}</em>: “{{ s.text }}”</p>{% endfor %}</div>{% endfor %}
<h2>Timeline</h2><ul>{% for t in d.timeline %}<li>{{ t.time }}: {{ t.outlet }}: {{ t.title }}</li>
{% endfor %}</ul>
{% if d.notes %}<h2>Notes</h2><ul>{% for n in d.notes %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}
</body></html>
""")


def render_html(comparison: StoryComparison) -> str:
    data = comparison.to_dict()
    return _HTML.render(d=data, labels=_LABEL, shared=headlines_shared(data))


def render(comparison: StoryComparison, fmt: str) -> str:
    """``fmt`` is md, json or html."""
    renderers = {"md": render_markdown, "json": render_json, "html": render_html}
    if fmt not in renderers:
        raise ValueError(f"unknown comparison format {fmt!r}: use md, json or html")
    return renderers[fmt](comparison)

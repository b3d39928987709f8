"""exports/report.html: a one-page, self-contained summary of the published warehouse for partners who do not
query databases. Charts are inline SVG drawn here (no script, no CDN), so the file works offline and by e-mail.
"""

from __future__ import annotations

import html
from typing import Any

from extractors.archive import utc_now

BAR_HEIGHT, GAP, LABEL_WIDTH, PLOT_WIDTH = 18, 6, 240, 360
MAX_BARS = 25

# (title, SQL returning (label, count) rows[, fallback SQL …]). A chart whose tables/columns are missing says so.
CHARTS: tuple[tuple[str, ...], ...] = (
    (
        "Decisions per meeting",
        "select coalesce(meeting_id, '(no meeting)'), count(*) from marts.decisions group by 1 order by 1",
    ),
    (
        "Mandates by action",
        "select coalesce(action, '(none)'), count(*) from marts.mandates group by 1 order by 2 desc, 1",
    ),
    (
        "Mandates by actor",
        "select coalesce(actor, '(none)'), count(*) from marts.mandates group by 1 order by 2 desc, 1",
    ),
    (
        "Cooperation activities by organisation",
        "select coalesce(o.acronym, o.name_en, c.organization_id, '(none)'), count(*) "
        "from marts.cooperation_activities as c left join marts.organizations as o using (organization_id) "
        "group by 1 order by 2 desc, 1",
        "select coalesce(organization_id, '(none)'), count(*) from marts.cooperation_activities "
        "group by 1 order by 2 desc, 1",
    ),
    (
        "References by kind",
        "select coalesce(ref_kind, '(none)'), count(*) from marts.document_references group by 1 order by 2 desc, 1",
    ),
)

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1d2733; margin: 2rem auto; max-width: 980px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #5b6b7b; } table { border-collapse: collapse; margin: .5rem 0; }
td, th { padding: .25rem .8rem; border-bottom: 1px solid #dde3ea; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2733; } .bar { fill: #2f6f9f; } .note { color: #8a5a00; }
"""


def bar_chart(title: str, rows: list[tuple[Any, int]]) -> str:
    """A horizontal bar chart as inline SVG (one bar per label, value printed at the bar's end)."""
    rows = rows[:MAX_BARS]
    top = max((int(v) for _, v in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{html.escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(1, round(PLOT_WIDTH * int(value) / top))
        text = html.escape(str(label))
        shown = text if len(text) <= 38 else text[:36] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 5}" text-anchor="end"><title>{text}</title>'
            f"{shown}</text>"
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 5}">{int(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _query(con: Any, sql: str) -> list[tuple[Any, ...]] | str:
    """Rows, or the reason the query could not run (a mart missing in an early build)."""
    import duckdb

    try:
        return con.execute(sql).fetchall()
    except duckdb.Error as error:
        return str(error).splitlines()[0]


def _counts(con: Any) -> list[tuple[str, int]]:
    tables = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name in ('marts', 'audit') order by 1"
    ).fetchall()
    return [(name, con.execute(f"select count(*) from {name}").fetchone()[0]) for (name,) in tables]


def render_report(con: Any) -> str:
    """The whole HTML page, from an open connection to the published warehouse."""
    sections = []
    for title, *queries in CHARTS:
        for sql in queries:  # the first query that runs wins (a richer one may need an optional mart)
            rows = _query(con, sql)
            if not isinstance(rows, str):
                break
        if isinstance(rows, str):
            body = f'<p class="note">Not available: {html.escape(rows)}</p>'
        elif not rows:
            body = '<p class="note">No rows.</p>'
        else:
            body = bar_chart(title, [(r[0], r[1]) for r in rows])
            if len(rows) > MAX_BARS:
                body += f'<p class="meta">Largest {MAX_BARS} of {len(rows)} shown.</p>'
        sections.append(f"<section><h2>{html.escape(title)}</h2>{body}</section>")
    count_rows = "".join(
        f'<tr><td><code>{html.escape(name)}</code></td><td class="num">{n}</td></tr>' for name, n in _counts(con)
    )
    last_run = _query(con, "select run_id, outcome, finished_at from audit.runs order by started_at desc limit 1")
    run_line = ""
    if isinstance(last_run, list) and last_run:
        run_id, outcome, finished = last_run[0]
        run_line = f"Run <code>{html.escape(str(run_id))}</code> ({html.escape(str(outcome))}, {finished}). "
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Mercury decisions warehouse: report</title><style>{STYLE}</style></head><body>"
        "<h1>Mercury decisions warehouse</h1>"
        f'<p class="meta">{run_line}Report generated {html.escape(utc_now())} from the published warehouse.</p>'
        f"<h2>Tables</h2><table><tr><th>table</th><th>rows</th></tr>{count_rows}</table>"
        + "".join(sections)
        + "</body></html>\n"
    )

"""exports/report.html: a one-page, self-contained summary of the published warehouse for partners who do not
query databases. Charts are inline SVG drawn here (no script, no CDN), so the file works offline and by e-mail.

Besides the counts: a timeline of decisions per meeting for each body, the mandates that ask for a report (reported,
open or overdue from marts.mandate_followups; without that mart, grouped by the meeting they report to) and the
mandates subject to the availability of resources; links to the Data Docs and dbt docs under docs/.
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

# Decisions per (body, meeting), meetings in date order. Fallbacks: no marts.meetings, then no body column.
TIMELINE_QUERIES = (
    "select coalesce(d.body, m.body, '(no body)'), coalesce(d.meeting_id, '(no meeting)'), min(m.start_date), "
    "count(*) from marts.decisions as d left join marts.meetings as m using (meeting_id) "
    "group by 1, 2 order by 1, 3 nulls last, 2",
    "select coalesce(body, '(no body)'), coalesce(meeting_id, '(no meeting)'), null, count(*) from marts.decisions "
    "group by 1, 2 order by 1, 2",
    "select '(body unknown)', coalesce(meeting_id, '(no meeting)'), null, count(*) from marts.decisions "
    "group by 1, 2 order by 2",
)
FOLLOWUP_STATUSES = ("reported", "open", "overdue")
FOLLOWUP_BY_MEETING = (
    "select report_to_meeting_id, "
    + ", ".join(f"count(*) filter (where status = '{s}')" for s in FOLLOWUP_STATUSES)
    + ", count(*) from marts.mandate_followups group by 1 order by 1"
)
REPORT_TO_BY_MEETING = (
    "select report_to_meeting_id, count(*) from marts.mandates where report_to_meeting_id is not null "
    "group by 1 order by 1"
)
RESOURCE_BOUND = (
    "select coalesce(d.symbol, m.decision_id), m.paragraph_number, m.action, m.actor, m.report_to_meeting_id "
    "from marts.mandates as m left join marts.decisions as d using (decision_id) where m.subject_to_resources "
    "order by 1, 2, 4"
)
MAX_LISTED = 100

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #1d2733; margin: 2rem auto; max-width: 980px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #5b6b7b; } table { border-collapse: collapse; margin: .5rem 0; }
td, th { padding: .25rem .8rem; border-bottom: 1px solid #dde3ea; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2733; } .bar { fill: #2f6f9f; } .note { color: #8a5a00; }
h3 { font-size: 1rem; margin: 1rem 0 .2rem; } .figure { font-size: 1.05rem; }
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


def _table(headers: tuple[str, ...], rows: list[tuple[Any, ...]], numeric: tuple[int, ...] = ()) -> str:
    """An HTML table; columns whose index is in `numeric` are right-aligned."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{value}</td>'
            if i in numeric
            else f"<td>{html.escape('' if value is None else str(value))}</td>"
            for i, value in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _first_that_runs(con: Any, queries: tuple[str, ...]) -> list[tuple[Any, ...]] | str:
    for sql in queries:
        rows = _query(con, sql)
        if not isinstance(rows, str):
            break
    return rows


def timeline_section(con: Any) -> str:
    """Decisions per meeting, one chart per body, meetings in date order (the bar label carries the date)."""
    rows = _first_that_runs(con, TIMELINE_QUERIES)
    if isinstance(rows, str):
        body = f'<p class="note">Not available: {html.escape(rows)}</p>'
    elif not rows:
        body = '<p class="note">No decisions.</p>'
    else:
        by_body: dict[str, list[tuple[str, int]]] = {}
        for body_id, meeting, start, count in rows:
            label = f"{meeting} ({start:%Y-%m-%d})" if start else meeting
            by_body.setdefault(str(body_id), []).append((label, int(count)))
        body = "".join(
            f'<h3 id="timeline-{html.escape(b)}">{html.escape(b)}: {sum(n for _, n in bars)} decisions at '
            f"{len(bars)} meetings</h3>{bar_chart(f'Decisions per meeting: {b}', bars)}"
            for b, bars in by_body.items()
        )
    return f'<section id="timeline"><h2>Timeline: decisions per meeting and body</h2>{body}</section>'


def followup_section(con: Any) -> str:
    """Mandates that ask for a report: reported / open / overdue per report-to meeting (marts.mandate_followups),
    else, when that mart is absent, how many report to each meeting."""
    rows = _query(con, FOLLOWUP_BY_MEETING)
    title = "<h2>Mandates: open vs reported</h2>"
    if not isinstance(rows, str):
        totals = [sum(int(r[i + 1]) for r in rows) for i in range(len(FOLLOWUP_STATUSES))]
        summary = ", ".join(
            f'<span class="{status}">{n} {status}</span>' for status, n in zip(FOLLOWUP_STATUSES, totals, strict=True)
        )
        body = (
            f'<p class="figure">{sum(totals)} mandates ask for a report to a later meeting: {summary} '
            "(from <code>marts.mandate_followups</code>).</p>"
            + _table(("report to meeting", *FOLLOWUP_STATUSES, "mandates"), rows, numeric=(1, 2, 3, 4))
            if rows
            else '<p class="note">No mandate asks for a report to a later meeting.</p>'
        )
        return f'<section id="followups">{title}{body}</section>'
    rows = _query(con, REPORT_TO_BY_MEETING)
    if isinstance(rows, str):
        body = f'<p class="note">Not available: {html.escape(rows)}</p>'
    elif not rows:
        body = '<p class="note">No mandate asks for a report to a later meeting.</p>'
    else:
        body = (
            f'<p class="figure">{sum(int(n) for _, n in rows)} mandates ask for a report to a later meeting. '
            "Whether the report was made is not tracked in this warehouse (no <code>marts.mandate_followups</code>): "
            "mandates by the meeting they report to.</p>"
            + bar_chart("Mandates by report-to meeting", [(m, int(n)) for m, n in rows])
        )
    return f'<section id="followups">{title}{body}</section>'


def resources_section(con: Any) -> str:
    """Mandates subject to the availability of resources: how many of all, and which."""
    counts = _query(con, "select count(*) filter (where subject_to_resources), count(*) from marts.mandates")
    rows = _query(con, RESOURCE_BOUND + f" limit {MAX_LISTED + 1}")
    title = "<h2>Resource-bound mandates</h2>"
    if isinstance(counts, str) or isinstance(rows, str):
        reason = counts if isinstance(counts, str) else rows
        return f'<section id="resources">{title}<p class="note">Not available: {html.escape(str(reason))}</p></section>'
    bound, total = (int(v or 0) for v in counts[0])
    body = (
        f'<p class="figure">{bound} of {total} mandates are subject to the availability of resources '
        "(<code>marts.mandates.subject_to_resources</code>).</p>"
    )
    if rows:
        body += _table(("decision", "paragraph", "action", "actor", "report to"), rows[:MAX_LISTED], numeric=(1,))
        if len(rows) > MAX_LISTED:
            body += f'<p class="meta">First {MAX_LISTED} of {bound} listed.</p>'
    return f'<section id="resources">{title}{body}</section>'


def links_section(links: list[tuple[str, str]]) -> str:
    """Links to the documentation sites next to the exports (relative, so the folders can be copied together)."""
    if not links:
        return ""
    items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for label, href in links)
    return f'<section id="docs"><h2>Documentation</h2><ul>{items}</ul></section>'


def render_report(con: Any, links: list[tuple[str, str]] | None = None) -> str:
    """The whole HTML page, from an open connection to the published warehouse; links: (label, relative href) of
    the documentation sites to link to."""
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
        + links_section(links or [])
        + timeline_section(con)
        + followup_section(con)
        + resources_section(con)
        + "".join(sections)
        + "</body></html>\n"
    )

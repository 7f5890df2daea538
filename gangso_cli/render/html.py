"""A self-contained HTML report: summary tables, checks, and inline SVG charts.

One file, no network, no JavaScript: it opens the same in any browser, offline, and
can be mailed or archived as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from gangso_cli.core.money import DisplayUnit, format_won
from gangso_cli.core.table import Cell, ViewTable, labelled_total, noted, with_subtotals
from gangso_cli.plan.allocator import Allocation
from gangso_cli.plan.mix import StageMix, stage_mix
from gangso_cli.render.charts import PALETTE, line_chart, text_width

__all__ = ["envelopes_report", "execution_report", "history_report", "html_report"]

#: The execution chart plots per mille of the plan; shown as a percentage, one decimal.
_PERCENT_FROM_PER_MILLE = DisplayUnit("%", 10, 1)
_PALETTE = PALETTE
_CSS = """
body { font-family: "Malgun Gothic", "Apple SD Gothic Neo", "Noto Sans KR", sans-serif;
       margin: 2rem; color: #1d2733; word-break: keep-all; }
th { white-space: nowrap; } td.num, td.nowrap { white-space: nowrap; }
ol.notes { font-size: .8rem; color: #3d4b5c; margin: .25rem 0 1rem; padding-left: 1.6rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid #c9d3de; padding: .25rem .6rem; }
th { background: #e8f0f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid #1d2733; }
tr.subtotal td { font-weight: bold; background: #f3f6fa; }
caption { caption-side: bottom; text-align: right; font-size: .8rem; color: #5a6878; }
.fail { color: #b00020; font-weight: bold; } .pass { color: #1b7a36; }
.warn { color: #9a6700; font-weight: bold; }
.banner { border: 2px solid #b00020; background: #fdecee; padding: .6rem 1rem;
          font-weight: bold; color: #b00020; }
.meta { color: #5a6878; font-size: .85rem; } svg text { font-size: 12px; }
"""


def _cell(value: Cell, kind: str, unit: DisplayUnit) -> str:
    if value is None:
        return '<td class="num"></td>' if kind != "text" else "<td></td>"
    if kind == "won" and isinstance(value, int):
        return f'<td class="num">{format_won(value, unit)}</td>'
    if kind == "percent" and isinstance(value, Decimal):
        return f'<td class="num">{value}</td>'
    if kind == "int":
        return f'<td class="num">{value}</td>'
    text = str(value)
    if text.endswith("]") and "[" in text:  # 보도[1]: a basis and its note stay together
        return f'<td class="nowrap">{escape(text)}</td>'
    return f"<td>{escape(text)}</td>"


def _table(view: ViewTable, unit: DisplayUnit) -> str:
    view = labelled_total(noted(view))
    shown = [
        c
        for c in view.columns
        if not c.for_tools and (not c.key.endswith("_id") or c.key == "zone_id")
    ]
    index = [view.columns.index(c) for c in shown]
    unit_shown = any(c.kind == "won" for c in shown)
    parts = [f'<table id="{view.name}">']
    if unit_shown:
        parts.append(f"<caption>({escape(unit.caption())})</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{escape(c.label(unit.name))}</th>" for c in shown))
    parts.append("</tr></thead><tbody>")
    for n, row in enumerate(view.rows):
        parts.append('<tr class="subtotal">' if n in view.subtotals else "<tr>")
        parts.append("".join(_cell(row[i], view.columns[i].kind, unit) for i in index))
        parts.append("</tr>")
    if view.total is not None:
        total = view.total
        parts.append('<tr class="total">')
        parts.append("".join(_cell(total[i], view.columns[i].kind, unit) for i in index))
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if view.notes:  # the sources (and programme years) the 근거 cells mark [n]
        parts.append(f'<ol class="notes" aria-label="{escape(view.title)} 주">')
        parts += [f"<li>{escape(note)}</li>" for note in view.notes]
        parts.append("</ol>")
    return "".join(parts)


def _checks_table(view: ViewTable) -> str:
    rows = []
    for check_id, title, result, difference, messages in view.rows:
        css = {"통과": "pass", "경고": "warn"}.get(str(result), "fail")
        diff = f"{difference:+,}" if isinstance(difference, int) else ""
        rows.append(
            f"<tr><td>{escape(str(title))}</td><td><code>{escape(str(check_id))}</code></td>"
            f'<td class="{css}">{escape(str(result))}</td><td class="num">{diff}</td>'
            f"<td>{escape(str(messages))}</td></tr>"
        )
    return (
        '<table id="checks"><thead><tr><th>검사</th><th>id</th><th>결과</th>'
        "<th>차이 (원)</th><th>내용</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _stage_split_svg(mix: StageMix, labels: dict[str, str]) -> str:
    """A 100% stacked bar per zone: how each zone splits its budget across the stages."""
    bar_w, left, row_h = 520, 150, 30
    height = row_h * len(mix.zones) + 60
    out = [
        f'<svg id="chart-stages" xmlns="http://www.w3.org/2000/svg" width="{left + bar_w + 20}" '
        f'height="{height}" role="img" aria-label="특구별 단계 배분 비중">'
    ]
    for row, zone in enumerate(mix.zones):
        y = 10 + row * row_h
        total = zone.total or 1
        out.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">'
                   f"{escape(labels.get(zone.zone, zone.zone))}</text>")  # fmt: skip
        x = Decimal(left)
        for i, share in enumerate(zone.shares):
            width = Decimal(share.amount * bar_w) / total
            out.append(
                f'<rect x="{x:.2f}" y="{y}" width="{width:.2f}" height="{row_h - 8}" '
                f'fill="{_PALETTE[i % len(_PALETTE)]}"><title>{escape(share.name)}: '
                f"{format_won(share.amount)}원</title></rect>"
            )
            if width >= 40:  # label the share where it fits
                out.append(
                    f'<text x="{x + width / 2:.2f}" y="{y + 16}" text-anchor="middle" '
                    f'fill="white">{share.percent}%</text>'
                )
            x += width
    # The legend wraps to the chart's width (five stages of 2023 did not fit one row).
    lx, legend_y = left, height - 20
    for i, (_, name) in enumerate(mix.stages):
        item = 18 + text_width(name) + 24
        if lx + item > left + bar_w + 20 and lx > left:
            lx, legend_y = left, legend_y + 20
        out.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" '
                   f'fill="{_PALETTE[i % len(_PALETTE)]}"/>'
                   f'<text x="{lx + 18}" y="{legend_y}">{escape(name)}</text>')  # fmt: skip
        lx += item
    out[0] = out[0].replace(f'height="{height}"', f'height="{legend_y + 10}"')
    out.append("</svg>")
    return "".join(out)


def _funds_svg(allocation: Allocation, labels: dict[str, str], unit: DisplayUnit) -> str:
    """Grouped bars per zone: national (국비) and local (지방비) funds."""
    bar_w, left, row_h = 460, 150, 40
    height = row_h * len(allocation.zones) + 40
    top = max((max(z.national, z.local) for z in allocation.zones), default=0) or 1
    out = [
        f'<svg id="chart-funds" xmlns="http://www.w3.org/2000/svg" width="{left + bar_w + 120}" '
        f'height="{height}" role="img" aria-label="특구별 국비·지방비">'
    ]
    for row, zone in enumerate(allocation.zones):
        y = 10 + row * row_h
        out.append(f'<text x="{left - 8}" y="{y + 20}" text-anchor="end">'
                   f"{escape(labels.get(zone.zone, zone.zone))}</text>")  # fmt: skip
        for j, (name, amount) in enumerate((("국비", zone.national), ("지방비", zone.local))):
            width = Decimal(amount * bar_w) / top
            out.append(
                f'<rect x="{left}" y="{y + j * 15}" width="{width:.2f}" height="13" '
                f'fill="{_PALETTE[j]}"><title>{name}: {format_won(amount)}원</title></rect>'
                f'<text x="{left + width + 4:.2f}" y="{y + j * 15 + 11}">'
                f"{name} {format_won(amount, unit)}</text>"
            )
    out.append(f'<text x="{left}" y="{height - 8}">({escape(unit.caption())})</text></svg>')
    return "".join(out)


def html_report(
    title: str,
    source: str,
    allocation: Allocation,
    views: Sequence[ViewTable],
    checks: ViewTable,
    unit: DisplayUnit,
    labels: dict[str, str],
) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    by_name = {view.name: view for view in views}
    failed = sum(1 for row in checks.rows if row[2] == "실패")
    verdict = (
        '<span class="pass">모든 검사 통과</span>'
        if not failed
        else f'<span class="fail">검사 {failed}건 실패</span>'
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">출처: {escape(source)} · 단위: {escape(unit.name)} · {verdict}</p>',
        "<h2>특구별 단계 배분 비중</h2>",
        _stage_split_svg(stage_mix(allocation), labels),
        "<h2>특구별 국비·지방비</h2>",
        _funds_svg(allocation, labels, unit),
    ]
    for name in ("zones", "stages"):
        if name in by_name:
            body += [f"<h2>{escape(by_name[name].title)}</h2>", _table(by_name[name], unit)]
    body += ["<h2>검사 결과</h2>", _checks_table(checks)]
    if "lines" in by_name:
        lines = with_subtotals(by_name["lines"])
        body += [f"<h2>{escape(lines.title)}</h2>", _table(lines, unit)]
    return _document(title, body)


def _document(title: str, body: Sequence[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def envelopes_report(
    title: str, source: str, view: ViewTable, rules: str, checks: ViewTable, unit: DisplayUnit
) -> str:
    """The envelope derivation as one HTML document: the rules, the table, the checks."""
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">출처: {escape(source)} · 단위: {escape(unit.name)}</p>',
        f"<p>{escape(rules)}</p>",
        f"<h2>{escape(view.title)}</h2>",
        _table(view, unit),
        "<h2>검사 결과</h2>",
        _checks_table(checks),
    ]
    return _document(title, body)


def history_report(
    title: str,
    sources: str,
    views: Sequence[ViewTable],
    unit: DisplayUnit,
    labels: dict[str, str],
) -> str:
    """The programme over the years as one HTML document: a line chart of each zone's
    budget (국비 + 지방비) per year, one of the programme's totals, and the tables."""
    by_name = {view.name: view for view in views}
    years_view, programme = by_name["years"], by_name["programme"]
    keys = [c.key for c in years_view.columns]
    at_zone, at_year, at_total = keys.index("zone_id"), keys.index("year"), keys.index("total_won")
    years = [int(row[0] or 0) for row in programme.rows]
    per_zone: dict[str, dict[int, int]] = {}
    for row in years_view.rows:
        per_zone.setdefault(str(row[at_zone]), {})[int(row[at_year] or 0)] = int(row[at_total] or 0)
    zone_series = [
        (labels.get(zone, zone), [amounts.get(year) for year in years])
        for zone, amounts in per_zone.items()
    ]
    pkeys = [c.key for c in programme.columns]
    programme_series = [
        (name, [int(row[pkeys.index(key)] or 0) for row in programme.rows])
        for name, key in (("합계", "total_won"), ("국비", "national_won"), ("지방비", "local_won"))
    ]
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">출처: {escape(sources)} · 단위: {escape(unit.name)}</p>',
        "<h2>특구별 예산 추이 (국비 + 지방비)</h2>",
        line_chart("chart-zones", "특구별 예산 추이", [str(y) for y in years], zone_series, unit),
        "<h2>사업 합계 추이</h2>",
        line_chart(
            "chart-programme", "사업 합계 추이", [str(y) for y in years], programme_series, unit
        ),
    ]
    for name in ("programme", "zones", "stages", "years", "evaluations"):
        if name in by_name:
            body += [f"<h2>{escape(by_name[name].title)}</h2>", _table(by_name[name], unit)]
    return _document(title, body)


def execution_report(
    title: str,
    source: str,
    views: Sequence[ViewTable],
    unit: DisplayUnit,
    not_counted: str | None = None,
) -> str:
    """Spending against the plan as one HTML document: a chart of each zone's cumulative
    spending by month as a share of its 예산현액 (the plan), then the tables; a banner
    first when ledger rows were not counted (``not_counted`` says what), and their list."""
    by_name = {view.name: view for view in views}
    months = by_name["months"]
    keys = [c.key for c in months.columns]
    at_budget = keys.index("budget_won")
    month_keys = [k for k in keys if k.startswith("m") and k.endswith("_won")]
    series = []
    for row in [*months.rows, *([months.total] if months.total else [])]:
        budget = int(row[at_budget] or 0)
        points: list[int | None] = []
        for key in month_keys:
            value = row[keys.index(key)]
            # per mille of the plan, so that zones of any size share one axis
            points.append(None if value is None or not budget else int(value) * 1000 // budget)
        label = str(row[keys.index("zone_name")]) or "합계"
        series.append((label, points))
    chart = line_chart(
        "chart-execution",
        "월별 누적 집행률",
        [f"{month}월" for month in range(1, 13)],
        series,
        _PERCENT_FROM_PER_MILLE,
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">예산: {escape(source)} · 단위: {escape(unit.name)}</p>',
    ]
    if not_counted:
        body.append(
            f'<p class="banner" role="alert">집계에서 빠진 행이 있습니다 (not counted): '
            f'{escape(not_counted)}. 이 보고서는 완전하지 않습니다 — <a href="#rejected">'
            "빠진 행 목록</a>을 보십시오.</p>"
        )
    body += ["<h2>월별 누적 집행률 (예산현액 대비)</h2>", chart]
    for name in ("zones", "own-funds", "months", "lines", "changes", "categories", "rejected"):
        if name in by_name:
            body += [f"<h2>{escape(by_name[name].title)}</h2>", _table(by_name[name], unit)]
    return _document(title, body)

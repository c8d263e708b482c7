"""Bar charts drawn on the server as SVG geometry: no script, nothing loaded from elsewhere.

A template draws each chart (admin/tickets/appeal/includes/chart.html) with a <title>,
role="img" and an aria-label, and follows it with the same numbers as a table."""

from dataclasses import dataclass

ROW = 26  # a horizontal bar's height with its gap
LABEL_WIDTH = 250
BAR_SPACE = 360
COLUMN = 22  # a vertical column's width with its gap
COLUMN_HEIGHT = 160


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    value_text: str


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str  # "rows" (horizontal bars, labels beside) or "columns" (over time)
    width: int
    height: int
    bars: list[Bar]
    rows: list[tuple[str, str]]  # the table under the chart: label, value as shown

    @property
    def summary(self) -> str:
        return f"{self.title}: " + "; ".join(f"{label} — {value}" for label, value in self.rows)


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def rows_chart(title: str, data: list[tuple[str, float]]) -> Chart:
    top = max((value for _, value in data), default=0) or 1
    bars = []
    for n, (label, value) in enumerate(data):
        width = BAR_SPACE * value / top
        y = n * ROW
        bars.append(
            Bar(
                label=label,
                value=value,
                x=LABEL_WIDTH,
                y=y + 3,
                width=round(width, 1),
                height=ROW - 6,
                text_x=round(LABEL_WIDTH + width + 6, 1),
                text_y=y + ROW / 2 + 5,
                value_text=_fmt(value),
            )
        )
    return Chart(
        title=title,
        kind="rows",
        width=LABEL_WIDTH + BAR_SPACE + 60,
        height=max(len(data), 1) * ROW,
        bars=bars,
        rows=[(label, _fmt(value)) for label, value in data],
    )


def columns_chart(title: str, data: list[tuple[str, float]]) -> Chart:
    top = max((value for _, value in data), default=0) or 1
    bars = []
    for n, (label, value) in enumerate(data):
        height = COLUMN_HEIGHT * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=n * COLUMN + 2,
                y=round(COLUMN_HEIGHT - height + 16, 1),
                width=COLUMN - 4,
                height=round(height, 1),
                text_x=n * COLUMN + COLUMN / 2,
                text_y=round(COLUMN_HEIGHT - height + 12, 1),
                value_text=_fmt(value),
            )
        )
    return Chart(
        title=title,
        kind="columns",
        width=max(len(data), 1) * COLUMN,
        height=COLUMN_HEIGHT + 36,
        bars=bars,
        rows=[(label, _fmt(value)) for label, value in data],
    )

"""The dashboard's charts as SVG geometry: bars with their values written on them, told
apart by pattern as well as colour.

Coordinates are written as text here, so that the template's number formatting (which
follows the locale) never touches them.
"""

CHART_WIDTH = 760
FLOW_HEIGHT = 320
FLOW_TOP = 24
FLOW_BASELINE = 250
BAR_ROW_HEIGHT = 46
BAR_LABEL_SPACE = 60


def _number(value):
    return f"{value:.1f}"


def grouped_bar_chart(*, chart_id, groups, series):
    """Bars for each group (a week), one per series, scaled to the largest value; each
    bar carries its value as text above it and a pattern of its series."""
    largest = max((value for _, values in groups for value in values), default=0) or 1
    left, right = 12, CHART_WIDTH - 12
    group_width = (right - left) / max(len(groups), 1)
    bar_width = min(18.0, (group_width - 10) / max(len(series), 1))
    usable = FLOW_BASELINE - FLOW_TOP - 14
    drawn_groups = []
    for index, (label, values) in enumerate(groups):
        group_left = left + index * group_width + (group_width - bar_width * len(series)) / 2
        bars = []
        for position, (one, value) in enumerate(zip(series, values, strict=True)):
            height = usable * value / largest
            x = group_left + position * bar_width
            bars.append({"series": one, "value": value, "x": _number(x),
                         "y": _number(FLOW_BASELINE - height),
                         "width": _number(bar_width - 2), "height": _number(height),
                         "text_x": _number(x + (bar_width - 2) / 2),
                         "text_y": _number(FLOW_BASELINE - height - 4)})
        drawn_groups.append({"label": label, "bars": bars,
                             "label_x": _number(left + index * group_width + group_width / 2),
                             "label_y": _number(FLOW_BASELINE + 18)})
    legend = [{"series": one, "x": _number(left + index * 160), "text_x":
               _number(left + index * 160 + 24), "y": _number(FLOW_HEIGHT - 30),
               "text_y": _number(FLOW_HEIGHT - 17)}
              for index, one in enumerate(series)]
    return {"id": chart_id, "width": CHART_WIDTH, "height": FLOW_HEIGHT,
            "baseline": FLOW_BASELINE, "left": left, "right": right,
            "groups": drawn_groups, "legend": legend, "series": series}


def horizontal_bar_chart(*, chart_id, bars):
    """One bar a row, its label written above it and its value after its end."""
    largest = max((value for _, value in bars), default=0) or 1
    left = 12
    usable = CHART_WIDTH - left - BAR_LABEL_SPACE
    rows = []
    for index, (label, value) in enumerate(bars):
        top = 8 + index * BAR_ROW_HEIGHT
        width = usable * value / largest
        rows.append({"label": label, "value": value, "label_y": _number(top + 14),
                     "y": _number(top + 20), "width": _number(width),
                     "text_x": _number(left + width + 6), "text_y": _number(top + 33)})
    return {"id": chart_id, "width": CHART_WIDTH, "left": left,
            "height": 16 + len(bars) * BAR_ROW_HEIGHT, "rows": rows}

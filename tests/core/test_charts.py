"""The one chart module: accessible SVG, the table of the same figures, and labels that
never overlap each other or the lines (checked on the estimated boxes here, and by the
browser on the rendered ones in tests/e2e/test_dashboards.py)."""

from itertools import combinations, pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from core import charts

MONTHS = [f"M{i}" for i in range(24)]


def _overlapping(boxes):
    return [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]


def _year_lines(averages):
    lines = []
    for index, (first, last, value) in enumerate(averages):
        lines.append(
            charts.Reference(
                f"{2024 + index} average {value:.0f}%", value, charts.GREEN, "2 3", first, last, 3
            )
        )
    return lines


def test_line_chart_is_an_image_with_a_title_a_description_and_its_table():
    chart = charts.line_chart(
        chart_id="c1",
        title="Share <answered>",
        description="A line.",
        categories=["Jan 2026", "Feb 2026"],
        series=[
            charts.Series("On time", [50.0, None], fmt=lambda v: "–" if v is None else f"{v:.0f}%")
        ],
        columns=[charts.Column("Due", ["4", "0"])],
        flags=["", "Revised"],
        unit="%",
        y_max=100,
    )
    svg = chart.svg
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Share &lt;answered&gt;</title>' in svg
    assert '<desc id="c1-desc">A line.' in svg
    assert chart.table.headers == ["Month", "Due", "On time"]
    assert [(r.label, list(r.cells), r.flag) for r in chart.table.rows] == [
        ("Jan 2026", ["4", "50%"], ""),
        ("Feb 2026", ["0", "–"], "Revised"),
    ]
    assert svg.__html__() is svg  # printed as is by templates


def test_the_2024_and_2025_averages_of_the_public_chart_do_not_overprint():
    """The case seen on the public dashboard: a two-month 2024 segment next to 2025's,
    at nearly the same level, under a line that runs through both."""
    values = [79.0, 80.0] + [78.0 + (i % 3) for i in range(12)] + [82.0] * 10
    references = [
        charts.Reference("Target (90%)", 90),
        *_year_lines([(0, 1, 79.5), (2, 13, 79.0), (14, 23, 82.0)]),
    ]
    chart = charts.line_chart(
        chart_id="c",
        title="t",
        description="d",
        categories=MONTHS,
        series=[charts.Series("s", values)],
        references=references,
        unit="%",
        y_max=100,
    )
    boxes = charts.label_boxes(chart)
    assert not _overlapping(boxes)
    texts = [label.text for label in chart.labels]
    for reference in references:
        assert reference.label in texts


percent = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(percent, min_size=24, max_size=24),
    averages=st.lists(st.floats(min_value=0, max_value=100), min_size=3, max_size=3),
    target=st.floats(min_value=0, max_value=100),
)
def test_labels_never_overlap_each_other_or_cross_a_line(values, averages, target):
    references = [
        charts.Reference(f"Target ({target:.0f}%)", target),
        *_year_lines([(0, 1, averages[0]), (2, 13, averages[1]), (14, 23, averages[2])]),
    ]
    chart = charts.line_chart(
        chart_id="c",
        title="t",
        description="d",
        categories=MONTHS,
        axis_labels=[m if i % 6 == 0 else "" for i, m in enumerate(MONTHS)],
        series=[charts.Series("s", values)],
        references=references,
        unit="%",
        y_max=100,
    )
    assert not _overlapping(charts.label_boxes(chart))
    reference_labels = [
        label for label in chart.labels if label.text in {r.label for r in references}
    ]
    assert len(reference_labels) == len(references)
    for label in reference_labels:
        box = label.box
        for points, _colour, _width in chart.polylines:
            for a, b in pairwise(points):
                assert not charts._segment_hits_box(a, b, box), label.text
        for x1, y1, x2, y2, colour, _width, _dash in chart.lines:
            if colour in (charts.GREY, charts.BLACK):  # gridlines and axes may run behind
                continue
            assert not charts._segment_hits_box((x1, y1), (x2, y2), box), label.text


def test_bar_charts_stack_and_total_and_skip_crowded_axis_labels():
    chart = charts.bar_chart(
        chart_id="b",
        title="t",
        description="d",
        categories=MONTHS,
        series=[charts.Series("A", [1] * 24), charts.Series("B", [0, 2] * 12)],
        stacked=True,
        total=True,
        axis_labels=[f"September {i}" for i in range(24)],
    )
    assert chart.svg.count("<rect") == 24 + 12  # a zero draws no bar
    assert chart.table.total.cells == ["24", "24"]
    axis = [label for label in chart.labels if label.text.startswith("September")]
    assert 0 < len(axis) < 24  # thinned, never overlapping
    assert not _overlapping(charts.label_boxes(chart))


def test_horizontal_bars_name_long_categories_down_the_left():
    names = ["Freedom of Information", "Environmental Information Regulations", "Right of access"]
    chart = charts.bar_chart(
        chart_id="h",
        title="t",
        description="d",
        categories=names,
        category_heading="Kind",
        series=[
            charts.Series("Under 20 days", [3, 0, 5]),
            charts.Series("20 days or more", [1, 2, 0]),
        ],
        stacked=True,
        horizontal=True,
    )
    texts = [label.text for label in chart.labels]
    assert all(name in texts for name in names)
    assert not _overlapping(charts.label_boxes(chart))
    assert chart.svg.count("<rect") == 4


def test_a_name_too_long_for_the_margin_is_shortened_in_the_chart_not_the_table():
    name = "Reg 12(5)(a): international relations, defence, national security or public safety"
    chart = charts.bar_chart(
        chart_id="l",
        title="t",
        description="d",
        categories=[name, "Short"],
        series=[charts.Series("Responses", [1, 2])],
        horizontal=True,
    )
    drawn = [label for label in chart.labels if label.text.startswith("Reg 12")]
    assert len(drawn) == 1
    assert drawn[0].text.endswith("…")
    assert drawn[0].box.x0 >= 0
    assert chart.table.rows[0].label == name


def test_nice_steps():
    assert charts.nice_step(0) == 1
    assert charts.nice_step(3) == 1
    assert charts.nice_step(37) == 10
    assert charts.nice_step(1234) == 500
    assert charts.nice_step(9, whole=False) == 2.5


def test_a_chart_with_no_categories_is_drawn_empty():
    for draw in (charts.line_chart, charts.bar_chart):
        chart = draw(chart_id="e", title="t", description="d", categories=[], series=[])
        assert 'role="img"' in chart.svg
        assert chart.table.rows == []


def test_the_year_goes_under_january_and_the_first_month():
    months = ["Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026"]
    chart = charts.bar_chart(
        chart_id="y",
        title="t",
        description="d",
        categories=months,
        axis_labels=["Nov", "Dec", "Jan", "Feb"],
        axis_years=["2025", "", "2026", ""],
        series=[charts.Series("A", [1, 2, 3, 4])],
    )
    texts = [label.text for label in chart.labels]
    assert texts.count("2025") == 1
    assert texts.count("2026") == 1
    assert not _overlapping(charts.label_boxes(chart))

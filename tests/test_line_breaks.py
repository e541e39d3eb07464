"""No wrapped Chinese line starts with closing punctuation or ends with opening punctuation
(tui/widgets/line_breaks.py), in Rich's `Text.wrap` and Textual's `Content.wrap` alike."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.content import Content

from tui.widgets.line_breaks import NO_END, NO_START, divide_line, install

install()

WORDS = st.sampled_from(["不能", "执行", "批准", "下一步", "评估", "撤回", "待办事项", "测试", "脚本", "Prepare",
                         "the", "pressure", "CR-14", "2", "d"])
MARKS = st.sampled_from(sorted("，。、；：！？）」”…" + "（「“"))
# Words with at most one mark between them (two marks in a row may not fit a narrow line).
TEXTS = st.lists(st.tuples(WORDS, st.one_of(st.just(""), MARKS), st.sampled_from(["", "", " "])),
                 min_size=1, max_size=30).map(
    lambda parts: "".join(w + m + ("" if m in NO_END else s) for w, m, s in parts))  # no space after “


def wrapped_lines(text: str, width: int) -> list[str]:
    return [line.plain for line in Text(text).wrap(Console(width=200), width)]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.integers(min_value=8, max_value=40))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text, width):
    for lines in (wrapped_lines(text, width),
                  [line.plain for line in Content(text).wrap(width)]):
        for line in lines:
            assert cell_len(line) <= width, (lines, width)
        for before, line in zip(lines, lines[1:], strict=False):
            assert not line.lstrip() or line.lstrip()[0] not in NO_START, lines
            assert not before.rstrip() or before.rstrip()[-1] not in NO_END, lines
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_the_notice_that_wrapped_a_closing_quote_onto_its_own_line():
    text = "CR-14：状态为“已提交”时不能执行“批准”。下一步：s 评估 · X 撤回"
    lines = wrapped_lines(text, 37)
    assert lines == ["CR-14：状态为“已提交”时不能执行“批", "准”。下一步：s 评估 · X 撤回"], lines
    english = "plain English text, wrapped as Rich does: nothing changes"
    assert divide_line(english, 12) == rich_divide_line(english, 12)

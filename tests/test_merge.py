"""The three-way merge every form uses on a version conflict (tui/store/merge.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.store.merge import three_way

FIELDS = ("title", "priority", "detail")
value = st.sampled_from(["", "a", "b", "c", "[bold]", "客户", "\x1b[2J"])
row = st.fixed_dictionaries({name: value for name in FIELDS})


def test_title_by_them_priority_by_me_both_survive_without_a_clash():
    base = {"title": "Login", "priority": "P2", "detail": "x"}
    theirs = {**base, "title": "Login with SSO", "version": 4}
    mine = {**base, "priority": "P0"}
    merged = three_way(base, mine, theirs, FIELDS)
    assert merged.clean
    assert merged.values == {"title": "Login with SSO", "priority": "P0", "detail": "x"}
    assert merged.theirs_taken == ("title",) and merged.mine_kept == ("priority",)


def test_both_changed_differently_is_the_only_clash():
    base = {"title": "A", "priority": "P2", "detail": ""}
    merged = three_way(base, {**base, "title": "B", "detail": "same"}, {**base, "title": "C", "detail": "same"}, FIELDS)
    assert merged.clashes == ("title",)
    assert merged.values["detail"] == "same"
    assert merged.resolve({"title": "theirs"}, {"title": "C"})["title"] == "C"
    assert merged.resolve({"title": "mine"}, {"title": "C"})["title"] == "B"


def test_none_and_empty_are_the_same_value():
    merged = three_way({"title": None}, {"title": ""}, {"title": "x"}, ["title"])
    assert merged.values == {"title": "x"} and merged.clean


@given(base=row, mine=row, theirs=row)
def test_a_field_changed_by_one_side_is_never_lost(base, mine, theirs):
    merged = three_way(base, mine, theirs, FIELDS)
    for name in FIELDS:
        b, m, t = base[name], mine[name], theirs[name]
        if m != b and t == b:
            assert merged.values[name] == m
        elif t != b and m == b:
            assert merged.values[name] == t
        elif m == t:
            assert merged.values[name] == m
        else:
            assert name in merged.clashes
    # clashes are exactly the fields both sides changed to different values
    assert set(merged.clashes) == {n for n in FIELDS if base[n] != mine[n] != theirs[n] != base[n]}

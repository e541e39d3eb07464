"""Three-way merge of one item's fields: what I changed, what they changed, since the base.

When two people edit the same item, the second save finds the row at a newer version. The
form kept the version it was opened from (the *base*), so each field can be decided on its
own:

* changed only by them → theirs (I never touched it: writing my copy back would undo them);
* changed only by me → mine;
* changed by both to the same value → that value;
* changed by both to different values → a *clash*: only these need a person to choose.

Values are compared as the form holds them (text; `None` and "" are the same empty value).
Pure functions, no I/O: the forms, meeting mode and the tests all use the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def _norm(value: object) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Merge:
    """The outcome: `values` for every field (clashing fields hold *mine* until chosen),
    `clashes` (names changed differently by both), and which side each field came from."""

    values: dict[str, object]
    clashes: tuple[str, ...] = ()
    theirs_taken: tuple[str, ...] = ()
    mine_kept: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.clashes

    def resolve(self, choices: Mapping[str, str], theirs: Mapping[str, object]) -> dict[str, object]:
        """The values once each clash is decided: `choices[name]` is "mine" or "theirs"."""
        result = dict(self.values)
        for name in self.clashes:
            if choices.get(name) == "theirs":
                result[name] = theirs.get(name, "")
        return result


def three_way(
    base: Mapping[str, object],
    mine: Mapping[str, object],
    theirs: Mapping[str, object],
    names: Iterable[str] | None = None,
) -> Merge:
    """Merge `mine` and `theirs`, both edited from `base`, field by field (see module doc).

    `names` limits the merge to the form's fields (default: every key of `mine`). A field
    missing from `theirs` (their row has no such column) keeps mine.
    """
    names = list(names) if names is not None else list(mine)
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    clashes: list[str] = []
    taken: list[str] = []
    kept: list[str] = []
    for name in names:
        b, m = _norm(base.get(name)), _norm(mine.get(name))
        if name not in theirs:
            values[name], sources[name] = mine.get(name, ""), "mine"
            continue
        t = _norm(theirs.get(name))
        if m == t:
            values[name], sources[name] = mine.get(name, ""), "same"
        elif m == b:  # only they changed it
            values[name], sources[name] = theirs.get(name, ""), "theirs"
            taken.append(name)
        elif t == b:  # only I changed it
            values[name], sources[name] = mine.get(name, ""), "mine"
            kept.append(name)
        else:
            values[name], sources[name] = mine.get(name, ""), "clash"
            clashes.append(name)
    return Merge(values, tuple(clashes), tuple(taken), tuple(kept), sources)

"""Chinese text in a notice, a dialog or a dropdown no longer loses characters where the
screen behind it has a widget's edge (Textual issue #6357, open in Textual 8).

Textual's compositor cuts every screen line at every widget's left and right edge, the
edges of widgets *hidden behind* an overlay included, and hands each piece to the front-most
widget there. A double-width character (Chinese, emoji) that straddles such a cut is split,
and Rich turns each half into a space: `已改回未完成` over a list's column border shows as
`已改回  完成`. Here, a widget that wins several neighbouring pieces of a line keeps them as
one piece, so its characters are only ever cut where another widget really is in front.
The merged piece sits at the first cut; the others get an empty strip, so nothing behind
shows through; a partial update's ends are read from the pieces, not from the cuts.

`install()` replaces two methods of Textual's `Compositor` (once, for the whole process). It
checks that they are the ones it was written against and leaves Textual alone otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual import _compositor
from textual.geometry import Region
from textual.strip import Strip

__all__ = ["install"]

_EMPTY = Strip([], 0)
_installed = False


def _render_chops(
    self: _compositor.Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip | None]]:
    """`Compositor._render_chops`, merging the neighbouring pieces one widget wins."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    intersection = Region.intersection
    # Front to back: the first widget to claim a piece of a line wins it.
    for region, clip, strips in self._get_renders(crop):
        render_region = intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            starts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            # starts[i] begins the piece that ends at starts[i + 1]; the last is the right edge.
            free = [chops_line.get(cut) is None for cut in starts[:-1]]
            if not any(free):
                continue
            # Cut only where winning changes (and at the right edge).
            runs: list[tuple[int, int]] = []  # (index of the first piece, index after the last)
            begin = 0
            for index in range(1, len(free) + 1):
                if index == len(free) or free[index] != free[begin]:
                    runs.append((begin, index))
                    begin = index
            pieces = strip.divide([starts[end] - render_x for _begin, end in runs])
            for (begin, end), piece in zip(runs, pieces, strict=False):
                if not free[begin]:
                    continue
                chops_line[starts[begin]] = piece
                for index in range(begin + 1, end):
                    chops_line[starts[index]] = _EMPTY
    return chops


def _render_partial_update(self: _compositor.Compositor) -> Any:
    """`Compositor.render_partial_update`, with each piece's end read from the piece (a
    merged piece ends past the cut after it)."""
    screen_region = self.size.region
    update_regions = self._dirty_regions.copy()
    self._dirty_regions.clear()
    if not update_regions:
        return None
    crop = Region.from_union(update_regions).intersection(screen_region)
    spans = list(self._regions_to_spans(update_regions))
    is_rendered_line = {y for y, _, _ in spans}.__contains__
    chops = _render_chops(self, crop, is_rendered_line)
    chop_ends = [
        [x + strip.cell_length if strip is not None else end for (x, strip), end in zip(line.items(), cut_set[1:], strict=True)]
        for line, cut_set in zip(chops, self.cuts, strict=True)
    ]
    return _compositor.ChopsUpdate(chops, spans, chop_ends)


def install() -> None:
    """Use the merging versions in every screen's compositor (idempotent)."""
    global _installed
    if _installed:
        return
    compositor = _compositor.Compositor
    expected = ("_render_chops", "render_partial_update", "_get_renders", "_regions_to_spans", "cuts")
    if not all(hasattr(compositor, name) for name in expected) or not hasattr(_compositor, "ChopsUpdate"):
        return  # a Textual this was not written for: leave it as it is
    compositor._render_chops = _render_chops  # type: ignore[method-assign,assignment]
    compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]
    _installed = True

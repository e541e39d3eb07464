"""The README's first command installs Huddle from a wheel (`pip install .`), not the source
tree the tests run from: the wheel must hold the code, its stylesheet and its catalog.
(It once held only the catalog: hatch looks for a package named like the project.)"""

from __future__ import annotations

import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_the_code_the_stylesheet_and_the_catalog(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    built = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    assert len(built) == 1
    names = set(zipfile.ZipFile(built[0]).namelist())
    for needed in ("tui/__main__.py", "tui/app.py", "tui/store/schema.py", "tui/widgets/line_breaks.py",
                   "tui/huddle.tcss", "tui/locales/zh_CN/LC_MESSAGES/huddle.po"):
        assert needed in names, needed
    sources = {name for name in names if name.startswith("tui/") and name.endswith(".py")}
    in_tree = {str(path.relative_to(ROOT)) for path in (ROOT / "tui").rglob("*.py")}
    assert sources == in_tree
    assert not any("__pycache__" in name for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "huddle = tui.__main__:main" in zipfile.ZipFile(built[0]).read(entry_points).decode()

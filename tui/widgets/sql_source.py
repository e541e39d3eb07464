"""Moved: the one row source is `tui.store.rows.SQLSource` (plain data code, beside the
queries it runs). This name stays only until the Meetings screen imports it from there."""

from ..store.rows import OrderTerm, SQLSource

__all__ = ["OrderTerm", "SQLSource"]

"""Huddle (碰头): a terminal workspace for teams that deliver projects to clients."""

"""Helpers for services' own tests (they need the ``testing`` extra: schemathesis)."""

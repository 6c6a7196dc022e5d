"""Gettext catalogs: reading, checking, extracting and the state of translations."""

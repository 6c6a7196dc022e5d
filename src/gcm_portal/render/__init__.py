"""Turning the model into Markdown and HTML: generated pages, formats, search."""

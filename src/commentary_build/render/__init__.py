"""Renderers: model objects to HTML fragments and page Markdown."""

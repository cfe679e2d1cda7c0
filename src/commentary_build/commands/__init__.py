"""Subcommands of the `commentary` CLI, one module each."""

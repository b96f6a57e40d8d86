"""Dock widgets and dialogs: they call down into adapters and rules, never into plugin.py."""

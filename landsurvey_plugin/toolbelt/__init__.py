"""Cross-cutting helpers: metadata, settings, logging, translation, paths, dependencies.

Only ``paths`` and ``metadata`` are free of Qt so that the pure layers may use them.
"""

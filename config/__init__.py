"""What every layer may read: the sites file model (`config.sites`) and runtime settings (`config.settings`).

It imports nothing from the project, so storage, crawlers, parsers, monitor and the CLI can all use it.
"""

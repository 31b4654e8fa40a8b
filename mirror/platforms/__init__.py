"""One module per CMS platform the mirror imitates (site-patterns.md §0)."""

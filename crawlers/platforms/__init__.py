"""List mechanisms of the CMS platforms zone sites run on, one small module each (site-patterns.md §0).

Each adapter reads a list page (or API answer) into entries and says how to reach the next page;
the spider decides whether to go on (incremental stop) and fetches the articles.
"""

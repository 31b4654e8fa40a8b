"""What happens after parsing, in three jobs, one package each.

- `monitor.compare`: one zone's reports year over year (new, changed, dropped targets; verdicts on due
  targets), the matching rules beside the matcher, and how an item reads in Chinese.
- `monitor.delivery`: the digest (collect, size cap, render), subscriptions and the outbox that mails it.
- `monitor.health`: source health (failing sites, changed sites, overdue reports) and crawl failures.
"""

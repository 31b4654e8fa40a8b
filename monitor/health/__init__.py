"""Source health: failing and changed sites, overdue reports, alerts, and the crawl failures of a night."""

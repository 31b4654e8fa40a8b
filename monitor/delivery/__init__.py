"""The digest: what goes in it, its size cap and rendering, subscriptions, and the outbox that mails it."""

"""Year-over-year diff of work reports and the emailed digest."""

from monitor.mailer import smtp_target, smtp_url

__all__ = ["smtp_target", "smtp_url"]

"""One zone's reports year over year: matching, the diff, verdicts, stored changes and history."""

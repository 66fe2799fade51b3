"""What Slack sends us: the HTTP entry point, request checks, delivery records, ids, and the
values our buttons carry."""

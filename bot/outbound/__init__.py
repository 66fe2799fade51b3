"""What we send Slack: the Web API client with its retry rules, and where each workspace's
token comes from."""

"""The assessment conversation as states and transitions; no Slack types here."""

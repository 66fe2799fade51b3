"""The Slack side of the Outcome Readiness bot: listeners, views, run modes and the `readiness` CLI.

Kept free of import-time work so `readiness framework` starts without loading Slack libraries.
"""

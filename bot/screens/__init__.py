"""Putting the conversation's steps on people's screens in Slack, each exactly once."""

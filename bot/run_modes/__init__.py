"""How the bot runs: HTTP or Socket Mode, the timetable thread beside them, in-process for the
tests, and the demo."""

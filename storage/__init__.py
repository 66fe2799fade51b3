"""Persistence: SQLAlchemy models, Alembic migrations and keyword-only queries."""

"""PostgreSQL's plan for a query the code ran, for tests that prove a look-up reads an index."""

from django.db import connection


def plan_of(sql: str, *, avoid: tuple[str, ...] = ("seqscan",)) -> str:
    """EXPLAIN of `sql` with the planner told to avoid the given scans (`enable_<scan> = off`) for the
    rest of the test's transaction: a test table holds a handful of rows, which a planner left alone
    would simply read all of."""
    with connection.cursor() as cursor:
        for scan in avoid:
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())

"""The page number of a paged view, read one way everywhere.

Junk is the first page and a number past `last` is `last`: a page number becomes an OFFSET and a LIMIT,
and a database refuses one past its integer range (a 500), while reading up to a far page costs more
than any person paging by hand would ask for.
"""

MAX_PAGE = 1000


def page_number(request, name: str = "page", *, last: int = MAX_PAGE) -> int:
    raw = request.GET.get(name, "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) > len(str(last)):
        return last  # also spares int() digits past Python's conversion limit
    try:
        number = int(raw)
    except ValueError:
        return 1
    return min(max(number, 1), last)

"""View helpers: every view states who may use it; the check runs on the server."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from attract import roles


def login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view):
    """Administrators only: others get 403, anonymous users go to sign-in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles.is_admin(request.user):
            raise PermissionDenied("Only administrators can open the Admin center.")
        return view(request, *args, **kwargs)

    return wrapper

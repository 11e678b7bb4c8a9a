from attract import roles as role_rules

POOL_ROLES = {role_rules.ADMINISTRATOR, role_rules.RECRUITER, role_rules.READ_ONLY}


def roles(request):
    # Error pages (400, CSRF failure) can be rendered before AuthenticationMiddleware has run.
    user = getattr(request, "user", None)
    if user is None:
        return {
            "user_is_admin": False,
            "user_can_create_jobs": False,
            "user_roles": [],
            "user_sees_pools": False,
        }
    return {
        "user_is_admin": role_rules.is_admin(user),
        "user_can_create_jobs": role_rules.can_create_jobs(user),
        "user_roles": sorted(role_rules.role_names(user)),
        # Talent pools are for administrators, recruiters and read-only users (the pages say 403 to others).
        "user_sees_pools": bool(role_rules.role_names(user) & POOL_ROLES),
    }

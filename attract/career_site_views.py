"""The career site's brand: its Admin center tab, and the public stylesheet and logo the career pages
link to (the accent colour comes as a stylesheet, so the pages need no inline style)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from attract import career_site
from attract.errors import DomainError
from attract.models import CareerSite
from attract.permissions import admin_required

# The pages link to these with ?v=<last change>, so a browser may keep them until the brand changes.
CACHE_FOR = "public, max-age=604800"


@require_GET
def stylesheet(request):
    colour = CareerSite.objects.filter(pk=1).values_list("accent_colour", flat=True).first() or ""
    body = career_site.accent_stylesheet(colour) if career_site.ACCENT.match(colour) else ""
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = CACHE_FOR
    return response


@require_GET
def logo(request):
    name = CareerSite.objects.filter(pk=1).values_list("logo", flat=True).first()
    if not name:
        raise Http404("No career site logo.")
    storage = CareerSite._meta.get_field("logo").storage
    try:
        with storage.open(name, "rb") as handle:
            content = handle.read(career_site.LOGO_MAX_BYTES + 1)
    except OSError as exc:
        raise Http404("No career site logo.") from exc
    kind = career_site.logo_content_type(content[:16])
    if kind is None:
        raise Http404("No career site logo.")
    response = HttpResponse(content, content_type=kind)
    response["Cache-Control"] = CACHE_FOR
    response["X-Content-Type-Options"] = "nosniff"
    return response


@admin_required
@require_http_methods(["GET", "POST"])
def settings_tab(request):
    site = career_site.career_site_load()
    brand = career_site.career_brand()
    if request.method == "POST":
        form = career_site.CareerSiteForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                career_site.career_site_update(
                    logo=data["logo"],
                    remove_logo=data["remove_logo"],
                    accent_colour="" if data["use_default_colour"] else data["accent_colour"],
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Career site saved.")
                return redirect("admin_center:career_site")
    else:
        form = career_site.CareerSiteForm(initial={"accent_colour": site.accent_colour or "#2456c7"})
    context = {"tab": "career_site", "nav": "admin", "form": form, "site": site, "brand": brand}
    return render(
        request, "attract/admin_center/career_site.html", context, status=400 if form.errors else 200
    )

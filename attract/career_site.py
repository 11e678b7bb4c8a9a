"""The career site's brand: the company name from the Admin center, an optional logo and accent colour.

jobs/ and candidates/ own the career pages but may not read linkedin_integration (where the company
name lives), so the brand reaches their templates through the `career_site` context processor: a lazy
value, read (one query) only by pages that show it, never by the staff pages.
"""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.db import transaction
from django.db.models import Subquery
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from attract.models import CareerSite

FALLBACK_NAME = "Careers"
LOGO_MAX_BYTES = 512 * 1024
ACCENT = re.compile(r"^#[0-9a-fA-F]{6}$")
# Raster formats only, judged by their first bytes: an SVG could carry script to the visitors' browsers.
LOGO_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
LOGO_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def logo_content_type(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in LOGO_SIGNATURES.items() if head.startswith(magic)), None)


@dataclass(frozen=True)
class Brand:
    name: str
    has_company_name: bool
    logo_url: str = ""
    accent_css_url: str = ""


def career_brand() -> Brand:
    """The brand the career pages show: one query (the career site's row, created by its migration,
    with the company name beside it)."""
    from linkedin_integration.models import LinkedInSettings

    company_name = Subquery(LinkedInSettings.objects.filter(pk=1).values("company_name")[:1])
    row = (
        CareerSite.objects.filter(pk=1)
        .annotate(company_name=company_name)
        .values("logo", "accent_colour", "updated_at", "company_name")
        .first()
    )
    if row is None:
        row = {
            "company_name": LinkedInSettings.objects.filter(pk=1)
            .values_list("company_name", flat=True)
            .first()
        }
    name = (row.get("company_name") or "").strip()
    version = int(row["updated_at"].timestamp()) if row.get("updated_at") else 0
    return Brand(
        name=name or FALLBACK_NAME,
        has_company_name=bool(name),
        logo_url=f"{reverse('career_site_logo')}?v={version}" if row.get("logo") else "",
        accent_css_url=f"{reverse('career_site_css')}?v={version}" if row.get("accent_colour") else "",
    )


def context_processor(request):
    return {"career_site": SimpleLazyObject(career_brand)}


def accent_stylesheet(colour: str) -> str:
    """The career pages' colours from the accent: the header, links and primary buttons, with text in
    black or white, whichever reads better on it."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    text = "#000" if luminance > 0.179 else "#fff"
    return (
        f"body.careers {{ --accent: {colour}; --accent-text: {text}; }}\n"
        "body.careers .topbar { background: var(--accent); }\n"
        "body.careers .topbar a, body.careers .topbar .brand { color: var(--accent-text) !important; }\n"
        "body.careers button.primary, body.careers .button.primary { color: var(--accent-text); }\n"
    )


class CareerSiteForm(forms.Form):
    logo = forms.FileField(
        required=False,
        help_text="Optional. PNG, JPEG, GIF or WebP, at most 512 KB; shown in the career site's header.",
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.gif,.webp"}),
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the logo")
    accent_colour = forms.CharField(
        required=False,
        label="Accent colour",
        help_text="The career site's header, links and buttons. Leave it empty for Attract's blue.",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    use_default_colour = forms.BooleanField(required=False, label="Use Attract's own colour")

    def clean_accent_colour(self):
        value = self.cleaned_data["accent_colour"].strip()
        if value and not ACCENT.match(value):
            raise forms.ValidationError("Choose a colour as #rrggbb, e.g. #0a66c2.")
        return value.lower()

    def clean_logo(self):
        upload = self.cleaned_data["logo"]
        if not upload:
            return upload
        if PurePosixPath(upload.name or "").suffix.lower() not in LOGO_EXTENSIONS:
            raise forms.ValidationError("Upload the logo as a PNG, JPEG, GIF or WebP image.")
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(
                f"The logo is too large ({filesizeformat(upload.size)}): the limit is "
                f"{filesizeformat(LOGO_MAX_BYTES)}."
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if logo_content_type(head) is None:
            raise forms.ValidationError("This file is not a PNG, JPEG, GIF or WebP image.")
        return upload


def career_site_load() -> CareerSite:
    return CareerSite.objects.filter(pk=1).first() or CareerSite(pk=1)


@transaction.atomic
def career_site_update(
    *, logo=None, remove_logo: bool = False, accent_colour: str = "", by=None
) -> CareerSite:
    """Save the career site's logo and accent colour. A replaced or removed logo file is deleted once
    the change has committed."""
    site, _ = CareerSite.objects.select_for_update().get_or_create(pk=1)
    old_logo = site.logo.name if site.logo else ""
    if accent_colour and not ACCENT.match(accent_colour):
        from attract.errors import DomainError

        raise DomainError("Choose a colour as #rrggbb, e.g. #0a66c2.", field="accent_colour")
    site.accent_colour = accent_colour.lower()
    if logo:
        site.logo.save(PurePosixPath(logo.name).name, logo, save=False)
    elif remove_logo:
        site.logo = ""
    site.save()
    new_logo = site.logo.name if site.logo else ""
    if old_logo and old_logo != new_logo:
        storage = CareerSite._meta.get_field("logo").storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return site

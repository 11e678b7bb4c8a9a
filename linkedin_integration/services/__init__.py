"""Every write of linkedin_integration, one module per subject; re-exported here for short imports."""

from linkedin_integration.services.company import company_settings_save
from linkedin_integration.services.feed import (
    feed_live_or_publish,
    feed_publish,
    listing_mark,
    listing_unmark,
)

__all__ = [
    "company_settings_save",
    "feed_live_or_publish",
    "feed_publish",
    "listing_mark",
    "listing_unmark",
]

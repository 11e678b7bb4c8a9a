"""Writes behind LinkedIn's profile widget: a recruiter links a candidate to a LinkedIn member, or
unlinks them, in the widget on the candidate's LinkedIn tab, and the widget's callback tells Attract.

The link is a MemberLink; the In-ATS sync sends it to LinkedIn as the candidate's manualMatchedMember.
Nothing here calls LinkedIn: LinkedIn already made the change on its side when the callback arrives."""

import re

from django.db import IntegrityError, transaction

from attract.errors import DomainError
from candidates.models import Candidate
from linkedin_integration.models import MemberLink

MEMBER_URN = re.compile(r"urn:li:person:[A-Za-z0-9_-]{1,60}")


class WidgetRefusal(DomainError):
    """A link Attract will not store; `status` is the HTTP status the callback answers with."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.status = status


def clean_member_urn(value) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if not MEMBER_URN.fullmatch(value):
        raise WidgetRefusal("member must be a LinkedIn member URN such as urn:li:person:AbC123.", status=400)
    return value


def _taken_message(holder: Candidate, visible: set[int]) -> str:
    # The user may not be allowed to see the other candidate: name them only if they may.
    whom = f"{holder.first_name} {holder.last_name}" if holder.pk in visible else "another candidate"
    return (
        f"This LinkedIn member is already linked to {whom} in Attract. Unlink them there first, "
        "or pick the right person in the widget."
    )


def widget_link(*, candidate: Candidate, member_urn: str, actor, visible_ids=()) -> MemberLink:
    """Link the candidate to the member (replacing the candidate's previous member, if any). A member
    already linked to another candidate is refused with the reason and nothing is written."""
    member_urn = clean_member_urn(member_urn)
    visible = set(visible_ids)
    with transaction.atomic():
        holder = (
            MemberLink.objects.filter(member_urn=member_urn)
            .exclude(candidate_id=candidate.pk)
            .select_related("candidate")
            .first()
        )
        if holder is not None:
            raise WidgetRefusal(_taken_message(holder.candidate, visible))
        link = MemberLink.objects.select_for_update().filter(candidate_id=candidate.pk).first()
        if link is not None and link.member_urn == member_urn:
            return link
        try:
            # A savepoint: a concurrent link of the same member loses on the unique member_urn and is
            # refused like any other taken member, leaving the outer transaction usable.
            with transaction.atomic():
                if link is None:
                    link = MemberLink.objects.create(
                        candidate=candidate,
                        member_urn=member_urn,
                        source=MemberLink.Source.WIDGET,
                        linked_by=actor,
                    )
                else:
                    link.member_urn = member_urn
                    link.source = MemberLink.Source.WIDGET
                    link.linked_by = actor
                    link.save(update_fields=["member_urn", "source", "linked_by", "updated_at"])
        except IntegrityError:
            raise WidgetRefusal(
                "This LinkedIn member was just linked to another candidate in Attract.", status=409
            ) from None
    return link


def widget_unlink(*, candidate: Candidate, member_urn: str) -> bool:
    """Remove the candidate's link to the member; True when a link was removed. Unlinking a candidate
    that is not linked changes nothing (the widget may repeat itself); unlinking a member other than
    the one Attract holds is refused, so a stale widget cannot undo a newer link."""
    member_urn = clean_member_urn(member_urn)
    with transaction.atomic():
        link = MemberLink.objects.select_for_update().filter(candidate_id=candidate.pk).first()
        if link is None:
            return False
        if link.member_urn != member_urn:
            raise WidgetRefusal(
                f"In Attract this candidate is linked to {link.member_urn}, not {member_urn}: nothing was "
                "unlinked. Reload the page to see the current link."
            )
        # MemberLink's delete leaves a MemberUnlink, from which the sync removes LinkedIn's manual match.
        link.delete()
    return True

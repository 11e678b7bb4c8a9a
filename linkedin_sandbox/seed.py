"""The sandbox's seeded world: the partner app, a few members, one organization with two Recruiter
contracts, and their seats. Enough for `make run` to walk the whole RSC flow with no set-up.

Run by the data migration (with its historical models) and by `manage.py seed_linkedin_sandbox`
(for databases that were flushed, e.g. after live-server tests). Running it again changes nothing.
"""

from linkedin_sandbox import seed_history, seed_members

PARTNER_CLIENT_ID = "attract-sandbox-partner"
PARTNER_CLIENT_SECRET = "attract-sandbox-partner-secret"

ORGANIZATION = {"org_id": 2414183, "name": "Contoso Demo"}

CONTRACTS = [
    {"contract_id": 500100, "name": "Contoso Demo Recruiter (Corporate)"},
    {"contract_id": 500200, "name": "Contoso Demo Recruiter (Campus)"},
]

MEMBERS = [
    {
        "person_id": "Ax7dQm2Pa1",
        "first_name": "Alex",
        "last_name": "Admin",
        "headline": "Talent Acquisition Lead at Contoso Demo",
        "email": "alex.admin@contoso-demo.example",
        "city": "Amsterdam",
        "country": "NL",
        "vanity_name": "alex-admin-demo",
        "current_company": "Contoso Demo",
        "current_title": "Talent Acquisition Lead",
    },
    {
        "person_id": "Rt4kLw9Re2",
        "first_name": "Rita",
        "last_name": "Recruiter",
        "headline": "Technical Recruiter at Contoso Demo",
        "email": "rita.recruiter@contoso-demo.example",
        "city": "Utrecht",
        "country": "NL",
        "vanity_name": "rita-recruiter-demo",
        "current_company": "Contoso Demo",
        "current_title": "Technical Recruiter",
    },
    {
        "person_id": "Cs2hNv6Ca3",
        "first_name": "Casey",
        "last_name": "Candidate",
        "headline": "Backend Engineer | Python, Django",
        "email": "casey.candidate@example.com",
        "city": "Rotterdam",
        "country": "NL",
        "vanity_name": "casey-candidate-demo",
        "current_company": "Fabrikam",
        "current_title": "Backend Engineer",
    },
]

# (person_id, contract_id, seat_id, is_admin)
SEATS = [
    ("Ax7dQm2Pa1", 500100, 9100001, True),
    ("Ax7dQm2Pa1", 500200, 9100002, True),
    ("Rt4kLw9Re2", 500100, 9100003, False),
]


def seed(apps=None):
    if apps is None:
        from django.apps import apps
    Application = apps.get_model("linkedin_sandbox", "Application")
    Member = apps.get_model("linkedin_sandbox", "Member")
    Organization = apps.get_model("linkedin_sandbox", "Organization")
    Contract = apps.get_model("linkedin_sandbox", "Contract")
    Seat = apps.get_model("linkedin_sandbox", "Seat")
    FaultControl = apps.get_model("linkedin_sandbox", "FaultControl")

    Application.objects.get_or_create(
        client_id=PARTNER_CLIENT_ID,
        defaults={
            "kind": "PARTNER",
            "client_secret": PARTNER_CLIENT_SECRET,
            "name": "Attract (ATS partner app)",
            "description": "The ATS vendor's partner application; it provisions one child app per customer.",
        },
    )
    organization, _ = Organization.objects.get_or_create(
        org_id=ORGANIZATION["org_id"], defaults={"name": ORGANIZATION["name"]}
    )
    contracts = {}
    for row in CONTRACTS:
        contracts[row["contract_id"]], _ = Contract.objects.get_or_create(
            contract_id=row["contract_id"], defaults={"name": row["name"], "organization": organization}
        )
    members = {}
    for row in MEMBERS:
        fields = {k: v for k, v in row.items() if k != "person_id"}
        members[row["person_id"]], _ = Member.objects.get_or_create(
            person_id=row["person_id"], defaults=fields
        )
    for person_id, contract_id, seat_id, is_admin in SEATS:
        Seat.objects.get_or_create(
            seat_id=seat_id,
            defaults={"member": members[person_id], "contract": contracts[contract_id], "is_admin": is_admin},
        )
    FaultControl.objects.get_or_create(pk=1)
    seed_members.seed(apps)
    seed_history.seed(apps)

"""The words of the demo data: jobs, people, companies, notes. Fictional, and plausible enough to demo."""

COMPANY = "Contoso Demo"

OFFER = (
    "<h3>What we offer</h3><p>A salary that matches the market, 28 days of paid holiday, a yearly learning "
    "budget, and a team that writes things down, reviews kindly and ships every week. We welcome "
    "applications from people of every background.</p>"
)


def description(intro: str, duties: list[str], wanted: list[str]) -> str:
    items = "".join(f"<li>{d}</li>" for d in duties)
    needs = "".join(f"<li>{w}</li>" for w in wanted)
    return (
        f"<p>{intro}</p><h3>What you will do</h3><ul>{items}</ul>"
        f"<h3>What you bring</h3><ul>{needs}</ul>{OFFER}"
    )


# key, title, location (city, region, country, postal code), workplace, employment, seniority,
# functions, industry, openings, visibility, status, salary (min, max, currency, period, public), text
JOBS = [
    {
        "key": "backend",
        "title": "Senior Backend Engineer (Python)",
        "place": ("Amsterdam", "North Holland", "NL", "1011 AB"),
        "workplace_type": "HYBRID",
        "employment_type": "FULL_TIME",
        "seniority": "MID_SENIOR_LEVEL",
        "job_functions": ["eng", "it"],
        "industry": 4,
        "openings": 2,
        "salary": (70000, 90000, "EUR", "YEARLY", True),
        "description": description(
            f"{COMPANY} builds the scheduling platform that 4,000 clinics use every day. Join the platform "
            "team and help us make it <strong>fast, reliable and pleasant to work on</strong>.",
            [
                "Design and run Django services backed by PostgreSQL and Redis",
                "Own features from the first sketch to production and on-call",
                "Review code and mentor two junior engineers",
            ],
            [
                "Five or more years of building web back ends, ideally in Python",
                "A habit of measuring before optimising",
                "Clear written English; Dutch is a plus, not a must",
            ],
        ),
    },
    {
        "key": "designer",
        "title": "Product Designer",
        "place": ("Berlin", "Berlin", "DE", "10115"),
        "workplace_type": "HYBRID",
        "employment_type": "FULL_TIME",
        "seniority": "ASSOCIATE",
        "job_functions": ["dsgn", "prdm"],
        "industry": 4,
        "salary": (55000, 68000, "EUR", "YEARLY", False),
        "description": description(
            "You will shape how receptionists and doctors plan their day, working in a trio with a product "
            "manager and an engineer, from research to pixel-perfect handover.",
            [
                "Run interviews and usability tests with clinic staff",
                "Turn findings into flows, prototypes and final designs in Figma",
                "Grow our design system together with the front-end team",
            ],
            [
                "A portfolio that shows your process, not only the results",
                "Experience designing data-heavy tools",
                "Comfort presenting your work to customers",
            ],
        ),
    },
    {
        "key": "analyst",
        "title": "Data Analyst",
        "place": ("Austin", "TX", "US", "78701"),
        "workplace_type": "ON_SITE",
        "employment_type": "FULL_TIME",
        "seniority": "ASSOCIATE",
        "job_functions": ["anls"],
        "industry": 96,
        "salary": (85000, 105000, "USD", "YEARLY", True),
        "description": description(
            "Our customers ask us which appointments get cancelled and why. Help them, and us, find the "
            "answers in a warehouse of two billion bookings.",
            [
                "Build dashboards and self-serve reports for customers and teams",
                "Write SQL that others can read, and review theirs",
                "Partner with product managers on experiments and their analysis",
            ],
            [
                "Two or more years of analytics work with SQL and one BI tool",
                "Statistics you can explain to a non-specialist",
                "Curiosity about how healthcare runs",
            ],
        ),
    },
    {
        "key": "success",
        "title": "Customer Success Manager",
        "place": ("Lyon", "Auvergne-Rhône-Alpes", "FR", "69002"),
        "workplace_type": "HYBRID",
        "employment_type": "FULL_TIME",
        "seniority": "MID_SENIOR_LEVEL",
        "job_functions": ["cust", "sale"],
        "industry": 4,
        "description": description(
            "Be the trusted partner of forty French clinic groups: get them live, keep them happy, and "
            "bring what they need back to our product teams.",
            [
                "Lead onboarding projects from contract to go-live",
                "Hold quarterly reviews with clinic directors",
                "Spot expansion opportunities together with sales",
            ],
            [
                "Three or more years in customer success or account management for software",
                "Fluent French and good English",
                "Calm under pressure and well organised",
            ],
        ),
    },
    {
        "key": "sre",
        "title": "Site Reliability Engineer",
        "place": ("London", "England", "GB", "EC2A 4NE"),
        "workplace_type": "REMOTE",
        "employment_type": "FULL_TIME",
        "seniority": "MID_SENIOR_LEVEL",
        "job_functions": ["eng", "it"],
        "industry": 4,
        "salary": (75000, 95000, "GBP", "YEARLY", True),
        "description": description(
            "Keep a platform that clinics rely on at 99.95% availability, and make the on-call rota "
            "something people do not dread.",
            [
                "Run our Kubernetes clusters and PostgreSQL fleet on two clouds",
                "Automate toil away with Terraform and small Go tools",
                "Lead incident reviews that end in real fixes",
            ],
            [
                "Production experience with Linux, networking and one major cloud",
                "Observability practice: metrics, logs, traces and good alerts",
                "A blameless, curious approach to failure",
            ],
        ),
    },
    {
        "key": "finance",
        "title": "Finance Controller",
        "place": ("Utrecht", "Utrecht", "NL", "3511 AB"),
        "workplace_type": "ON_SITE",
        "employment_type": "FULL_TIME",
        "seniority": "MID_SENIOR_LEVEL",
        "job_functions": ["fin", "acct"],
        "industry": 43,
        "visibility": "INTERNAL",
        "owner": "admin",
        "description": description(
            "An internal opening for colleagues first: take over the monthly close, the audit and the "
            "budgeting cycle of our Dutch and German entities.",
            [
                "Own the monthly and yearly close",
                "Prepare the audit file and be the auditors' contact",
                "Run the budget and forecast cycle with department heads",
            ],
            ["A degree in finance or accounting", "Experience with IFRS", "Exact or NetSuite"],
        ),
    },
    {
        "key": "intern",
        "title": "Marketing Intern",
        "place": ("Barcelona", "Catalonia", "ES", "08003"),
        "workplace_type": "ON_SITE",
        "employment_type": "INTERNSHIP",
        "seniority": "INTERNSHIP",
        "job_functions": ["mrkt"],
        "industry": 4,
        "status": "DRAFT",
        "description": description(
            "A six-month internship in our Barcelona marketing team, starting in September, for a student "
            "who wants to learn how software is marketed to healthcare.",
            [
                "Write posts and newsletters",
                "Help organise two customer events",
                "Report on campaign results",
            ],
            ["Studying marketing or communication", "Fluent Spanish and English", "A sense of humour"],
        ),
    },
    {
        "key": "writer",
        "title": "Technical Writer",
        "place": ("Toronto", "Ontario", "CA", "M5V 2T6"),
        "workplace_type": "REMOTE",
        "employment_type": "CONTRACT",
        "seniority": "ASSOCIATE",
        "job_functions": ["othr"],
        "industry": 4,
        "status": "CLOSED",
        "description": description(
            "A twelve-month contract to rewrite our API documentation and the administrator's guide, "
            "with engineers and support as your reviewers.",
            [
                "Restructure the API reference and its examples",
                "Write task-based guides for clinic administrators",
                "Set up docs-as-code checks in CI",
            ],
            ["A portfolio of developer documentation", "Comfort reading Python and JSON", "Plain English"],
        ),
    },
]

FIRST_NAMES = [
    "Aisha", "Alejandro", "Amara", "Anders", "Anika", "Bram", "Camille", "Chen", "Chiara", "Daniel",
    "Dmitri", "Elif", "Emma", "Fatima", "Felix", "Hana", "Ines", "Isaac", "Jonas", "Julia", "Kenji",
    "Lars", "Leila", "Lucas", "Maya", "Mateo", "Mei", "Nadia", "Noah", "Olga", "Omar", "Priya", "Rafael",
    "Sara", "Sofia", "Tariq", "Thomas", "Valentina", "Wei", "Yara", "Yusuf", "Zoe",
]  # fmt: skip

LAST_NAMES = [
    "Andersen", "Bakker", "Becker", "Costa", "Dubois", "Eriksson", "Fischer", "García", "Haddad", "Ivanova",
    "Jansen", "Kim", "Kowalski", "Laurent", "Lindqvist", "Martin", "Meyer", "Moreau", "Müller", "Nakamura",
    "Nguyen", "Novak", "O'Brien", "Okafor", "Patel", "Petrov", "Rossi", "Santos", "Schmidt", "Silva",
    "Singh", "Smit", "Tanaka", "Van Dijk", "Visser", "Wagner", "Wang", "Weber", "Yilmaz", "Zhang",
]  # fmt: skip

COMPANIES = [
    "Northwind Traders", "Fabrikam", "Tailspin Toys", "Wide World Importers", "Adventure Works", "Litware",
    "Proseware", "Woodgrove Bank", "Fourth Coffee", "Alpine Ski House", "Blue Yonder Airlines",
    "Coho Winery", "Lucerne Publishing", "Trey Research", "Humongous Insurance", "VanArsdel", "Relecloud",
    "Contoso Pharmaceuticals", "Bellows College", "Wingtip Toys",
]  # fmt: skip

TITLES = [
    "Software Engineer", "Senior Software Engineer", "Backend Developer", "UX Designer", "Product Designer",
    "Data Analyst", "BI Developer", "Account Manager", "Customer Success Manager", "DevOps Engineer",
    "Systems Administrator", "Financial Analyst", "Marketing Coordinator", "Technical Writer",
    "Engineering Manager", "QA Engineer",
]  # fmt: skip

CITIES = [
    ("Amsterdam", "North Holland", "NL"), ("Rotterdam", "South Holland", "NL"), ("Utrecht", "Utrecht", "NL"),
    ("Berlin", "Berlin", "DE"), ("Hamburg", "Hamburg", "DE"), ("Munich", "Bavaria", "DE"),
    ("Lyon", "Auvergne-Rhône-Alpes", "FR"), ("Paris", "Île-de-France", "FR"), ("London", "England", "GB"),
    ("Manchester", "England", "GB"), ("Austin", "TX", "US"), ("Denver", "CO", "US"),
    ("Barcelona", "Catalonia", "ES"), ("Toronto", "Ontario", "CA"), ("Lisbon", "Lisbon", "PT"),
]  # fmt: skip

NOTES = [
    "Phone screen went well: clear about why they want to move, notice period one month.",
    "Salary expectation is at the top of the range; worth discussing the full package.",
    "Referred by a colleague on the platform team.",
    "Asked for a later interview slot because of their current project deadline.",
    "Strong portfolio; the case study on onboarding flows is especially good.",
    "Relocation needed; checked that we can support the visa.",
    "Prefers hybrid with two office days a week.",
    "Sent the take-home assignment; due back on Friday.",
    "Good questions about our on-call rota and incident reviews.",
    "Also interviewing elsewhere; let us keep the process quick.",
]

FEEDBACK = [
    (5, "STRONG_YES", "Excellent structured thinking; explained trade-offs without being asked."),
    (4, "YES", "Solid fundamentals and pleasant to work with. Some gaps in testing practice."),
    (4, "YES", "Good communication, knows the domain. Would fit the team well."),
    (3, "NO", "Capable, but the design exercise stayed at the surface."),
    (2, "STRONG_NO", "Could not explain their own past project in any depth."),
]

POOLS = [
    (
        "Silver medalists",
        "Strong candidates who narrowly missed an offer. Call them first for the next opening.",
    ),
    ("Future engineering leads", "People with leadership potential we want to stay in touch with."),
]

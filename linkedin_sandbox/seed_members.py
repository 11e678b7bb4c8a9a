"""The sandbox's people for 1-click export: LinkedIn members to find in Recruiter's People search and
export (names from many languages, headlines, places, employers, profile URLs, a few with an email,
two who are already demo candidates in Attract), and the Recruiter seat holders the demo users sign in
as when they connect their LinkedIn account under Attract's Settings.

Called by seed.seed() and by this app's data migration; running it again changes nothing.
"""

import hashlib

# (first name, last name, headline, city, country, current company, email)
PEOPLE = [
    ("Amara", "Okafor", "Site Reliability Engineer | Kubernetes, Go", "Lagos", "NG", "Paystack", ""),
    ("Chidi", "Eze", "Data Engineer at Flutterwave", "Abuja", "NG", "Flutterwave", ""),
    (
        "Wanjiru",
        "Kamau",
        "Product Manager, Payments",
        "Nairobi",
        "KE",
        "Safaricom",
        "wanjiru.kamau@example.com",
    ),
    ("Thabo", "Nkosi", "Senior Backend Engineer (Python)", "Johannesburg", "ZA", "Takealot", ""),
    ("Yuki", "Tanaka", "Frontend Engineer · React, TypeScript", "Tokyo", "JP", "Mercari", ""),
    ("Haruto", "Sato", "Machine Learning Engineer", "Osaka", "JP", "Preferred Networks", ""),
    ("Ji-woo", "Park", "UX Designer at Kakao", "Seoul", "KR", "Kakao", ""),
    ("Min-jun", "Kim", "Mobile Engineer (iOS, Swift)", "Busan", "KR", "Naver", ""),
    ("Wei", "Zhang", "Staff Software Engineer, Distributed Systems", "Singapore", "SG", "Grab", ""),
    ("Li", "Na", "Quantitative Analyst", "Hong Kong", "HK", "HSBC", ""),
    ("Priya", "Raman", "Engineering Manager | Building platform teams", "Bengaluru", "IN", "Flipkart", ""),
    ("Arjun", "Mehta", "DevOps Engineer · AWS, Terraform", "Pune", "IN", "Thoughtworks", ""),
    ("Ananya", "Iyer", "Data Scientist, NLP", "Chennai", "IN", "Freshworks", "ananya.iyer@example.com"),
    ("Rahul", "Verma", "Full-stack Developer (Django, Vue)", "Hyderabad", "IN", "Zoho", ""),
    ("Fatima", "Al-Sayed", "Cloud Architect", "Dubai", "AE", "Careem", ""),
    ("Omar", "Haddad", "Security Engineer · AppSec", "Amman", "JO", "Aramex", ""),
    ("Leila", "Karimi", "Product Designer", "Berlin", "DE", "N26", ""),
    ("Mehmet", "Yılmaz", "Backend Developer (Java, Kotlin)", "Istanbul", "TR", "Trendyol", ""),
    ("Elif", "Demir", "QA Automation Engineer", "Ankara", "TR", "Getir", ""),
    ("Noa", "Levi", "Head of Data", "Tel Aviv", "IL", "Wix", ""),
    ("Björn", "Lindqvist", "Senior SRE", "Stockholm", "SE", "Spotify", ""),
    ("Ingrid", "Johansen", "Tech Lead, Payments", "Oslo", "NO", "Vipps", ""),
    ("Mikko", "Virtanen", "Embedded Software Engineer", "Helsinki", "FI", "Nokia", ""),
    ("Sigrid", "Møller", "Data Analyst", "Copenhagen", "DK", "Novo Nordisk", ""),
    ("Lukas", "Schneider", "Backend Engineer · Go, PostgreSQL", "Munich", "DE", "Celonis", ""),
    ("Anna", "Müller", "Recruiting Operations Lead", "Hamburg", "DE", "Otto Group", ""),
    ("Jan", "de Vries", "Python Developer", "Utrecht", "NL", "Bol.com", ""),
    ("Sanne", "Bakker", "Scrum Master & Agile Coach", "Eindhoven", "NL", "ASML", ""),
    ("Camille", "Dubois", "Data Engineer · Spark, Airflow", "Lyon", "FR", "Doctolib", ""),
    ("Théo", "Lefèvre", "Développeur Full-stack", "Paris", "FR", "BlaBlaCar", ""),
    ("Giulia", "Romano", "Product Owner", "Milan", "IT", "Satispay", ""),
    ("Matteo", "Bianchi", "Site Reliability Engineer", "Turin", "IT", "Bending Spoons", ""),
    ("Lucía", "García", "Frontend Developer (Angular)", "Madrid", "ES", "Cabify", ""),
    ("Javier", "Fernández", "Machine Learning Researcher", "Barcelona", "ES", "Glovo", ""),
    ("Inês", "Costa", "Software Engineer II", "Lisbon", "PT", "Feedzai", ""),
    ("Tomasz", "Kowalski", "Senior Java Developer", "Kraków", "PL", "Allegro", ""),
    ("Zofia", "Nowak", "Test Engineer", "Warsaw", "PL", "CD Projekt", ""),
    ("Petr", "Novák", "Platform Engineer", "Prague", "CZ", "Avast", ""),
    ("Olena", "Shevchenko", "Backend Engineer (Node.js)", "Kyiv", "UA", "Grammarly", ""),
    ("Dmitri", "Volkov", "Data Platform Engineer", "Tallinn", "EE", "Bolt", ""),
    (
        "Siobhán",
        "O'Connor",
        "Customer Success Manager",
        "Dublin",
        "IE",
        "Intercom",
        "siobhan.oconnor@example.com",
    ),
    ("Oliver", "Smith", "Technical Recruiter turned Engineer", "Manchester", "GB", "Booking.com", ""),
    ("Aaliyah", "Johnson", "Senior Product Manager", "Atlanta", "US", "Mailchimp", ""),
    ("Diego", "Hernández", "Android Engineer", "Mexico City", "MX", "Kavak", ""),
    ("Valentina", "Rossi", "UX Researcher", "Buenos Aires", "AR", "Mercado Libre", ""),
    ("João", "Silva", "Software Architect", "São Paulo", "BR", "Nubank", ""),
    ("Mariana", "Souza", "Data Scientist", "Recife", "BR", "iFood", ""),
    ("Ngozi", "Adeyemi", "Finance Business Partner", "London", "GB", "Monzo", ""),
    ("Kwame", "Mensah", "Solutions Engineer", "Accra", "GH", "MTN", ""),
    ("Aroha", "Ngata", "Product Analyst", "Auckland", "NZ", "Xero", ""),
    ("Liam", "O'Brien", "Cloud Engineer · Azure", "Sydney", "AU", "Atlassian", ""),
    ("Nguyen", "Thi Lan", "Backend Engineer", "Ho Chi Minh City", "VN", "VNG", ""),
    ("Siti", "Rahmawati", "Data Analyst", "Jakarta", "ID", "Gojek", ""),
    ("Kiran", "Thapa", "DevSecOps Engineer", "Kathmandu", "NP", "Leapfrog", ""),
    ("Ravi", "Perera", "QA Lead", "Colombo", "LK", "WSO2", ""),
    # Already demo candidates in Attract: matched by profile URL (Felix) and by email (Kenji).
    ("Felix", "Novak", "Software Engineer at Coho Winery", "Amsterdam", "NL", "Coho Winery", ""),
    ("Kenji", "Meyer", "Marketing Coordinator", "Denver", "US", "Proseware", "kenji.meyer@example.com"),
]
# Vanity names that are not the name's slug: the demo candidate's stored profile URL.
VANITY = {("Felix", "Novak"): "demo-felix-novak"}

# The people the demo users are on LinkedIn, with their Recruiter seats: (person_id, first, last,
# headline, [(contract_id, seat_id, is_admin)]). Rita Recruiter and Alex Admin are seed.py's own.
SEAT_HOLDERS = [
    ("Hg5mNr3Hm4", "Hugo", "Manager", "Engineering Manager at Contoso Demo", [(500100, 9100004, False)]),
    ("Ad8aMn4Ad5", "Ada", "Admin", "People Operations Director at Contoso Demo", [(500100, 9100005, True)]),
    ("Pr2sCt6Ps6", "Priya", "Sourcer", "Talent Sourcer at Contoso Demo", [(500100, 9100006, False)]),
    ("Jw9kBn1Jw7", "Jonas", "Weber", "Campus Recruiter at Contoso Demo", [(500200, 9100007, False)]),
]
COMPANY = "Contoso Demo"


def person_id(first: str, last: str) -> str:
    """A stable 10-character id per name, like LinkedIn's opaque person ids."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    number = int(hashlib.sha256(f"{first} {last}".encode()).hexdigest(), 16)
    chars = []
    for _ in range(10):
        number, rest = divmod(number, len(alphabet))
        chars.append(alphabet[rest])
    return "".join(chars)


def vanity_name(first: str, last: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", f"{first} {last}").encode("ascii", "ignore").decode().lower()
    slug = "".join(ch if ch.isalnum() else "-" for ch in plain)
    return "-".join(part for part in slug.split("-") if part)


def member_rows() -> list[dict]:
    rows = []
    for first, last, headline, city, country, company, email in PEOPLE:
        title = headline.split(" at ")[0].split(" · ")[0].split(" | ")[0]
        rows.append(
            {
                "person_id": person_id(first, last),
                "first_name": first,
                "last_name": last,
                "headline": headline,
                "email": email,
                "city": city,
                "country": country,
                "vanity_name": VANITY.get((first, last), vanity_name(first, last)),
                "current_company": company,
                "current_title": title,
            }
        )
    return rows


def seed(apps) -> None:
    Member = apps.get_model("linkedin_sandbox", "Member")
    Contract = apps.get_model("linkedin_sandbox", "Contract")
    Seat = apps.get_model("linkedin_sandbox", "Seat")
    for row in member_rows():
        fields = {key: value for key, value in row.items() if key != "person_id"}
        Member.objects.get_or_create(person_id=row["person_id"], defaults=fields)
    contracts = {contract.contract_id: contract for contract in Contract.objects.all()}
    for pid, first, last, headline, seats in SEAT_HOLDERS:
        member, _ = Member.objects.get_or_create(
            person_id=pid,
            defaults={
                "first_name": first,
                "last_name": last,
                "headline": headline,
                "city": "Amsterdam",
                "country": "NL",
                "vanity_name": vanity_name(first, last) + "-demo",
                "current_company": COMPANY,
                "current_title": headline.split(" at ")[0],
            },
        )
        for contract_id, seat_id, is_admin in seats:
            if contract_id in contracts:
                Seat.objects.get_or_create(
                    seat_id=seat_id,
                    defaults={"member": member, "contract": contracts[contract_id], "is_admin": is_admin},
                )

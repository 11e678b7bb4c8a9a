"""factory_boy factories for every core row. Personas (users with roles) are fixtures in conftest."""

import factory
from django.contrib.auth.models import Group

from attract.models import User
from candidates.models import (
    Application,
    Candidate,
    InterviewFeedback,
    Note,
    StageChange,
    TalentPool,
    TalentPoolMember,
)
from jobs.models import Job, JobRole, Stage, StageKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pass-word-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


DEFAULT_STAGES = [
    ("Prospect", StageKind.PROSPECT),
    ("Application", StageKind.APPLICATION),
    ("Screen", StageKind.CUSTOM),
    ("Interview", StageKind.CUSTOM),
    ("Offer", StageKind.OFFER),
]

DESCRIPTION = (
    "<p>We are looking for an engineer who enjoys <strong>building reliable systems</strong> and "
    "working closely with recruiters and hiring managers.</p><ul><li>Design services</li>"
    "<li>Review code</li><li>Mentor colleagues</li></ul>"
)


class JobFactory(factory.django.DjangoModelFactory):
    """A job with the default process. Pass status="ACTIVE" for an active job."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"J-{900000 + n:06d}")
    title = factory.Sequence(lambda n: f"Software Engineer {n}")
    description = DESCRIPTION
    city = "Amsterdam"
    region = "North Holland"
    country = "NL"
    postal_code = "1011"
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if not create:
            return
        specs = extracted if extracted is not None else DEFAULT_STAGES
        Stage.objects.bulk_create(
            Stage(job=self, name=name, kind=kind, position=i) for i, (name, kind) in enumerate(specs)
        )


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole

    job = factory.SubFactory(JobFactory)
    user = factory.SubFactory(UserFactory)
    role = JobRole.Role.RECRUITER


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")
    current_company = "Initech"
    current_title = "Developer"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application in the job's Application stage unless a stage is given."""

    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    job = factory.SubFactory(JobFactory, status="ACTIVE")
    stage = factory.LazyAttribute(lambda a: a.job.stages.get(kind=StageKind.APPLICATION))


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    application = factory.SubFactory(ApplicationFactory)
    kind = StageChange.Kind.CREATED
    to_stage = factory.LazyAttribute(lambda c: c.application.stage)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    candidate = factory.SubFactory(CandidateFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("sentence")


class InterviewFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewFeedback

    application = factory.SubFactory(ApplicationFactory)
    interviewer = factory.SubFactory(UserFactory)
    rating = 4
    recommendation = InterviewFeedback.Recommendation.YES
    comments = "Solid answers."


class TalentPoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentPool

    name = factory.Sequence(lambda n: f"Pool {n}")


class TalentPoolMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentPoolMember

    pool = factory.SubFactory(TalentPoolFactory)
    candidate = factory.SubFactory(CandidateFactory)

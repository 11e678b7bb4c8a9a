"""A .docx resume is a zip archive: one that would inflate far past any real document (a zip bomb), or
holds more entries than any Word file, is refused from its directory alone, without inflating it."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.career import DOCX_MAX_ENTRIES, DOCX_MAX_INFLATED_BYTES
from candidates.models import Application, Candidate
from jobs.models import Job

pytestmark = pytest.mark.django_db

GIB = 1024**3
NOT_WORD = "This file is not a Word (.docx) document."


def _declare_size(archive: bytes, name: bytes, size: int) -> bytes:
    """Write `size` as the uncompressed size of entry `name` in its local header and the central
    directory, as a crafted archive does: the content itself stays small."""
    data = bytearray(archive)
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_length]) == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def bomb() -> bytes:
    """About 1 MB on disk whose word/document.xml declares 1 GiB, as the reviewer's file did."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"\0" * (8 * 1024 * 1024))
    return _declare_size(buffer.getvalue(), b"word/document.xml", GIB)


def many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(count):
            archive.writestr(f"word/media/{n}.xml", "")
    return buffer.getvalue()


def real_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", "<w:document>" + "<w:p>Compilers, COBOL.</w:p>" * 2000 + "</w:document>"
        )
        archive.writestr("word/media/photo.png", bytes(range(256)) * 400)
    return buffer.getvalue()


@pytest.fixture
def open_job(active_job):
    assert active_job.visibility == Job.Visibility.PUBLIC
    return active_job


def apply(client, job, content):
    return client.post(
        reverse("career_apply:apply", args=[job.code]),
        {
            "first_name": "Zip",
            "last_name": "Bomb",
            "email": "zip@example.org",
            "resume": SimpleUploadedFile("cv.docx", content, content_type="application/octet-stream"),
        },
    )


def test_a_docx_declaring_a_gibibyte_is_refused_without_inflating_and_nothing_written(
    client, open_job, monkeypatch
):
    content = bomb()
    assert len(content) < 2 * 1024 * 1024
    # Reading any entry's content would inflate it: the check must not.
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("the archive was inflated"))

    response = apply(client, open_job, content)

    assert response.status_code == 200
    assert NOT_WORD in response.content.decode()
    assert not Candidate.objects.exists() and not Application.objects.exists()


def test_a_docx_with_more_entries_than_any_word_file_is_refused(client, open_job):
    response = apply(client, open_job, many_entries(DOCX_MAX_ENTRIES + 1))

    assert NOT_WORD in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_docx_inflating_past_the_limit_in_total_is_refused(client, open_job):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(3):
            archive.writestr(f"word/media/{n}.bin", b"x")
    content = buffer.getvalue()
    for n in range(3):
        content = _declare_size(content, f"word/media/{n}.bin".encode(), DOCX_MAX_INFLATED_BYTES // 2)

    response = apply(client, open_job, content)

    assert NOT_WORD in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_real_word_document_with_a_picture_is_still_accepted(client, open_job):
    response = apply(client, open_job, real_docx())

    assert response.status_code == 302
    assert Application.objects.get().resume.name.endswith(".docx")

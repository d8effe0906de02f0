"""Where private files live: a folder by default (and in every other test), a private S3 bucket when set."""

import pytest
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from submissions.storage import private_storage


def test_private_files_live_in_a_folder_by_default(private_media):
    storage = private_storage()

    assert isinstance(storage, FileSystemStorage)
    assert storage.location == str(private_media)


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "loket-test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "loket-test-secret")
    settings.LOKET_PRIVATE_STORAGE = "s3"
    settings.LOKET_PRIVATE_S3 = {
        **settings.LOKET_PRIVATE_S3,
        "bucket_name": "loket-ontvangstbevestigingen",
        "endpoint_url": "https://objecten.voorbeeld.nl",
        "region_name": "eu-west-1",
    }


def test_with_s3_private_files_go_to_a_private_bucket(s3):
    storage = private_storage()

    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "loket-ontvangstbevestigingen"
    assert storage.default_acl == "private"
    assert storage.file_overwrite is False
    assert storage.object_parameters == {"ServerSideEncryption": "AES256"}


def test_an_s3_address_works_only_signed_and_for_a_while(s3):
    """Computed locally by botocore: no request leaves the machine."""
    url = private_storage().url("receipts/2026/02/BZW-2026-7KX9QD.pdf")

    assert url.startswith("https://objecten.voorbeeld.nl/loket-ontvangstbevestigingen/private/receipts/2026/02/")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=" in url

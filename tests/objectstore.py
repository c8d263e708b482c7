"""A real S3-compatible server for tests: moto's, on a free 127.0.0.1 port, with one bucket.

Spoken to over HTTP by boto3 (django-storages) exactly as a production object store would be;
stopped when the test ends.
"""

import socket
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import boto3
from moto.server import ThreadedMotoServer

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


@dataclass
class ObjectStore:
    endpoint: str
    bucket: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def is_public(self, key: str) -> bool:
        grants = self.client().get_object_acl(Bucket=self.bucket, Key=key)["Grants"]
        return any(g["Grantee"].get("URI", "").endswith("/AllUsers") for g in grants)

    def storage_options(self) -> dict:
        """settings.STORAGES["default"] as STORAGE_BACKEND=s3 builds it."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "location": "",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }

    def environment(self) -> dict:
        """The same configuration as environment variables, for a server process."""
        return {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_object_store():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        store = ObjectStore(
            endpoint=f"http://127.0.0.1:{port}", bucket=f"spravka-{uuid.uuid4().hex[:8]}"
        )
        store.client().create_bucket(Bucket=store.bucket)
        yield store
    finally:
        server.stop()

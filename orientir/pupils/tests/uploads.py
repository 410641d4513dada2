"""A pupil file uploaded as a coordinator does it: checked, then, when the preview shows no error, confirmed."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def upload_pupils(client, data: bytes, name: str = "p.xlsx"):
    """The response of the check when it refuses the file, else the response of «Загрузить»."""
    url = reverse("pupils:pupil_import")
    checked = client.post(url, {"file": SimpleUploadedFile(name, data)})
    if checked.status_code != 200 or not checked.context.get("preview"):
        return checked
    return client.post(url, {"token": checked.context["token"]})

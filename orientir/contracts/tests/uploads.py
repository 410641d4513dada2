"""A contract file uploaded as the committee does it: checked, then, when the preview shows no error, confirmed."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def book_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def check_contracts(client, data: bytes, name: str = "contracts.xlsx"):
    return client.post(reverse("contracts:contract_import"), {"file": SimpleUploadedFile(name, data)})


def upload_contracts(client, data: bytes, name: str = "contracts.xlsx"):
    """The response of the check when it refuses the file, else the response of «Загрузить»."""
    checked = check_contracts(client, data, name)
    if checked.status_code != 200 or not checked.context.get("preview"):
        return checked
    return client.post(reverse("contracts:contract_import"), {"token": checked.context["token"]})

"""The paths a resource's pages stand at, written once: its list, Excel export, new, card, edit and delete.

Every register of the system puts these pages at the same places under its prefix and names them
`<name>_list`, `<name>_export`, `<name>_create`, … — the permission matrices and the templates rely on the names.
A page that stands elsewhere or has another name is written with `path()` beside the call, as before.
"""

from django.urls import path

# page → where it stands under the resource's prefix (the URL name is `<name>_<page>`)
PAGES = {"list": "", "export": "export/", "create": "new/", "detail": "<int:pk>/", "edit": "<int:pk>/edit/",
         "delete": "<int:pk>/delete/"}


def resource(prefix: str, name: str, **views) -> list:
    """The `path()`s of the pages given, in the order of PAGES:
    `*resource("classes/", "class", list=views.class_list, create=views.class_edit, edit=views.class_edit)`."""
    unknown = set(views) - set(PAGES)
    if unknown:
        raise TypeError(f"resource(): no such page {', '.join(sorted(unknown))}; pages are {', '.join(PAGES)}")
    return [path(prefix + tail, views[page], name=f"{name}_{page}") for page, tail in PAGES.items() if page in views]

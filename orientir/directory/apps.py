from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "orientir.directory"
    label = "directory"
    verbose_name = "Справочники"

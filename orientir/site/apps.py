from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The pages and commands of the whole system rather than of one app: the home page, the demo city (load_demo),
    the daily purge of kept files (purge_uploads). It sits on top of every app and asks them through core's
    registries (decision 61)."""

    name = "orientir.site"
    label = "site"
    verbose_name = "Система целиком"

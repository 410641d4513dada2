"""URLs of the targeted database, route sheets and their monitoring (plan items 2.8.1–2.8.5)."""

urlpatterns: list = []

"""URLs of profile classes, motivated pupils and tutoring (plan items 2.1–2.3)."""

urlpatterns: list = []

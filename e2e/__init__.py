"""End-to-end tests: the main journeys of DOMAIN.md's people in a real headless Chromium."""

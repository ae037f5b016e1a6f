"""Accessibility auditing: headless Chromium with axe-core, shared by the test suite and
the `dostop audit` command (one implementation)."""

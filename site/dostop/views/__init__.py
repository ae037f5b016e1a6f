"""Views: one module per group of pages; `base.render` is the one way a page is rendered."""

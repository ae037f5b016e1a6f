"""The HTTP layer: pure ASGI middleware around the router, outermost first as app.py stacks it.

access_log (request id, one JSON line per request), context (locale and preferences into the
request's state), cache (public pages replayed from page_store), security (headers on every
response), language_choice (the saved language on `/`); origin is the cross-site rule the
forms ask. Views never see the middleware: they read `request.state`.
"""

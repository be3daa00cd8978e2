"""The web application that `clex serve` starts: the same library and store as `clex`.

Why a package of its own: cluster managers, auditors and association staff work in
browsers; the page adds people (users and roles, `web.users`, `web.access`) and a way
to reach the library's results without a terminal, and no rule of its own. It imports
every package but `clex` (which starts it). FastAPI routes, Jinja2 templates with
autoescape (as the reports), htmx vendored under `static/` (no CDN, no build step);
every page reads without JavaScript.
"""

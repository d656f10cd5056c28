"""The interactive API docs, Swagger UI at `/docs` and ReDoc at `/redoc`, served offline.

FastAPI's own docs pages load their scripts from a CDN: without internet (an
air-gapped network, a train) they stay blank, and their Content-Security-Policy
has to trust a third-party origin. These pages load the same scripts from the
files the `fastapi-offline` package ships, served under `/docs/assets`, and
start Swagger UI from a script of the app's own rather than an inline one: no
request leaves the machine, and the pages' policy names only the app's origin
(`middleware/security_headers.py`).

`APP__API_DOCS` decides whether they and `/openapi.json` are served; by
default everywhere but in production.

Swagger UI's "Authorize" button signs in through the OAuth2 password flow
(`POST /api/v1/auth/token`), so no OAuth2 redirect page is served.
"""

from html import escape

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

OPENAPI_PATH = "/openapi.json"
SWAGGER_UI_PATH = "/docs"
REDOC_PATH = "/redoc"
ASSETS_PATH = "/docs/assets"
SWAGGER_INIT_PATH = "/docs/swagger-init.js"
#: The pages that run scripts, and so get the docs' security policy.
DOCS_PAGES = (SWAGGER_UI_PATH, REDOC_PATH)
#: Everything this module serves, none of it part of the API (or its OpenAPI document).
DOCS_PATHS = (*DOCS_PAGES, ASSETS_PATH, SWAGGER_INIT_PATH)

# Starts Swagger UI on the document named by the <script> tag that loads it.
SWAGGER_INIT = """\
const settings = document.currentScript.dataset;
window.ui = SwaggerUIBundle({
  url: settings.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""


def install_docs(app: FastAPI) -> None:
    """Serve the docs pages and their assets; build `app` with `docs_url=redoc_url=None`.

    Plain Starlette routes, as FastAPI's own docs pages are: they are no part
    of the API, so neither its OpenAPI document nor its conventions see them.
    """

    async def swagger_init(_request: Request) -> Response:
        return Response(SWAGGER_INIT, media_type="text/javascript")

    async def swagger_ui(request: Request) -> Response:
        return HTMLResponse(swagger_ui_page(app, request.scope.get("root_path", "")))

    async def redoc(request: Request) -> Response:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            with_google_fonts=False,
        )

    app.add_route(SWAGGER_INIT_PATH, swagger_init, include_in_schema=False)
    app.add_route(SWAGGER_UI_PATH, swagger_ui, include_in_schema=False)
    app.add_route(REDOC_PATH, redoc, include_in_schema=False)
    app.mount(
        ASSETS_PATH,
        StaticFiles(packages=[("fastapi_offline", "static")]),
        name="docs-assets",
    )


def swagger_ui_page(app: FastAPI, root: str) -> str:
    """Return the Swagger UI page: the bundle, then the app's own start-up script."""
    assets = f"{root}{ASSETS_PATH}"
    title = escape(f"{app.title} - Swagger UI")
    openapi_url = escape(f"{root}{app.openapi_url}")
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon.png">
<title>{title}</title>
</head>
<body>
<div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{root}{SWAGGER_INIT_PATH}" data-openapi-url="{openapi_url}"></script>
</body>
</html>
"""

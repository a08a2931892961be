"""One module per page area, each with a `router`; app.ROUTE_MODULES lists them."""

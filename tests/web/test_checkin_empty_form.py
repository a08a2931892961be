"""Bad input gets a clear error: a check-in form sent with no fields at all (found by the clinic
server's authorization matrix, which posts an empty form to every route)."""

from __future__ import annotations


def test_an_empty_checkin_form_is_a_form_error_not_a_crash(app_url, post) -> None:
    from fastapi.testclient import TestClient

    from stepdown.web.app import create_app

    app = create_app(app_url)
    with TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False) as client:
        client.get("/static/app.css")
        r = post(client, "/checkin", {})
    app.state.engine.dispose()
    assert r.status_code == 400
    assert "Something went wrong" not in r.text

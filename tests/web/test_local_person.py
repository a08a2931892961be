"""Issue 10 item 4: the local person is pinned; after "Delete all my data" the app starts afresh and
never becomes another person stored in the same database."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import insert
from test_pages import intake_form

from stepdown.services import person as people_service
from stepdown.storage.models import Person
from stepdown.web.app import create_app


def test_after_deleting_my_data_the_app_never_becomes_another_person(client, post, app_url) -> None:
    r = post(client, "/start", {**intake_form(), "action": "confirm", "understood": "yes"})
    assert r.status_code == 303
    engine = client.app.state.engine
    me = client.app.state.person
    other = people_service.create_person(engine, pseudonym="someone else")
    people_service.set_setting(engine, other.id, "bedtime", "22:00")

    assert post(client, "/settings/delete", {"confirm": "DELETE"}).status_code == 303
    client.get("/")
    after = client.app.state.person
    assert after.id not in (me.id, other.id)
    # The CLI and a restarted server find the same new person, and the other one is untouched.
    assert people_service.get_or_create_local_person(engine).id == after.id
    again = create_app(app_url)
    try:
        assert people_service.get_or_create_local_person(again.state.engine).id == after.id
    finally:
        again.state.engine.dispose()
    assert people_service.get_settings(engine, other.id)["bedtime"] == "22:00"


def test_a_database_holding_only_someone_else_gets_its_own_local_person(tmp_path) -> None:
    from stepdown.storage.db import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(engine)
    other = people_service.create_person(engine, pseudonym="someone else")
    me = people_service.get_or_create_local_person(engine)
    assert me.id != other.id
    assert people_service.get_or_create_local_person(engine).id == me.id
    engine.dispose()


def test_a_database_from_before_the_pin_keeps_its_person(tmp_path) -> None:
    from datetime import datetime

    from stepdown.storage.db import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(engine)
    with engine.begin() as conn:  # written by an older stepdown: no pin stored
        conn.execute(
            insert(Person).values(
                id=7, pseudonym="me", timezone="UTC", created_at=datetime(2026, 1, 1, tzinfo=UTC)
            )
        )
    assert people_service.get_or_create_local_person(engine).id == 7
    assert people_service.get_or_create_local_person(engine).id == 7
    engine.dispose()

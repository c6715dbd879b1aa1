import pytest


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process even when a broker is configured."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before

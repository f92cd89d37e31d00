"""WSGI entry for production: `gunicorn -k gevent --worker-connections 2000 antrian.wsgi:app`.

Run `antrian db upgrade` once before starting the workers; several processes share events
through Redis when REDIS_URL is set.
"""

from antrian.app import create_app, start_background

app = create_app({"async_mode": "gevent"})
start_background(app)

"""The ceiling: a bare Flask app under the same gunicorn settings as landing."""

from flask import Flask

app = Flask(__name__)


@app.route("/<name>")
def hello(name: str):
    return f"Hello {name}"

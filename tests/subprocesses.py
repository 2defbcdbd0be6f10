import os


def child_env(**env) -> dict[str, str]:
    """A child process's environment: nothing of ours but PATH and `env`, and
    coverage's own variables, so that `make test` measures the child too
    (patch = ["subprocess"] in pyproject.toml)."""
    measured = {name: value for name, value in os.environ.items() if name.startswith("COVERAGE_")}
    return {"PATH": os.environ["PATH"], **measured, **env}


# gunicorn's workers fork from a process that has loaded the app, instead of
# each importing Django and Wagtail again (seconds each under coverage).
# Importing cms.wsgi opens no database connection for the workers to share.
GUNICORN_PRELOAD = "--preload"

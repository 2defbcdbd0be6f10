import os


def child_env(**env) -> dict[str, str]:
    """A child process's environment: nothing of ours but PATH and `env`, and
    coverage's own variables, so that `make test` measures the child too
    (patch = ["subprocess"] in pyproject.toml)."""
    measured = {name: value for name, value in os.environ.items() if name.startswith("COVERAGE_")}
    return {"PATH": os.environ["PATH"], **measured, **env}

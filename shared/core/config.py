"""Configuration from environment variables, over an optional TOML file, over defaults.

`ANTRIAN_CONFIG=/etc/antrian.toml` names the file; its keys are the variable names in lower
case (`database_url = "..."`). The environment always wins, so a container can override a file.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_INSTANCE = Path.cwd() / "instance"


@dataclass(frozen=True)
class Settings:
    instance_path: str = str(DEFAULT_INSTANCE)
    database_url: str = ""  # empty: SQLite file in the instance folder
    redis_url: str = ""  # empty: one process, no message queue
    redis_channel: str = "antrian"  # the pub/sub channel the processes of one site share
    secret_key: str = ""  # empty: generated once and kept in the instance folder
    public_url: str = ""  # empty: taken from each request's host
    # How many reverse proxies stand in front (0: none). Their X-Forwarded-For/-Proto/-Host
    # are trusted, so the client's address and HTTPS are seen as they really are.
    proxy_count: str = "0"
    async_mode: str = "threading"
    log_level: str = "INFO"
    print_spooler: bool = True  # print from this server; off when print agents do it
    demo_seed: bool = True  # seed the demo office on first run
    # `antrian serve` drops a connection that sends nothing for this long (half-sent requests)
    read_timeout_s: float = 30.0
    # E-mail of online requests' answers (SOP 000), through an SMTP server; empty host: no
    # mail is sent, the answers wait in the outbox (admin's "E-mail" page) until one is set.
    smtp_host: str = ""
    smtp_port: str = ""  # empty: 587 for starttls, 465 for ssl, 25 for none
    smtp_security: str = "starttls"  # starttls, ssl (implicit TLS) or none (a local relay)
    smtp_user: str = ""  # empty: no login
    smtp_password: str = ""
    smtp_from: str = ""  # the From address; empty: antrian@ the SMTP host
    smtp_timeout_s: float = 20.0
    mail_interval_s: float = 30.0  # how often the outbox is looked at for messages due
    # How often the watcher looks for running SOP steps past their standard (docs/standards.md);
    # one process of the deployment does it per period. 0: no watcher in this deployment.
    sla_watch_s: float = 1.0

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path(self.instance_path) / 'antrian.db'}"


_BOOLS = {"1": True, "true": True, "yes": True, "on": True,
          "0": False, "false": False, "no": False, "off": False}


def _coerce(name: str, value, target_type):
    if target_type is bool or target_type == "bool":
        if isinstance(value, bool):
            return value
        try:
            return _BOOLS[str(value).strip().lower()]
        except KeyError:
            raise ValueError(f"{name}: expected true/false, got {value!r}") from None
    if target_type is float or target_type == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: expected a number, got {value!r}") from None
    return str(value)


def load(overrides: dict | None = None, environ: dict | None = None) -> Settings:
    env = os.environ if environ is None else environ
    values: dict = {}
    config_file = env.get("ANTRIAN_CONFIG")
    if config_file:
        with open(config_file, "rb") as fh:
            values.update({k.lower(): v for k, v in tomllib.load(fh).items()})
    for f in fields(Settings):
        env_name = f.name.upper()
        if env_name in env:
            values[f.name] = env[env_name]
        elif f"ANTRIAN_{env_name}" in env:
            values[f.name] = env[f"ANTRIAN_{env_name}"]
    values.update(overrides or {})
    known = {f.name: f.type for f in fields(Settings)}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    settings = Settings(**{k: _coerce(k, v, known[k]) for k, v in values.items()})
    if settings.async_mode not in ("threading", "gevent"):
        raise ValueError("async_mode must be 'threading' or 'gevent'")
    if settings.smtp_security not in ("starttls", "ssl", "none"):
        raise ValueError("smtp_security must be 'starttls', 'ssl' or 'none'")
    if settings.smtp_port and not settings.smtp_port.isdigit():
        raise ValueError("smtp_port must be a port number")
    return _with_secret(settings)


def _with_secret(settings: Settings) -> Settings:
    if settings.secret_key:
        return settings
    path = Path(settings.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return replace(settings, secret_key=path.read_text().strip())

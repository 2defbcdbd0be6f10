"""Lockouts are written to the log, where the operator's alerting looks."""

import logging

from axes.signals import user_locked_out

logger = logging.getLogger("cms.security")


def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning("Login locked out: username=%r ip_address=%s", username, ip_address)


def register_signal_handlers() -> None:
    user_locked_out.connect(log_lockout, dispatch_uid="cms.security.log_lockout")

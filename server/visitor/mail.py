"""E-mail to visitors over SMTP (smtplib). Configured by SUNBEON_SMTP_HOST, _PORT (25),
_FROM, and optionally _STARTTLS (1), _USER and _PASSWORD."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


class MailUnavailable(Exception):
    """No SMTP server is configured, or it refused the message.

    `temporary`: certainly not delivered, and a later try may work (no connection, a 4xx
    reply). `uncertain`: the connection broke or timed out, perhaps after the message
    was accepted; SMTP has no way to ask, so it is not sent again."""

    def __init__(self, message: str, *, temporary: bool = False, uncertain: bool = False):
        super().__init__(message)
        self.temporary = temporary
        self.uncertain = uncertain


def configured(config) -> bool:
    return bool(config.get("SMTP_HOST") and config.get("SMTP_FROM"))


def send(config, to: str, subject: str, body: str) -> None:
    host = config.get("SMTP_HOST")
    sender = config.get("SMTP_FROM")
    if not host or not sender:
        raise MailUnavailable("SMTP is not configured (SUNBEON_SMTP_HOST, SUNBEON_SMTP_FROM).")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    try:
        with smtplib.SMTP(host, int(config.get("SMTP_PORT") or 25), timeout=10) as smtp:
            if str(config.get("SMTP_STARTTLS", "")).lower() in ("1", "true", "yes"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailUnavailable(f"The mail server refused or could not be reached: {error}",
                              **_failure_kind(error)) from error


def _failure_kind(error: Exception) -> dict:
    if isinstance(error, (ConnectionRefusedError, smtplib.SMTPConnectError)):
        return {"temporary": True}
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return {"temporary": all(400 <= code < 500 for code in codes)}
    if isinstance(error, smtplib.SMTPResponseException):
        return {"temporary": 400 <= error.smtp_code < 500}
    if isinstance(error, (TimeoutError, ConnectionError, smtplib.SMTPServerDisconnected)):
        return {"uncertain": True}
    if isinstance(error, OSError) and not isinstance(error, ConnectionError):
        return {"temporary": True}  # unreachable host, unknown name: nothing was sent
    return {}

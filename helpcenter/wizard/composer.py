"""«Tu solicitud lista para enviar»: the request each team result prepares.

The page (contact-wizard.js) fills the identifier and the ticket number in as the customer
types; these functions give the same message with blanks, for the page without JavaScript and
for the tests. Nothing here is sent or stored: a `mailto:` opens the customer's own mail client.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

# ----------------------------------------------------------------------------
# The message
# ----------------------------------------------------------------------------


def account_id(text: str) -> str | None:
    """The account identifier (a UUID) in a pasted URL or text, lowercased; None if none."""
    match = ACCOUNT_ID.search(text)
    return match.group(0).lower() if match else None


def message(
    labels: Mapping[str, str], ident: str | None, ticket: str | None, escalation: bool
) -> tuple[str, str]:
    """(subject, body) of a request; blanks stand where the identifier or ticket is unknown."""
    shown_id = ident or labels["blank_id"]
    shown_ticket = ticket or labels["blank_ticket"]
    subject = labels["subject_escalation" if escalation else "subject"]
    subject = subject.replace("{id}", shown_id).replace("{ticket}", shown_ticket)
    lines = [f"{labels['id_line']}: {shown_id}"]
    if escalation:
        lines.append(f"{labels['ticket_line']}: {shown_ticket}")
    lines.append(f"{labels['description_line']}: {labels['blank_description']}")
    return subject, "\n".join(lines)


def mailto(address: str, subject: str, body: str) -> str:
    """A `mailto:` with subject and body encoded as JavaScript's encodeURIComponent does
    (UTF-8, accents included; line breaks as CRLF, as RFC 6068 asks)."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={_encode(subject)}&body={_encode(body)}"


def _encode(text: str) -> str:
    return quote(text, safe="!'()*")


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

# The identifier's shape in the source: bf03e4e6-xxxx-xxxx-xxxx-xxxxxxxxxxxx (the JS uses the same).
ACCOUNT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)

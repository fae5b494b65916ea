#!/usr/bin/env python3
"""Fails when the portal's log holds personal data of the people in its database.

    check-log-privacy.py LOG PEOPLE_JSON

LOG is what `portal serve` wrote to stderr (JSON lines, PORTAL_LOG=info) during the end-to-end
suite; PEOPLE_JSON is `portal export --format json` of the same database afterwards. Every
registration number, name (in Latin and original script), phone number, email address, street
address and date of birth of every person is looked for in the log, as a whole word; any hit
is printed (the value masked) and the script exits 1. Before checking, it proves on a
planted line that it finds what it looks for, so it cannot pass by looking at nothing.
"""

import json
import re
import sys


def needles(people):
    """The values worth finding, with the field each came from."""
    found = {}
    for person in people:
        for field in (
            "registration_number",
            "given_name",
            "family_name",
            "given_name_original",
            "family_name_original",
            "phone",
            "email",
            "address",
            "date_of_birth",
        ):
            value = person.get(field)
            # Two-letter names would match inside ordinary words of the log.
            if isinstance(value, str) and len(value.strip()) >= 3:
                found[value.strip()] = field
        phone = person.get("phone")
        if isinstance(phone, str):
            digits = re.sub(r"\D", "", phone)
            if len(digits) >= 8:
                # The national part alone, as a person types it.
                found[digits[-9:]] = "phone digits"
    return found


def hits(text, found):
    result = []
    for value, field in found.items():
        pattern = r"(?<![\w])" + re.escape(value) + r"(?![\w])"
        for match in re.finditer(pattern, text):
            line = text.count("\n", 0, match.start()) + 1
            result.append((line, field, value))
    return result


def mask(value):
    return value[:1] + "…" + value[-1:] if len(value) > 2 else "…"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    log_path, people_path = sys.argv[1], sys.argv[2]
    with open(people_path, encoding="utf-8") as f:
        people = json.load(f)["people"]
    found = needles(people)
    if len(people) < 10 or len(found) < 50:
        print(f"log privacy: too little to look for ({len(people)} people)", file=sys.stderr)
        return 2
    # The check finds a planted value before it is trusted with the real log.
    planted_value = next(v for v, f in found.items() if f == "registration_number")
    planted = json.dumps({"level": "INFO", "message": "response", "route": planted_value})
    if not hits(planted, found):
        print("log privacy: the check does not find a planted value", file=sys.stderr)
        return 2

    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.count("\n")
    if lines < 100:
        print(f"log privacy: the log has only {lines} lines; was the server logging at info?", file=sys.stderr)
        return 2
    leaks = hits(text, found)
    for line, field, value in leaks[:20]:
        print(f"log privacy: line {line} holds a {field} ({mask(value)})", file=sys.stderr)
    if leaks:
        print(f"log privacy: {len(leaks)} personal values in the log", file=sys.stderr)
        return 1
    print(
        f"log privacy: {lines} log lines, {len(found)} personal values of {len(people)} people "
        "looked for, none found"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks that kontakter.csv (from `samkart export --format csv`) holds exactly one contact
with this name, role and service id. Usage: check_contact.py KONTAKTER.CSV NAVN STILLING TJENESTE-ID
Exits 1 with a message saying what it found instead."""
import csv
import sys


def main() -> int:
    path, name, role, service = sys.argv[1:5]
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    same_name = [r for r in rows if r["Navn"] == name]
    if len(same_name) != 1:
        near = [r["Navn"] for r in rows if r["Navn"][:1] == name[:1]]
        print(f"expected one contact named {name!r}, found {len(same_name)}; names starting "
              f"with {name[:1]!r}: {near}", file=sys.stderr)
        return 1
    row = same_name[0]
    got = (row["Stilling"], row["Tjeneste-id"])
    if got != (role, service):
        print(f"contact {name!r}: expected role and service {(role, service)!r}, found {got!r}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

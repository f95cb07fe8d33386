"""Parses every line of the given files with the official Airbyte protocol models.

Prints {"<type>": count, ...} as JSON and exits non-zero on the first line that is not a valid
AirbyteMessage (its file, line number and the validation error on stderr).
"""
import json
import sys
from collections import Counter

from airbyte_protocol.models import AirbyteMessage

counts = Counter()
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                message = AirbyteMessage.parse_raw(line)
            except Exception as error:  # noqa: BLE001 - report any validation failure
                print(f"{path}:{number}: {error}\n{line[:500]}", file=sys.stderr)
                sys.exit(1)
            counts[message.type.value] += 1
print(json.dumps(counts))

"""One PyAirbyte read of source-movidesk, as a PyAirbyte user would run it.

usage: pyairbyte_read.py SOURCE_EXECUTABLE CONFIG_JSON OUTPUT_JSON

get_source(local_executable=...), select_all_streams(), read() with every default: the configured
catalog PyAirbyte builds (incremental for every stream), its default local DuckDB cache
(AIRBYTE_CACHE_ROOT, else ./.cache) and the state it kept there from the previous read. The source
inherits this process's environment. Writes OUTPUT_JSON: the state PyAirbyte passed to the source,
every row of every stream in the cache after the read, and the state it keeps for the next read.
(Not stdout: PyAirbyte prints its progress there.)
"""
import json
import sys
from decimal import Decimal

import airbyte as ab
from airbyte.caches.util import get_default_cache

executable, config_path, output_path = sys.argv[1:]
with open(config_path, encoding="utf-8") as handle:
    config = json.load(handle)

cache = get_default_cache()
state_in = cache.get_state_provider(source_name="source-movidesk").to_state_input_file_text()
source = ab.get_source("source-movidesk", local_executable=executable, config=config)
source.select_all_streams()
result = source.read(cache=cache)
rows = {name: [dict(row) for row in dataset] for name, dataset in result.streams.items()}
state_out = cache.get_state_provider(source_name="source-movidesk").to_state_input_file_text()


def plain(value):
    """JSON for what the cache gives back: numbers as DECIMAL, timestamps as datetime."""
    if isinstance(value, Decimal):
        return float(value)
    return str(value)  # datetime: "2026-01-02 03:04:05.123456"


with open(output_path, "w", encoding="utf-8") as handle:
    json.dump(
        {"state_in": json.loads(state_in), "rows": rows, "state_out": json.loads(state_out)},
        handle,
        default=plain,
    )

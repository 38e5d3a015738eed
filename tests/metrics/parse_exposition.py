#!/usr/bin/python3
"""Parses a Prometheus text exposition with the Prometheus project's own Python client parser
(Debian's python3-prometheus-client) and prints one JSON object per line for each family:
{"name", "type", "help", "samples": [{"name", "labels", "value"}]}. Exits 1 when it does not parse.
Used by tests/metrics: hdoc's exposition is read back by an independent parser."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    text = open(sys.argv[1], encoding="utf-8").read()
    try:
        for family in text_string_to_metric_families(text):
            print(json.dumps({
                "name": family.name,
                "type": family.type,
                "help": family.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
            }))
    except Exception as error:  # the parser raises ValueError and others on malformed input
        print(f"unparseable exposition: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

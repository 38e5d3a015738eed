"""Prints CloudFormation/SAM templates as JSON, read by cfn-lint's own decoder.

    python3 template_json.py FILE...   ->   {"FILE": template, ...}

The infrastructure tests (tests/infra/infra_test_support.hpp) read the templates through this, so they
see a template exactly as the linter does: short-form intrinsics (!Ref, !Sub, !GetAtt A.B) become their
long forms ({"Ref": ...}, {"Fn::GetAtt": ["A", "B"]}). Several files per run, because importing
cfn-lint takes seconds. Exit 1, with cfn-lint's reason, when a file cannot be read or parsed.
"""
import json
import sys

from cfnlint.decode import decode


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: template_json.py TEMPLATE...", file=sys.stderr)
        return 2
    templates = {}
    for path in sys.argv[1:]:
        template, matches = decode(path)
        if matches or template is None:
            for match in matches:
                print(match, file=sys.stderr)
            return 1
        templates[path] = template
    json.dump(templates, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

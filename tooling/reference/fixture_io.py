"""How the reference scripts write their fixtures: compact JSON, one trailing newline, atomically."""

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fixture_path(package, name):
    """packages/<package>/src/__fixtures__/<name>, its folder created when missing."""
    folder = os.path.join(ROOT, 'packages', package, 'src', '__fixtures__')
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, name)


def write_bytes(path, data):
    """Writes `data` to `path` through a temporary file in the same folder and a rename: never half a file."""
    temporary = path + '.tmp'
    with open(temporary, 'wb') as handle:
        handle.write(data)
    os.replace(temporary, path)


def write_json(package, name, payload):
    """Writes `payload` as compact JSON (NaN and infinities refused) to the package's fixture `name`; prints its size."""
    path = fixture_path(package, name)
    write_bytes(path, (json.dumps(payload, separators=(',', ':'), allow_nan=False) + '\n').encode())
    print(f'{path}: {os.path.getsize(path)} bytes')

"""
Derives the request-body schemas of `PUT /collections/{collection_name}` (`CreateCollection` and its `$ref` closure)
and `PUT /collections/{collection_name}/index` (`CreateFieldIndex`) of a Qdrant version from the REST models of the published Python client, `qdrant-client` on PyPI:
`qdrant_client/http/models/models.py` holds pydantic models generated from the server's OpenAPI
(docs/redoc/master/openapi.json). Used where that OpenAPI is not reachable (1.20.0: the qdrant/qdrant snapshot here
ends at v1.19.0). Run through derive.sh, which pins the wheels and checks their SHA-256; README.md there explains the
method and what it cannot recover.

The models are loaded from the wheel without importing the client package (no grpc, no httpx): `models.py` and the two
helper modules it imports are executed as they are, with one change made on the AST: every module-level type alias
(`VectorsConfig = Union[...]`) is wrapped in `TypeAliasType` under its own name, so that pydantic writes it as a named
definition, as the OpenAPI does, instead of inlining it. `model_json_schema` (mode "validation") is then rewritten in the
OpenAPI 3.0 dialect that schemars writes for the server:

- pydantic's `title`s are dropped (the OpenAPI has none);
- `additionalProperties: false` of `extra="forbid"` is dropped: the upstream OpenAPI leaves objects open, and the test
  reads every schema twice, as is and closed (test/emit/upstream-check.ts); keeping it would make the as-is reading
  closed for this version only;
- `anyOf: [T, {type: "null"}]` (an `Optional[T]`) becomes `{...T, nullable: true}` for an inline type, and
  `anyOf: [{$ref: T}, {nullable: true}]` for a named one, as schemars writes `Option<T>`;
- `Dict[str, Any]` (`additionalProperties` = `{}`) becomes `additionalProperties: true`;
- descriptions are HTML-unescaped (the client's generator escapes them: `point&#x27;s`), empty ones dropped.

Usage: python derive.py <unpacked wheel dir> <version> create-collection|create-field-index <out.json>
       [--compare <upstream extract.json>]
"""
import ast
import html
import importlib.util
import json
import os
import sys
import types

from typing_extensions import TypeAliasType

POINTER_REF = '#/components/schemas/{model}'
ALIAS_FACTORY = '__derive_type_alias__'


def load_models(root: str):
    pkg = types.ModuleType('qdrant_client')
    pkg.__path__ = [f'{root}/qdrant_client']
    sys.modules['qdrant_client'] = pkg
    for helper in ('_pydantic_compat', '_numpy_vectors'):
        path = f'{root}/qdrant_client/{helper}.py'
        try:
            open(path).close()
        except FileNotFoundError:
            continue  # qdrant-client 1.19 has no _numpy_vectors.py
        spec = importlib.util.spec_from_file_location(f'qdrant_client.{helper}', path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
    path = f'{root}/qdrant_client/http/models/models.py'
    tree = ast.parse(open(path, encoding='utf-8').read(), path)
    aliases = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Subscript):
            name = node.targets[0].id
            aliases.append(name)
            node.value = ast.Call(func=ast.Name(ALIAS_FACTORY, ast.Load()), args=[ast.Constant(name), node.value], keywords=[])
    ast.fix_missing_locations(tree)
    module = types.ModuleType('qdrant_client.http.models.models')
    module.__dict__[ALIAS_FACTORY] = TypeAliasType
    sys.modules[module.__name__] = module
    exec(compile(tree, path, 'exec'), module.__dict__)
    return module, aliases


def to_openapi30(node):
    """pydantic's JSON Schema -> the OpenAPI 3.0 dialect schemars writes (see the module docstring)."""
    if isinstance(node, list):
        return [to_openapi30(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == 'title':
            continue
        if k == 'additionalProperties' and v is False:
            continue
        if k == 'additionalProperties' and v == {}:
            out[k] = True
            continue
        if k == 'description' and isinstance(v, str):
            if v != '':  # the generator writes `description=""` where the OpenAPI has none
                out[k] = html.unescape(v)
            continue
        if k in ('properties', '$defs'):
            out[k] = {name: to_openapi30(s) for name, s in v.items()}
            continue
        out[k] = to_openapi30(v)
    arms = out.get('anyOf')
    if isinstance(arms, list) and {'type': 'null'} in arms:
        rest = [a for a in arms if a != {'type': 'null'}]
        del out['anyOf']
        if len(rest) == 1 and '$ref' not in rest[0] and 'anyOf' not in rest[0]:
            # An inline type: its keywords move up beside `nullable` (schemars: `type: integer, nullable: true`).
            merged = {**out, **rest[0], 'nullable': True}
            return merged
        return {**out, 'anyOf': rest + [{'nullable': True}]}
    return out


# The request bodies derived: the model, its path and operation in the OpenAPI, and the request body's description.
REQUESTS = {
    'create-collection': ('CreateCollection', '/collections/{collection_name}', 'create_collection', 'Parameters of a new collection'),
    'create-field-index': ('CreateFieldIndex', '/collections/{collection_name}/index', 'create_field_index', 'Field name'),
}


def derive(models, version: str, request: str):
    model, path, operation, body_description = REQUESTS[request]
    schema = getattr(models, model).model_json_schema(ref_template=POINTER_REF, mode='validation')
    defs = schema.pop('$defs', {})
    defs[model] = schema
    schemas = {name: to_openapi30(defs[name]) for name in sorted(defs)}
    return {
        'openapi': '3.0.1',
        'info': {
            'title': f'Qdrant API - {model} request schema fragment (derived from the qdrant-client pydantic models)',
            'version': f'v{version}',
        },
        'paths': {
            path: {
                'put': {
                    'operationId': operation,
                    'requestBody': {
                        'description': body_description,
                        'content': {'application/json': {'schema': {'$ref': f'#/components/schemas/{model}'}}},
                    },
                },
            },
        },
        'components': {'schemas': schemas},
    }


# ---------------------------------------------------------------------------------------------------------------
# Comparison with an upstream OpenAPI extract (to check the method where both exist).

VALIDATION_KEYS = {'type', 'enum', 'required', 'properties', 'additionalProperties', 'items', 'anyOf', 'oneOf', 'allOf', '$ref', 'nullable', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'format', 'const', 'minProperties', 'maxProperties', 'not'}


def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f'{path}/{k}'
            if k not in a:
                out.append((p, 'only upstream', b[k]))
            elif k not in b:
                out.append((p, 'only derived', a[k]))
            else:
                walk(a[k], b[k], p, out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(isinstance(x, dict) for x in a + b):
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f'{path}/{i}', out)
    elif a != b:
        out.append((path, 'differs', {'derived': a, 'upstream': b}))


def compare(derived, upstream):
    d = derived['components']['schemas']
    u = upstream['components']['schemas']
    lines = []
    lines.append(f'schemas only derived: {sorted(set(d) - set(u))}')
    lines.append(f'schemas only upstream: {sorted(set(u) - set(d))}')
    diffs = []
    for name in sorted(set(d) & set(u)):
        walk(d[name], u[name], name, diffs)
    kinds = {}
    for path, kind, value in diffs:
        key = path.rsplit('/', 1)[-1]
        bucket = 'description' if key == 'description' else key if key in VALIDATION_KEYS or kind != 'differs' else 'other'
        kinds.setdefault((kind, bucket), []).append((path, value))
    for (kind, bucket), items in sorted(kinds.items()):
        lines.append(f'{kind} {bucket}: {len(items)}')
        if bucket != 'description':
            for path, value in items:
                lines.append(f'    {path}: {json.dumps(value, sort_keys=True)[:200]}')
    return '\n'.join(lines)


if __name__ == '__main__':
    # derive.py <unpacked wheel> <version> <request> <out.json> [--compare <upstream extract.json>]
    root, version, request, out = sys.argv[1:5]
    models, _ = load_models(root)
    doc = derive(models, version, request)
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write('\n')
    print(f'{os.path.basename(out)}: {len(doc["components"]["schemas"])} schemas')
    if len(sys.argv) > 6 and sys.argv[5] == '--compare':
        with open(sys.argv[6], encoding='utf-8') as f:
            print(f'compared with {os.path.basename(sys.argv[6])} (schema by schema; "derived" = this method, "upstream" = the server\'s OpenAPI)')
            print(compare(doc, json.load(f)))

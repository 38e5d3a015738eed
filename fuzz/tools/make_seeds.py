#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ from the frontend fixtures, the Lambda test
events and hand-written requests. Run once; the output is committed (libFuzzer adds its own finds in
build/fuzz/corpus/, which are not). Usage: fuzz/tools/make_seeds.py [FIXTURES_DIR]"""
import base64, json, os, pathlib, subprocess, sys, tempfile

root = pathlib.Path(__file__).resolve().parents[1]
repo = root.parent
fixtures = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else repo.parent / "shared/fixtures/frontend-mock")
corpus = root / "corpus"


def write(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


# --- http_request: request text, reads and refused writes ---
reads = [
    "GET /api/tags?limit=20", "GET /api/articles/", "GET /api/articles/AWS/?limit=5", "GET /api/leaderboard?limit=5",
    "GET /api/leaderboard/3", "GET /api/users/recent?limit=10", "GET /users", "GET /users?limit=0",
    "GET /api/users/ALICE-DEV", "GET /articles?tag=aws&limit=2", "GET /tags?limit=-1", "GET /tags?limit=1e3",
    "GET /users?limit=1&limit=2", "GET /users/%61lice-dev/entries", "GET /healthz", "HEAD /api/leaderboard",
    "GET /api/articles/%E2%82%AC?limit=10000", "GET //users/../tags?x=%zz", "GET /users/recent/", "GET *",
    "GET /articles/AWS?tag=GCP", "DELETE /tags", "BREW /users",
]
for i, line in enumerate(reads):
    write("http_request", f"read-{i:02}", line + " HTTP/1.1\r\nHost: x\r\n\r\n")
write("http_request", "cors-preflight", "OPTIONS /api/users/alice-dev HTTP/1.1\r\nOrigin: http://localhost:3000\r\n"
      "Access-Control-Request-Method: PATCH\r\n\r\n")
write("http_request", "cors-other-origin", "GET /api/tags HTTP/1.1\r\nOrigin: https://evil.example\r\n\r\n")
write("http_request", "if-none-match", 'GET /api/tags?limit=3 HTTP/1.1\r\nIf-None-Match: W/"x", "abc", *\r\n\r\n')
write("http_request", "post-no-token", 'POST /api/users HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{"githubProfile":"x"}')
write("http_request", "patch-bad-token", "PATCH /users/alice-dev HTTP/1.1\r\nAuthorization: Bearer a.b.c\r\n"
      "Content-Type: application/json\r\n\r\n{}")

# --- write_routes: request text with a signed-in caller (X-Fuzz-As) ---
J = "Content-Type: application/json\r\n"
writes = {
    "create-profile": ("POST /api/users", "bob", {"githubProfile": "bob-builds", "name": "Bob",
                       "twitterProfile": "bob", "linkedinProfile": "bob", "bio": "hi",
                       "avatarImage": "https://example.com/b.png"}),
    "create-profile-taken": ("POST /users", "bob", {"githubProfile": "ALICE-DEV", "name": "B"}),
    "create-profile-twice": ("POST /users", "", {"githubProfile": "alice2", "name": "A"}),
    "create-profile-unknown-field": ("POST /users", "bob", {"githubProfile": "bob", "name": "B", "githubScore": 9}),
    "patch-profile": ("PATCH /users/alice-dev", "", {"name": "Alice B", "bio": None}),
    "patch-profile-other": ("PATCH /users/alice-dev", "bob", {"name": "x"}),
    "patch-profile-admin": ("PATCH /api/users/alice-dev/", "admin", {"twitterProfile": "al", "avatarImage": "ftp://x"}),
    "log-day": ("POST /users/alice-dev/entries", "", {"day": 4, "platform": "github",
                "url": "https://github.com/alice-dev/day4", "date": "2026-04-04"}),
    "log-day-default-date": ("POST /users/alice-dev/entries", "", {"day": 100, "platform": "twitter",
                             "url": "https://twitter.com/alice/status/1"}),
    "log-day-same": ("POST /users/alice-dev/entries", "", {"day": 1, "platform": "github",
                     "url": "https://github.com/alice-dev/day1", "date": "2026-04-01"}),
    "log-day-conflict": ("POST /users/alice-dev/entries", "", {"day": 1, "platform": "github",
                         "url": "https://github.com/alice-dev/other", "date": "2026-04-01"}),
    "log-day-bad": ("POST /users/alice-dev/entries", "", {"day": 101, "platform": "GitHub", "url": "javascript:x",
                    "date": "2026-02-30"}),
    "verify-entry": ("PATCH /users/alice-dev/entries/github/1", "admin", {"verified": False}),
    "verify-entry-not-admin": ("PATCH /users/alice-dev/entries/twitter/2", "", {"verified": True}),
    "create-article": ("POST /articles", "", {"title": "T", "subtitle": "S", "image": "https://e.com/i.png",
                       "tags": "GCP"}),
    "create-article-no-profile": ("POST /articles", "bob", {"title": "T", "subtitle": "S", "image": "https://e.com/i.png",
                                  "tags": "GCP"}),
    "patch-article": ("PATCH /articles/9", "", {"tags": "Azure", "title": "T2"}),
    "patch-article-admin": ("PATCH /api/articles/1", "admin", {"tags": ["AWS"]}),
}
for name, (line, who, body) in writes.items():
    head = line + " HTTP/1.1\r\n" + J + (f"X-Fuzz-As: {who}\r\n" if who else "")
    write("write_routes", name, head + "\r\n" + json.dumps(body))
write("write_routes", "delete-profile", "DELETE /users/alice-dev HTTP/1.1\r\n\r\n")
write("write_routes", "delete-profile-admin", "DELETE /users/ALICE-DEV HTTP/1.1\r\nX-Fuzz-As: admin\r\n\r\n")
write("write_routes", "delete-article", "DELETE /articles/9 HTTP/1.1\r\n\r\n")
write("write_routes", "delete-article-other", "DELETE /articles/1 HTTP/1.1\r\n\r\n")
write("write_routes", "not-json", "POST /users HTTP/1.1\r\nContent-Type: text/plain\r\nX-Fuzz-As: bob\r\n\r\nhello")
write("write_routes", "json-array", "POST /articles HTTP/1.1\r\n" + J + "\r\n[1,2]")
write("write_routes", "duplicate-keys", "POST /users HTTP/1.1\r\n" + J + "X-Fuzz-As: bob\r\n\r\n"
      '{"githubProfile":"a","githubProfile":"b","name":"x"}')
write("write_routes", "no-principal", "POST /articles HTTP/1.1\r\n" + J + "X-Fuzz-As: none\r\n\r\n{}")

# --- import_records: the fixtures (cut to a few records), each accepted shape, and bad records ---
users = json.loads((fixtures / "users.json").read_text())["users"]
snake = json.loads((fixtures / "users-snake-case.json").read_text())["users"]
articles = json.loads((fixtures / "articles.json").read_text())["articles"]
write("import_records", "users-wrapped.json", json.dumps({"users": users[:4]}, indent=4))
write("import_records", "users-array.json", json.dumps(users[4:7]))
write("import_records", "users-ndjson", "\n".join(json.dumps(u) for u in users[7:10]) + "\n")
write("import_records", "users-snake-wrapped.json", json.dumps({"users": snake[:3]}, indent=4))
write("import_records", "users-snake-ndjson", "\n".join(json.dumps(u) for u in snake[3:5]))
write("import_records", "articles-wrapped.json", json.dumps({"articles": articles[:4]}, indent=4))
write("import_records", "articles-array.json", json.dumps(articles[4:7]))
write("import_records", "articles-ndjson", "\r\n".join(json.dumps(a) for a in articles[7:10]))
bad_user = dict(users[0], githubScore=-1, dateJoined="yesterday", extra=1)
write("import_records", "users-bad.json", json.dumps({"users": [bad_user, {"id": 5}]}))
write("import_records", "articles-bad.ndjson", '{"id":0,"title":""}\nnot json\n{"id":1.5}\n')
write("import_records", "wrong-wrapper.json", json.dumps({"people": users[:1]}))
write("import_records", "unicode.json", json.dumps([dict(users[0], name="Zoë \u00c5ngström \U0001F680")],
                                                    ensure_ascii=False))

# --- apigw_event: the Lambda tests' events, and variants ---
for f in sorted((repo / "tests/lambda/events").glob("*.json")):
    write("apigw_event", f.name, f.read_bytes())
v2 = json.loads((repo / "tests/lambda/events/v2-http-api.json").read_text())
v1 = json.loads((repo / "tests/lambda/events/v1-rest-api.json").read_text())
e = json.loads(json.dumps(v2)); e["body"] = base64.b64encode(b"\xff\xfe{}").decode(); e["isBase64Encoded"] = True
write("apigw_event", "v2-binary-body.json", json.dumps(e))
e = json.loads(json.dumps(v2)); e["rawQueryString"] = "limit=5&tag=%41WS&limit"; e["cookies"] = ["a=b", "c=d"]
write("apigw_event", "v2-query-cookies.json", json.dumps(e))
e = json.loads(json.dumps(v1)); e["multiValueQueryStringParameters"] = {"limit": ["1", "2"], "t g": ["a b&c"]}
write("apigw_event", "v1-multi-query.json", json.dumps(e))
e = json.loads(json.dumps(v1)); e["requestContext"]["authorizer"] = {"claims": {"sub": "s", "cognito:groups": "admin,x"}}
e["httpMethod"] = "POST"; e["body"] = '{"title":"x"}'
write("apigw_event", "v1-authorizer-claims.json", json.dumps(e))
write("apigw_event", "not-an-object.json", "[1,2,3]")

# --- jwt: first byte picks the parser (0 header, 1 JWKS, 2 signed header+claims, 3 authorizer claims) ---
def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

hdr = {"kid": "k1", "alg": "RS256"}
iss = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Fuzz"
idc = {"sub": "7d8c", "cognito:username": "alice", "email": "a@e.com", "cognito:groups": ["admin"], "iss": iss,
       "aud": "fuzzclient", "token_use": "id", "exp": 1777597200, "iat": 1777593000, "auth_time": 1777593000}
acc = {"sub": "7d8c", "username": "alice", "iss": iss, "client_id": "fuzzclient", "token_use": "access",
       "exp": 1777597200.5, "nbf": 1777593000, "scope": "aws.cognito.signin.user.admin"}
for name, h, c in [("signed-id", hdr, idc), ("signed-access", hdr, acc),
                   ("signed-expired", hdr, dict(idc, exp=1000)), ("signed-aud-array", hdr, dict(idc, aud=["x", "fuzzclient"])),
                   ("signed-groups-bad", hdr, dict(idc, **{"cognito:groups": "admin"})),
                   ("signed-crit", dict(hdr, crit=["exp"]), idc), ("signed-wrong-use", hdr, dict(acc, token_use="refresh"))]:
    write("jwt", name, b"\x02" + json.dumps(h).encode() + b"\n" + json.dumps(c).encode())
fake = b64u(json.dumps(hdr).encode()) + "." + b64u(json.dumps(idc).encode()) + "." + b64u(b"\x00" * 256)
for name, v in [("bearer", "Bearer " + fake), ("bearer-lower", "bearer  " + fake + " "),
                ("alg-none", "Bearer " + b64u(b'{"alg":"none"}') + "." + b64u(json.dumps(idc).encode()) + "."),
                ("hs256", "Bearer " + b64u(b'{"alg":"HS256","kid":"k1"}') + "." + b64u(b"{}") + ".AAAA"),
                ("padding", "Bearer eyJhbGciOiJSUzI1NiJ9==.e30.AA"), ("basic", "Basic dXNlcjpwYXNz"),
                ("unknown-kid", "Bearer " + b64u(b'{"alg":"RS256","kid":"nope"}') + ".e30.AAAA")]:
    write("jwt", name, b"\x00" + v.encode())
with tempfile.TemporaryDirectory() as t:
    key = pathlib.Path(t) / "k.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    mod = subprocess.run(["openssl", "rsa", "-in", str(key), "-noout", "-modulus"], check=True,
                         capture_output=True, text=True).stdout.strip().split("=")[1]
n = b64u(bytes.fromhex(mod))
rsa = {"kid": "k1", "alg": "RS256", "kty": "RSA", "use": "sig", "n": n, "e": "AQAB"}
for name, doc in [("jwks-cognito", {"keys": [rsa, dict(rsa, kid="k2")]}),
                  ("jwks-mixed", {"keys": [{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "kid": "e"}, rsa,
                                           dict(rsa, kid="enc", use="enc")]}),
                  ("jwks-dup", {"keys": [rsa, rsa]}), ("jwks-small", {"keys": [dict(rsa, n=b64u(b"\x01" * 64))]}),
                  ("jwks-empty", {"keys": []})]:
    write("jwt", name, b"\x01" + json.dumps(doc).encode())
for name, claims in [("claims-v2", {"sub": "s1", "cognito:username": "u", "cognito:groups": "[admin editors]"}),
                     ("claims-v1", {"sub": "s1", "username": "u", "cognito:groups": "admin,editors", "email": "e"}),
                     ("claims-array", {"sub": "s1", "cognito:groups": ["admin", 3]}), ("claims-no-sub", {"email": "x"})]:
    write("jwt", name, b"\x03" + json.dumps(claims).encode())

#!/usr/bin/env python3
"""A stand-in Cognito user pool for the soak: an RSA key (openssl CLI), its JWKS, and one id token per
writer, valid for a day. Usage: tokens.py WORKDIR WRITERS ISSUER CLIENT_ID
Writes WORKDIR/jwks.json and WORKDIR/writers.txt ("githubProfile token" per line)."""
import base64, json, pathlib, subprocess, sys, time

work, writers, issuer, client = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
key = work / "pool-key.pem"


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
modulus = subprocess.run(["openssl", "rsa", "-in", str(key), "-noout", "-modulus"], check=True, capture_output=True,
                         text=True).stdout.strip().split("=", 1)[1]
jwk = {"kid": "soak", "alg": "RS256", "kty": "RSA", "use": "sig", "n": b64u(bytes.fromhex(modulus)), "e": "AQAB"}
(work / "jwks.json").write_text(json.dumps({"keys": [jwk]}))

now = int(time.time())
lines = []
for i in range(writers):
    profile = f"soak-writer-{i}"
    claims = {"sub": f"sub-soak-{i}", "cognito:username": profile, "email": f"{profile}@example.com",
              "iss": issuer, "aud": client, "token_use": "id", "iat": now - 60, "exp": now + 86400}
    signing_input = b64u(json.dumps({"kid": "soak", "alg": "RS256"}).encode()) + "." + b64u(json.dumps(claims).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(key)], input=signing_input.encode(),
                               check=True, capture_output=True).stdout
    lines.append(f"{profile} {signing_input}.{b64u(signature)}")
(work / "writers.txt").write_text("\n".join(lines) + "\n")

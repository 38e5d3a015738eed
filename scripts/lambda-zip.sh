#!/usr/bin/env bash
# Builds build/lambda/hdoc-lambda.zip, the Lambda deployment package: `bootstrap` (the hdoc binary)
# at the root and every shared library it loads under lib/, the C library and its loader included.
#
# How it is linked, and why. provided.al2023 is Amazon Linux 2023: glibc 2.34 and none of Debian's
# other libraries.
# - static: libstdc++ and libgcc (the `lambda` preset), Boost (Boost_USE_STATIC_LIBS) and SQLite
#   (libsqlite3.a).
# - glibc is bundled, with its loader: Debian 12's static libstdc++ and libgcc were built against
#   glibc 2.36 and need arc4random (GLIBC_2.36, std::random_device) and _dl_find_object
#   (GLIBC_2.35, the exception unwinder), which AL2023's 2.34 lacks. bootstrap's ELF interpreter is
#   /var/task/lib/ld-linux-x86-64.so.2 ($LAMBDA_TASK_ROOT is /var/task for zip functions), so the
#   bundled loader and C library are the ones used, never a mix with the system's.
# - libcurl and its dependency closure (OpenSSL included) are bundled as shared libraries: a
#   static libcurl is not possible with Debian 12's packages (Debian's libcurl is built with GSS-API
#   and LDAP, and libkrb5-dev ships no static libraries; libcurl.a also needs nghttp2, ssh2, rtmp,
#   psl, zstd and ldap archives from six more -dev packages). OpenSSL is bundled rather than linked
#   statically so that the process holds one OpenSSL, the one libcurl was built against.
# - bootstrap carries DT_RPATH=$ORIGIN/lib (not RUNPATH): searched before LD_LIBRARY_PATH, whose
#   /lib64 comes before $LAMBDA_TASK_ROOT/lib on Lambda.
# - certs/ca-certificates.crt: Debian's CA bundle. The bundled libcurl looks for CAs at Debian's
#   path, /etc/ssl/certs/ca-certificates.crt, which Amazon Linux does not have (its bundle is
#   /etc/pki/tls/certs/ca-bundle.crt); HTTPS clients must be pointed at this file on Lambda.
# To run the unpacked package outside Lambda, unpack it into /var/task, or start it through its
# loader: lib/ld-linux-x86-64.so.2 ./bootstrap (docs/lambda.md).
set -euo pipefail
cd "$(dirname "$0")/.."

task_root=/var/task
loader_name=ld-linux-x86-64.so.2
libdir=/usr/lib/x86_64-linux-gnu

# -O2 rather than CMake's Release -O3: a smaller binary (it is loaded on every cold start) and no
# GCC 12 -O3 false positives (-Wrestrict in libstdc++'s char_traits) under -Werror.
cmake --preset lambda \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DSQLite3_LIBRARY="$libdir/libsqlite3.a" \
  -DCMAKE_BUILD_RPATH='$ORIGIN/lib' \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,--disable-new-dtags -Wl,--dynamic-linker=$task_root/lib/$loader_name" \
  >/dev/null
cmake --build --preset lambda --target hdoc

binary=$(find build/lambda-build -maxdepth 2 -type f -name hdoc -perm -u+x | head -n1)
[ -n "$binary" ] || { echo "lambda-zip: no hdoc binary under build/lambda-build" >&2; exit 1; }

out=build/lambda
stage=$out/package
rm -rf "$stage" "$out/hdoc-lambda.zip"
mkdir -p "$stage/lib"
cp "$binary" "$stage/bootstrap"
strip --strip-unneeded "$stage/bootstrap"
chmod 755 "$stage/bootstrap"

mkdir -p "$stage/certs"
cp -L /etc/ssl/certs/ca-certificates.crt "$stage/certs/ca-certificates.crt"
chmod 644 "$stage/certs/ca-certificates.crt"

# Everything the loader resolves goes into lib/ (the kernel's vDSO is no file).
while read -r line; do
  set -- $line
  case "$1" in linux-vdso.so.*) continue ;; esac
  if [ "${2:-}" = "=>" ]; then name=$(basename "$1") path=$3; else name=$(basename "$1") path=$1; fi
  [ -f "$path" ] || { echo "lambda-zip: $name not found ($line)" >&2; exit 1; }
  cp -L "$path" "$stage/lib/$name"
done < <(ldd "$stage/bootstrap")
[ -f "$stage/lib/$loader_name" ] || cp -L "$libdir/$loader_name" "$stage/lib/$loader_name"
chmod 755 "$stage/lib/$loader_name"
find "$stage/lib" -name '*.so*' ! -name "$loader_name" -exec chmod 644 {} + \
  -exec strip --strip-unneeded {} + 2>/dev/null || true

# Checks: the interpreter and the search path point into the package, and the bundled loader,
# started as Lambda would start bootstrap, resolves every library inside lib/.
readelf -l "$stage/bootstrap" | grep -q "interpreter: $task_root/lib/$loader_name" ||
  { echo "lambda-zip: bootstrap's interpreter is not $task_root/lib/$loader_name" >&2; exit 1; }
readelf -d "$stage/bootstrap" | grep -q 'RPATH.*\$ORIGIN/lib' ||
  { echo "lambda-zip: bootstrap has no RPATH \$ORIGIN/lib" >&2; exit 1; }
resolved=$(env -i "$stage/lib/$loader_name" --list "$stage/bootstrap")
if echo "$resolved" | grep '=>' | grep -v "$stage/lib/" | grep -q .; then
  echo "lambda-zip: libraries resolved outside the package:" >&2
  echo "$resolved" | grep '=>' | grep -v "$stage/lib/" >&2
  exit 1
fi
env -i "$stage/lib/$loader_name" "$stage/bootstrap" --version >/dev/null

(cd "$stage" && zip -q -X -r ../hdoc-lambda.zip bootstrap lib certs)
echo "built $out/hdoc-lambda.zip: $(du -k "$out/hdoc-lambda.zip" | cut -f1) KiB zipped," \
     "$(du -sk "$stage" | cut -f1) KiB unpacked, bootstrap $(du -k "$stage/bootstrap" | cut -f1) KiB," \
     "$(ls "$stage/lib" | wc -l) libraries in lib/"
echo "bootstrap's libraries, as the bundled loader resolves them:"
echo "$resolved" | sed "s|$PWD/||; s/^/  /"

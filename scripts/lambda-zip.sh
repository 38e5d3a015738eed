#!/usr/bin/env bash
# Builds build/lambda/hdoc-lambda.zip, the Lambda deployment package: `bootstrap` (the hdoc binary)
# at the root and the shared libraries it needs beyond glibc under lib/.
#
# How it is linked, and why (provided.al2023 is Amazon Linux 2023: glibc 2.34, none of Debian's
# other libraries):
# - static: libstdc++ and libgcc (the `lambda` preset), Boost (Boost_USE_STATIC_LIBS) and SQLite
#   (libsqlite3.a);
# - dynamic, from glibc 2.34 or older: libc, libm, libresolv... which AL2023 provides (checked below:
#   no symbol newer than GLIBC_2.34 may be needed, by bootstrap or by any bundled library);
# - bundled in lib/: libcurl and its dependency closure, OpenSSL included. A static libcurl is not
#   possible with Debian 12's packages: Debian's libcurl is built with GSS-API (Kerberos) and LDAP,
#   and libkrb5-dev ships no static libraries (and libcurl.a also needs nghttp2, ssh2, rtmp, psl,
#   zstd and ldap archives from six more -dev packages). OpenSSL is bundled rather than linked
#   statically so that the process holds one OpenSSL, the one libcurl was built against.
# bootstrap carries DT_RPATH=$ORIGIN/lib (not RUNPATH): searched before LD_LIBRARY_PATH, whose
# /lib64 comes before $LAMBDA_TASK_ROOT/lib on Lambda, so the bundled set is always the one loaded.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_GLIBC_MINOR=34  # Amazon Linux 2023
libdir=$(dirname "$(gcc -print-file-name=libsqlite3.a)")
[ -f "$libdir/libsqlite3.a" ] || libdir=/usr/lib/x86_64-linux-gnu

# -O2 rather than CMake's Release -O3: a smaller binary (it is loaded on every cold start) and no
# GCC 12 -O3 false positives (-Wrestrict in libstdc++'s char_traits) under -Werror.
cmake --preset lambda \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DSQLite3_LIBRARY="$libdir/libsqlite3.a" \
  -DCMAKE_EXE_LINKER_FLAGS='-Wl,--disable-new-dtags -Wl,-rpath,$ORIGIN/lib' >/dev/null
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

# glibc's own libraries come from the runtime; everything else the loader resolves is bundled.
is_glibc() {
  case "$1" in
    linux-vdso.so.*|ld-linux-x86-64.so.*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|\
    libresolv.so.*|libutil.so.*|libanl.so.*|libnss_*|libmvec.so.*) return 0 ;;
  esac
  return 1
}
while read -r name _ path _; do
  is_glibc "$name" && continue
  [ -f "$path" ] || { echo "lambda-zip: $name not found" >&2; exit 1; }
  cp -L "$path" "$stage/lib/$name"
  chmod 644 "$stage/lib/$name"
done < <(ldd "$stage/bootstrap" | grep '=>' | sed 's/^[[:space:]]*//')
strip --strip-unneeded "$stage"/lib/*.so* 2>/dev/null || true

# Nothing may need a glibc newer than the runtime's.
too_new=0
for f in "$stage/bootstrap" "$stage"/lib/*; do
  newest=$(objdump -T "$f" | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u | tail -n1)
  minor=${newest#GLIBC_2.}
  if [ -n "$newest" ] && [ "$minor" -gt "$MAX_GLIBC_MINOR" ]; then
    echo "lambda-zip: $f needs $newest, AL2023 has GLIBC_2.$MAX_GLIBC_MINOR" >&2
    too_new=1
  fi
done
[ "$too_new" = 0 ] || exit 1

# The bundled copies are the ones loaded, whatever LD_LIBRARY_PATH says.
readelf -d "$stage/bootstrap" | grep -q 'RPATH.*\$ORIGIN/lib' || { echo "lambda-zip: no RPATH \$ORIGIN/lib" >&2; exit 1; }
if LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu ldd "$stage/bootstrap" | grep '=>' | grep -v "$stage/lib/" |
   awk '{print $1}' | while read -r name; do is_glibc "$name" || echo "$name"; done | grep -q .; then
  echo "lambda-zip: a non-glibc library resolves outside lib/" >&2
  exit 1
fi

(cd "$stage" && zip -q -X -r ../hdoc-lambda.zip bootstrap lib)
echo "built $out/hdoc-lambda.zip ($(du -k "$out/hdoc-lambda.zip" | cut -f1) KiB zipped," \
     "$(du -sk "$stage" | cut -f1) KiB unpacked, $(ls "$stage/lib" | wc -l) bundled libraries)"
echo "bootstrap needs:"
ldd "$stage/bootstrap" | sed 's/^/  /'

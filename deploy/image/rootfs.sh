#!/usr/bin/env bash
# Builds the root file system the container image adds to the production node's jars:
# a jlink'ed Java runtime in /opt/java, the glibc libraries it loads (as ldd resolves them on
# this build machine), /etc/passwd and /etc/group with the non-root user 65532, and /tmp.
# The image is FROM scratch: no base image can be pulled where it is built, and nothing else is
# needed to run a JVM. Usage: rootfs.sh OUTPUT_DIR [JAVA_HOME]
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "--help" ]; then
  echo "usage: rootfs.sh OUTPUT_DIR [JAVA_HOME]   (JAVA_HOME must have jmods/, as Debian's openjdk-17-jdk has)" >&2
  [ $# -ge 1 ] && exit 0 || exit 2
fi
out=$1
java_home=${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
[ -d "$java_home/jmods" ] || { echo "rootfs.sh: $java_home/jmods not found: jlink needs a JDK with its jmods" >&2; exit 1; }

# What jdeps --print-module-deps lists for twin-cluster.jar, plus the EC ciphers TLS to AWS
# IoT Core and Keyspaces negotiates and DNS for service discovery.
modules=java.base,java.compiler,java.desktop,java.naming,java.prefs,java.security.sasl,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.naming.dns

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/proc"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/opt/java"

# Every shared library the runtime's executables and libraries need, at the path ldd finds it;
# not those of the desktop toolkit's display, sound and image code (java.desktop is there for
# java.beans, and a headless server never loads them).
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' ! -name 'libfontmanager.so' \
  ! -name 'liblcms.so' ! -name 'libjavajpeg.so' ! -name 'libjawt.so' -print0 |
  xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u |
  while read -r library; do
    case "$library" in "$out"/*) continue ;; esac
    mkdir -p "$out$(dirname "$library")"
    cp -L "$library" "$out$library"
  done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
echo "rootfs.sh: $(du -sh "$out" | cut -f1) in $out"

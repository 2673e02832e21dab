#!/usr/bin/env bash
# make-runtime.sh TARGET JAVA_HOME: the capture runtime in TARGET/capture, from the jar and its dependencies.
#   capture/bin/java   a jlink image of only the modules the capture process uses: the one binary that gets
#                      cap_net_raw,cap_net_admin (it runs nothing but the capture main)
#   capture/app/       feedscope-capture.jar, pcap4j, JNA, slf4j-api; native/ JNA's libjnidispatch, unpacked
#                      here at build time so that the capable process never loads a library from /tmp
set -euo pipefail
t=$1 jh=$2
out=$t/capture
rm -rf "$out"
# java.sql: pcap4j's API hands out java.sql.Timestamp; java.logging: JNA logs through it
"$jh/bin/jlink" --add-modules java.base,java.logging,java.sql --strip-debug --no-header-files --no-man-pages \
  --output "$out"
mkdir -p "$out/app/native"
cp "$t/feedscope-capture.jar" "$t"/capture-jars/*.jar "$out/app/"
jna=$(ls "$out"/app/jna-*.jar)
(cd "$out/app/native" && "$jh/bin/jar" xf "$jna" com/sun/jna/linux-x86-64/libjnidispatch.so \
  && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -r com)
echo "capture runtime: $out ($(du -sh "$out" | cut -f1))"

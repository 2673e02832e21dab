#!/usr/bin/env bash
# add-to-product.sh PRODUCT_DIR RUNTIME_DIR: puts the pcap4j capture runtime into the materialized product as
# capture/ (before the product is archived). A build of the product alone (-pl without this module) has no
# runtime to add: it says so and the product has no pcap4j capture process (dumpcap still works).
set -euo pipefail
product=$1 runtime=$2
if [ ! -x "$runtime/bin/java" ]; then
  echo "WARNING: no capture runtime at $runtime (build releng/io.feedscope.capture.runtime): the product has no pcap4j capture process" >&2
  exit 0
fi
rm -rf "$product/capture"
cp -a "$runtime" "$product/capture"
echo "capture runtime added: $product/capture"

#!/bin/sh
# Prints sequence chart redraw times (SequenceChartBench) for 1 M and 10 M packets, or the sizes given.
# Needs the classes of a previous build of both modules:
#   cd releng && JAVA_HOME=... flock /tmp/feedscope-mvn.lock xvfb-run -a ./mvnw -B -ntp verify \
#     -pl ../target-platform,../bundles/io.feedscope.ui.chart,../tests/io.feedscope.ui.chart.tests -am
# Then: tests/io.feedscope.ui.chart.tests/bench.sh [packets...]
set -e
here=$(cd "$(dirname "$0")" && pwd)
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
swt=$(ls ~/.m2/repository/org/eclipse/platform/org.eclipse.swt.gtk.linux.x86_64/3.135.0/org.eclipse.swt.gtk.linux.x86_64-3.135.0.jar)
cp="$here/../../bundles/io.feedscope.ui.chart/target/classes:$here/target/classes:$swt"
run="$java -Xmx3g --enable-native-access=ALL-UNNAMED -cp $cp io.feedscope.ui.chart.tests.SequenceChartBench $*"
if [ -n "$DISPLAY" ]; then $run; else xvfb-run -a $run; fi

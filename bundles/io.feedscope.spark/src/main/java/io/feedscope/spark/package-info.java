/**
 * {@code feedscope-spark}: the FeedScope analysis of a capture archive on Apache Spark, findings as Parquet
 * tables (issue 20). A plain-JVM module, not an OSGi bundle and not in the product: the analysis bundles are
 * plain jars on its class path, where the protocols and checks are found through their {@code plugin.xml}
 * files, as the command line finds them outside OSGi.
 * <p>
 * Work is split by capture set: the files of one feed session at its tap points on one day, analyzed
 * together as {@code feedscope analyze FILE...} analyzes them (one Spark task per set, the files read through
 * the streaming reader). Output: {@code findings}, {@code sessions} and {@code runs} under {@code --out}.
 */
@NonNullByDefault
package io.feedscope.spark;

import org.eclipse.jdt.annotation.NonNullByDefault;

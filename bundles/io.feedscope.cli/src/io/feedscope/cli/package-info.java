/**
 * The {@code feedscope} command line: {@link io.feedscope.cli.Main} and its subcommands. Runs in a
 * plain JVM with the product's jars on the class path (no OSGi, no UI).
 */
@NonNullByDefault
package io.feedscope.cli;

import org.eclipse.jdt.annotation.NonNullByDefault;

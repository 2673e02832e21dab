/**
 * What the product's {@code feedscope} script runs before the command line itself: the class path made
 * from the bundles p2 installed ({@link io.feedscope.cli.internal.InstalledBundles}), and the training run of its
 * start-up cache ({@link io.feedscope.cli.internal.StartupTraining}). Not exported: only
 * the script (plain class path) and this bundle's test fragment use it.
 */
@NonNullByDefault
package io.feedscope.cli.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;

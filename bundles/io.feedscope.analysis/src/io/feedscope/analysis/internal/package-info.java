/**
 * Built-in checks and the small primitive collections behind them; exported to the tests and the CLI
 * only. The checks are contributed through {@code plugin.xml} exactly as a team's own check would be.
 */
@NonNullByDefault
package io.feedscope.analysis.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;

/** The test of feedscope-spark in local mode over a generated archive. */
@NonNullByDefault
package io.feedscope.spark;

import org.eclipse.jdt.annotation.NonNullByDefault;

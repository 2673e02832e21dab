/** Implementation of the capture readers; exported to tests only.
 * <p>
 * First stage of the pipeline (capture &rarr; frames &rarr; dissection &rarr; streams &rarr; checks &rarr; views).
 * Depends on nothing but the JDK, so the CLI and plain JUnit run it without OSGi or SWT.
 */
@NonNullByDefault
package io.feedscope.capture.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;

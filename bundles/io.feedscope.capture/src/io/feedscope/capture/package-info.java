/**
 * Reading capture files into an index of frames, and the link layers under UDP.
 * <p>
 * First stage of the pipeline (capture &rarr; frames &rarr; dissection &rarr; streams &rarr; checks &rarr; views).
 * Depends on nothing but the JDK, so the CLI and plain JUnit run it without OSGi or SWT.
 */
@NonNullByDefault
package io.feedscope.capture;

import org.eclipse.jdt.annotation.NonNullByDefault;

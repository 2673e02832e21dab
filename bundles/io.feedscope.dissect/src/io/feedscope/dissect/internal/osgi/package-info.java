/** Implementation of io.feedscope.dissect (internal.osgi); exported only to friends. */
@NonNullByDefault
package io.feedscope.dissect.internal.osgi;

import org.eclipse.jdt.annotation.NonNullByDefault;

/** Implementation of io.feedscope.dissect (internal.lang); exported only to friends. */
@NonNullByDefault
package io.feedscope.dissect.internal.lang;

import org.eclipse.jdt.annotation.NonNullByDefault;

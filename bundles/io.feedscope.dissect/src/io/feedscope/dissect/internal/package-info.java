/** Implementation of io.feedscope.dissect (internal); exported only to friends. */
@NonNullByDefault
package io.feedscope.dissect.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;

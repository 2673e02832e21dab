/** Implementation of io.feedscope.dissect (internal.model); exported only to friends. */
@NonNullByDefault
package io.feedscope.dissect.internal.model;

import org.eclipse.jdt.annotation.NonNullByDefault;

/** Implementation of display filters: the ANTLR parser (generated into target/) and the predicate tree. */
@NonNullByDefault
package io.feedscope.filter.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;

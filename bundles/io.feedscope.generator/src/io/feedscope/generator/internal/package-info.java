/** Implementation of the generator: ITCH encoding, MoldUDP64 lines, capture writing, truth. */
@NonNullByDefault
package io.feedscope.generator.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;

/**
 * The {@code pitch} preset of {@code feedscope generate}: Cboe Multicast PITCH over the Sequenced Unit Header on
 * lines A and B, contributed to the generator's {@code io.feedscope.generator.feeds} point.
 */
@NonNullByDefault
package io.feedscope.protocols.pitch.generator;

import org.eclipse.jdt.annotation.NonNullByDefault;

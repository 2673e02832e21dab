/**
 * Generator of realistic NASDAQ TotalView-ITCH 5.0 over MoldUDP64 captures (lines A and B), with the
 * ground truth of what was generated written next to the capture, so tests and demos can state the
 * expected findings exactly. Other feed families add their presets through the
 * {@code io.feedscope.generator.feeds} extension point ({@link io.feedscope.generator.feed}). Depends on the JDK,
 * io.feedscope.capture (the format enum) and io.feedscope.dissect (its plugin.xml reader, for the contributions).
 */
@NonNullByDefault
package io.feedscope.generator;

import org.eclipse.jdt.annotation.NonNullByDefault;

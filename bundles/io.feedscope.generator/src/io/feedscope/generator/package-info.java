/**
 * Generator of realistic NASDAQ TotalView-ITCH 5.0 over MoldUDP64 captures (lines A and B), with the
 * ground truth of what was generated written next to the capture, so tests and demos can state the
 * expected findings exactly. Depends only on the JDK and io.feedscope.capture (for the format enum).
 */
@NonNullByDefault
package io.feedscope.generator;

import org.eclipse.jdt.annotation.NonNullByDefault;

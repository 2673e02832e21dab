/** MoldUDP64 and legacy MoldUDP framing, contributed to io.feedscope.dissect (descriptions in protocols/). */
@NonNullByDefault
package io.feedscope.protocols.moldudp64;

import org.eclipse.jdt.annotation.NonNullByDefault;

/**
 * FeedScope to Wireshark: Lua dissectors generated from the compiled protocol descriptions, and pcapng files
 * whose frame comments carry the findings, so that what FeedScope found can be looked at in Wireshark.
 */
@NonNullByDefault
package io.feedscope.wireshark;

import org.eclipse.jdt.annotation.NonNullByDefault;

/** NASDAQ TotalView-ITCH 5.0, contributed to io.feedscope.dissect (description in protocols/itch50.fsp). */
@NonNullByDefault
package io.feedscope.protocols.itch50;

import org.eclipse.jdt.annotation.NonNullByDefault;

/**
 * What a feed family's bundle writes against to add presets to {@code feedscope generate}: the
 * {@code io.feedscope.generator.feeds} extension point ({@code schema/feeds.exsd}) takes a {@link Framing}
 * (the framing protocol's {@link FramingEncoder}) and the {@link FeedPreset}s that write captures with it;
 * {@link FeedPresets} finds them in OSGi and on a plain class path, as protocols and checks are found. The
 * rest is the generator's own writing kit, public so that a contributed preset needs nothing internal:
 * {@link CaptureSink} (pcap/pcapng), {@link UdpFrames} (Ethernet/IPv4/UDP around a payload),
 * {@link IntervalSet} and {@link Json} (for the truth sidecar).
 */
@NonNullByDefault
package io.feedscope.generator.feed;

import org.eclipse.jdt.annotation.NonNullByDefault;

package io.feedscope.analysis;

/**
 * What the analysis worked out about the current {@link PacketRole#LINE_DATA} packet against the state
 * <em>before</em> it, so checks need not repeat the range-list look-ups. Reused for every packet; only
 * valid during {@link FeedCheck#onPacket}.
 */
public final class PacketFacts {

	/** messages in the packet nobody (no line of the session) had delivered before */
	public int newForSession;
	/** lowest of those, or {@code Long.MIN_VALUE} when there are none */
	public long firstNewForSession = Long.MIN_VALUE;
	/** highest of those, or {@code Long.MIN_VALUE} when there are none (the packet may end with old messages) */
	public long lastNewForSession = Long.MIN_VALUE;
	/** highest sequence number any line had delivered before, {@code Long.MIN_VALUE} if none */
	public long sessionMaxBefore = Long.MIN_VALUE;
	/** messages new for this line (over all tap points) */
	public int newForLine;
	/** highest sequence number this line had delivered before, {@code Long.MIN_VALUE} if none */
	public long lineMaxBefore = Long.MIN_VALUE;
	/** messages this line had already delivered at the same tap point (capture): duplicates */
	public int duplicatesAtTap;
	/** the packet fills a hole below what this tap point had already seen on the line: it came late */
	public boolean reorderedAtTap;
	/** highest sequence number seen on this line at this tap before, {@code Long.MIN_VALUE} if none */
	public long tapMaxBefore = Long.MIN_VALUE;
	/**
	 * the line had every message of the packet already from another tap point, and this tap had none: the
	 * same packet captured a second time further along the path. Replays of a handler skip it.
	 */
	public boolean copyFromOtherTap;

	void reset() {
		newForSession = 0;
		firstNewForSession = Long.MIN_VALUE;
		lastNewForSession = Long.MIN_VALUE;
		sessionMaxBefore = Long.MIN_VALUE;
		newForLine = 0;
		lineMaxBefore = Long.MIN_VALUE;
		duplicatesAtTap = 0;
		reorderedAtTap = false;
		tapMaxBefore = Long.MIN_VALUE;
		copyFromOtherTap = false;
	}
}

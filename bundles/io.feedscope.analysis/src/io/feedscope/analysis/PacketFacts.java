package io.feedscope.analysis;

/**
 * What the analysis worked out about the current {@link PacketRole#LINE_DATA} packet against the state
 * <em>before</em> it, so checks need not repeat the range-list look-ups. Reused for every packet; only
 * valid during {@link FeedCheck#onPacket}. Read only for checks: the values are filled by the analysis
 * (package-private fields) and read through the accessors, so one check cannot change what the next one sees.
 */
public final class PacketFacts {

	/** messages in the packet nobody (no line of the session) had delivered before */
	int newForSession;
	/** lowest of those, or {@code Long.MIN_VALUE} when there are none */
	long firstNewForSession = Long.MIN_VALUE;
	/** highest of those, or {@code Long.MIN_VALUE} when there are none (the packet may end with old messages) */
	long lastNewForSession = Long.MIN_VALUE;
	/** highest sequence number any line had delivered before, {@code Long.MIN_VALUE} if none */
	long sessionMaxBefore = Long.MIN_VALUE;
	/** messages new for this line (over all tap points) */
	int newForLine;
	/** highest sequence number this line had delivered before, {@code Long.MIN_VALUE} if none */
	long lineMaxBefore = Long.MIN_VALUE;
	/** messages this line had already delivered at the same tap point (capture): duplicates */
	int duplicatesAtTap;
	/** the packet fills a hole below what this tap point had already seen on the line: it came late */
	boolean reorderedAtTap;
	/** highest sequence number seen on this line at this tap before, {@code Long.MIN_VALUE} if none */
	long tapMaxBefore = Long.MIN_VALUE;
	/**
	 * the line had every message of the packet already from another tap point, and this tap had none: the
	 * same packet captured a second time further along the path. Replays of a handler skip it.
	 */
	boolean copyFromOtherTap;

	/** @see #newForSession */
	public int newForSession() {
		return newForSession;
	}

	/** @see #firstNewForSession */
	public long firstNewForSession() {
		return firstNewForSession;
	}

	/** @see #lastNewForSession */
	public long lastNewForSession() {
		return lastNewForSession;
	}

	/** @see #sessionMaxBefore */
	public long sessionMaxBefore() {
		return sessionMaxBefore;
	}

	/** @see #newForLine */
	public int newForLine() {
		return newForLine;
	}

	/** @see #lineMaxBefore */
	public long lineMaxBefore() {
		return lineMaxBefore;
	}

	/** @see #duplicatesAtTap */
	public int duplicatesAtTap() {
		return duplicatesAtTap;
	}

	/** @see #reorderedAtTap */
	public boolean reorderedAtTap() {
		return reorderedAtTap;
	}

	/** @see #tapMaxBefore */
	public long tapMaxBefore() {
		return tapMaxBefore;
	}

	/** @see #copyFromOtherTap */
	public boolean copyFromOtherTap() {
		return copyFromOtherTap;
	}

	/** Copies {@code other}'s values (for a check thread, which reads them after this packet's turn). */
	void copyFrom(PacketFacts other) {
		newForSession = other.newForSession;
		firstNewForSession = other.firstNewForSession;
		lastNewForSession = other.lastNewForSession;
		sessionMaxBefore = other.sessionMaxBefore;
		newForLine = other.newForLine;
		lineMaxBefore = other.lineMaxBefore;
		duplicatesAtTap = other.duplicatesAtTap;
		reorderedAtTap = other.reorderedAtTap;
		tapMaxBefore = other.tapMaxBefore;
		copyFromOtherTap = other.copyFromOtherTap;
	}

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

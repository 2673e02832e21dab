package io.feedscope.analysis;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A streaming check over the packets of all feed sessions.
 * <p>
 * Contributed through the extension point {@code io.feedscope.analysis.checks} (see
 * {@code schema/checks.exsd}); {@link CheckRegistry} finds contributions both under OSGi and on a plain
 * class path. One instance serves one analysis run: it is created, {@link #start started}, fed every
 * classified packet in merged capture-time order, {@link #finish finished}, and then asked for JSON and
 * summary text.
 * <p>
 * A contribution may declare what it looks at with the {@code protocols} and {@code roles} attributes of its
 * {@code <check>} (a {@link CheckScope}, {@link CheckDescriptor#scope()}; {@link FeedAnalyzer#addCheck(String,
 * FeedCheck, CheckScope)} when added by hand): {@link #onPacket} is then called only for the packets of those
 * protocols and roles, so a check of one feed costs nothing on another's packets. Without them it sees every
 * packet.
 * <p>
 * Shared state is read only: the packet ({@link PacketView}), the {@link PacketFacts}, the sessions' and
 * lines' range lists ({@link Ranges}) and counters are what every check reads in turn, so a check gets no
 * way to change them. Its own state goes in its slot (below); what it finds goes out as {@link Finding}s
 * and {@link Annotation}s ({@link CheckContext#report}, {@link CheckContext#annotate}), and its JSON members
 * ({@link #writeSession}, {@link #writeLine}) under one member named by its id when it is contributed by a
 * plug-in.
 * <p>
 * Memory contract: a check must not keep anything per message or per packet. Keep per-session state in
 * {@link FeedSession#checkState(int)} under the slot from {@link CheckContext#slot()}: range lists,
 * counters, bounded windows and bounded lists.
 */
public interface FeedCheck {

	/** @param context options, the finding sink and this check's state slot */
	void start(CheckContext context);

	/**
	 * One classified packet in the check's scope. Lines are not named yet (A/B is decided at the end); use
	 * {@link FeedLine#index()} while streaming.
	 *
	 * @param event the packet, read only; valid only during this call
	 * @param role what the analysis made of it
	 * @param session its session, null for {@link PacketRole#MALFORMED} frames without one
	 * @param line its line for the {@code LINE_*} roles, otherwise null
	 * @param facts look-ups for {@link PacketRole#LINE_DATA}, against the state before this packet
	 */
	void onPacket(PacketView event, PacketRole role, @Nullable FeedSession session, @Nullable FeedLine line,
			PacketFacts facts);

	/**
	 * Whether {@link #onPacket} may run on a thread of its own ({@link FeedAnalyzer#checkThreads(int)}): true
	 * when it reads nothing but its arguments (the packet, the role, the facts; of the session and line only
	 * what never changes while packets stream: identity, {@link FeedLine#index()}, destination, name) and
	 * its own state, and reports only through its context. Such a check sees every event in the same order,
	 * a little later than the analysis' own bookkeeping, so it must not read the live counters or range lists
	 * of sessions and lines (which other checks read, like a freeze check, and which keep changing). Its
	 * findings are put back in the order a single thread gives.
	 *
	 * @return false by default: the check runs on the analysis' own thread
	 */
	default boolean isolated() {
		return false;
	}

	/**
	 * A destination that carried {@code previous}'s session now carries another session.
	 *
	 * @param event the first packet of the new session there
	 */
	default void onSessionChange(PacketView event, FeedLine previous, FeedLine next) {
		// most checks do not care
	}

	/** End of input; lines are named now. Report findings here. */
	default void finish() {
		// nothing to close by default
	}

	/** Writes this check's members into the session's JSON object (after {@link #finish()}). */
	default void writeSession(FeedSession session, JsonWriter json) {
		// no members by default
	}

	/** Writes this check's members into a line's JSON object (after {@link #finish()}). */
	default void writeLine(FeedLine line, JsonWriter json) {
		// no members by default
	}

	/** Adds headline fragments and detail lines for people (after {@link #finish()}). */
	default void summarize(FeedSession session, Summary summary) {
		// nothing to say by default
	}
}

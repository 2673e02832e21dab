package io.feedscope.dissect;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Chooses the framing protocol of a UDP payload, as Wireshark's dissector tables and heuristics do, in this
 * order: the user's port and group bindings, the descriptions' own, ports learned from earlier packets of the
 * capture, then the best-scoring heuristic. Owns the learned ports ({@link LearnedBindings}): a port a heuristic
 * recognized goes straight to that protocol afterwards, so a broken packet on it is reported as broken. Keeps why
 * it chose (for {@link FeedPacket#boundBy()}); allocates nothing per frame.
 */
final class PacketBinder {

	/** Marks {@link #fBoundBy} as "a heuristic", told by {@link #fBoundHeuristic} and {@link #fBoundScore}. */
	private static final String HEURISTIC = new String("heuristic");
	private static final String LEARNED = "port learned from earlier packets of this capture";

	private final ProtocolSet fSet;
	private final ConditionEvaluator fConditions;
	/**
	 * Per UDP port, 1 + the index of the framing protocol a heuristic found on it earlier, 0 if none;
	 * null unless the dissector reads a capture front to back ({@link FeedDissector#learnPorts()}).
	 */
	@Nullable
	LearnedBindings fLearned;
	/** false when {@link #fLearned} is only read (random access after a front-to-back pass) */
	boolean fLearn;
	private String fBoundBy = "";
	/** index of the chosen framing in the set's framing protocols, set by {@link #bind} */
	int fFramingIndex;
	private String fBoundHeuristic = "";
	/** the feed a user binding named ({@code udp.port==N,moldudp64/xyz}), null to use the framing's */
	@Nullable
	Protocol fBoundFeed;
	private int fBoundScore;

	/** whether the bindings' last answer is kept ({@link #staticBinding}); off with the framing's other fast paths */
	private final boolean fKeep;

	PacketBinder(ProtocolSet set, ConditionEvaluator conditions, boolean keep) {
		fSet = set;
		fConditions = conditions;
		fKeep = keep;
	}

	/** Forgets the last frame's choice. */
	void reset() {
		fBoundBy = "";
	}

	/** @return why the framing was chosen ("port binding", "heuristic 'strict' (score 90)"), empty if none */
	String boundBy() {
		return fBoundBy == HEURISTIC ? "heuristic '" + fBoundHeuristic + "' (score " + fBoundScore + ")" : fBoundBy;
	}

	/** @return true when a heuristic chose the framing: {@link #boundBy()} starts with "heuristic", not made */
	boolean byHeuristic() {
		return fBoundBy == HEURISTIC;
	}

	/**
	 * After a frame was dissected front to back: a heuristic's choice that held (not malformed) is learned for the
	 * feed's own port (its group port for multicast, the server's port for unicast answers).
	 */
	void learn(boolean multicast, int srcPort, int dstPort, boolean malformed) {
		LearnedBindings learned = fLearned;
		if (learned != null && fLearn && fBoundBy == HEURISTIC && !malformed) {
			int port = multicast ? dstPort : srcPort;
			learned.fPorts[port] = (byte) (1 + fFramingIndex);
		}
	}

	/**
	 * @return 1 + the index of the framing when the last frame's came from a learned port, 0 when it came from
	 *         a binding by port or group (the user's or a description's), -1 when from a heuristic or none: the
	 *         first two answers depend on the conversation alone (and the learned ports), so a packet may keep them
	 */
	int conversationBinding() {
		String by = fBoundBy;
		return by == LEARNED ? 1 + fFramingIndex : by.isEmpty() || by == HEURISTIC ? -1 : 0;
	}

	/** Takes the choice kept for the frame's conversation, as {@link #bind} made it for an earlier frame of it. */
	void bound(String by, int framingIndex, @Nullable Protocol feed) {
		fBoundBy = by;
		fFramingIndex = framingIndex;
		fBoundFeed = feed;
	}

	/** @return the framing protocol for a payload (its index goes to {@link #fFramingIndex}), or null */
	@Nullable
	Protocol bind(int off, int len, int srcPort, int dstPort, int dstAddr) {
		// arrays, not the protocol list: this runs for every frame, and an iterator is an allocation
		Protocol[] framing = fSet.fFramingArray;
		if (fKeep && fStatic != UNKNOWN && srcPort == fStaticSrc && dstPort == fStaticDst && dstAddr == fStaticAddr) {
			// the same ports and group as the frame before: the bindings' answer is the one it got
			fFramingIndex = fStaticIndex; // as the bindings' loops leave it, bound or not
			if (fStatic == BOUND) {
				fBoundBy = fStaticBy;
				fBoundFeed = fStaticFeed;
				return framing[fStaticIndex];
			}
		} else if (fKeep && fOther != UNKNOWN && srcPort == fOtherSrc && dstPort == fOtherDst && dstAddr == fOtherAddr) {
			// the conversation of the frame before that one (an A/B capture alternates its two lines' groups): its
			// answer, and the two answers kept swap places so that the last frame's is first again
			swap();
			fFramingIndex = fStaticIndex;
			if (fStatic == BOUND) {
				fBoundBy = fStaticBy;
				fBoundFeed = fStaticFeed;
				return framing[fStaticIndex];
			}
		} else {
			Protocol p = staticBinding(framing, srcPort, dstPort, dstAddr);
			swap(); // the last answer becomes the other one, this one the last
			fStaticSrc = srcPort;
			fStaticDst = dstPort;
			fStaticAddr = dstAddr;
			fStaticIndex = fFramingIndex;
			if (p != null) {
				fStatic = BOUND;
				fStaticBy = fBoundBy;
				fStaticFeed = fBoundFeed;
				return p;
			}
			fStatic = UNBOUND;
		}
		fBoundFeed = null;
		LearnedBindings bindings = fLearned;
		if (bindings != null) {
			byte[] learned = bindings.fPorts;
			// as Wireshark does for a conversation a heuristic recognized: its later packets go straight to
			// that protocol, so a broken one is reported as broken rather than passing as "not a feed", and
			// the heuristics (a walk over every block) run once per feed port instead of once per packet
			int f = learned[dstPort] != 0 ? learned[dstPort] : learned[srcPort];
			if (f != 0) {
				fBoundBy = LEARNED;
				fFramingIndex = f - 1;
				return framing[f - 1];
			}
		}
		Protocol best = null;
		int bestScore = 0;
		for (int pi = 0; pi < framing.length; pi++) {
			Protocol p = framing[pi];
			if (p.fPackets.length == 0) {
				continue;
			}
			Protocol.PacketLayout l = p.fPackets[p.fDefaultPacket];
			for (int h = 0; h < p.fHeuristicScore.length; h++) {
				if (p.fHeuristicScore[h] > bestScore && fConditions.hold(p, l, p.fHeuristicConds[h], p.fHeuristicValues[h], off, len)) {
					best = p;
					fFramingIndex = pi;
					bestScore = p.fHeuristicScore[h];
					// the text is made only if boundBy() is asked: this runs for every frame
					fBoundBy = HEURISTIC;
					fBoundHeuristic = p.fHeuristicName[h];
					fBoundScore = bestScore;
				}
			}
		}
		return best;
	}

	/**
	 * The user's port and group bindings, then the descriptions' own: an answer that depends on nothing but the
	 * ports, the destination and the set (which never changes), so {@link #bind} keeps the last one and asks
	 * again only when a frame's ports or destination differ from the frame before's (a feed's packets mostly
	 * follow each other on one group and port). Learned ports and heuristics come after it and are not kept.
	 *
	 * @return the bound framing ({@link #fFramingIndex}, {@link #fBoundBy}, {@link #fBoundFeed} set), or null
	 */
	private @Nullable Protocol staticBinding(Protocol[] framing, int srcPort, int dstPort, int dstAddr) {
		fBoundFeed = null;
		for (int k = 0; k < framing.length; k++) {
			int hit = inPorts(fSet.fUserPorts[k], srcPort, dstPort);
			if (hit >= 0) {
				fBoundBy = "user port binding";
				fFramingIndex = k;
				fBoundFeed = fSet.fUserPortFeeds[k][hit];
				return framing[k];
			}
			hit = inGroups(fSet.fUserGroups[k], dstAddr);
			if (hit >= 0) {
				fBoundBy = "user group binding";
				fFramingIndex = k;
				fBoundFeed = fSet.fUserGroupFeeds[k][hit];
				return framing[k];
			}
		}
		for (int pi = 0; pi < framing.length; pi++) {
			Protocol p = framing[pi];
			fFramingIndex = pi;
			for (int k = 0; k < p.fPortLow.length; k++) {
				if (srcPort >= p.fPortLow[k] && srcPort <= p.fPortHigh[k] || dstPort >= p.fPortLow[k] && dstPort <= p.fPortHigh[k]) {
					fBoundBy = "port binding";
					return p;
				}
			}
			for (int k = 0; k < p.fGroupAddress.length; k++) {
				if (inGroup(p.fGroupAddress[k], p.fGroupPrefix[k], dstAddr)) {
					fBoundBy = "group binding";
					return p;
				}
			}
		}
		return null;
	}

	private static final int UNKNOWN = 0;
	private static final int BOUND = 1;
	private static final int UNBOUND = 2;
	/**
	 * what {@link #staticBinding} said for {@link #fStaticSrc}, {@link #fStaticDst}, {@link #fStaticAddr}: the last
	 * conversation's answer; {@link #fOther} holds the one before
	 */
	private int fStatic = UNKNOWN;
	private int fStaticSrc;
	private int fStaticDst;
	private int fStaticAddr;
	private String fStaticBy = "";
	private int fStaticIndex;
	private @Nullable Protocol fStaticFeed;

	/** what {@link #staticBinding} said for the conversation before the last one ({@link #fOtherSrc}...), kept too */
	private int fOther = UNKNOWN;
	private int fOtherSrc;
	private int fOtherDst;
	private int fOtherAddr;
	private String fOtherBy = "";
	private int fOtherIndex;
	private @Nullable Protocol fOtherFeed;

	/** Swaps the last answer kept and the one before it. */
	private void swap() {
		int state = fStatic, src = fStaticSrc, dst = fStaticDst, addr = fStaticAddr, index = fStaticIndex;
		String by = fStaticBy;
		Protocol feed = fStaticFeed;
		fStatic = fOther;
		fStaticSrc = fOtherSrc;
		fStaticDst = fOtherDst;
		fStaticAddr = fOtherAddr;
		fStaticIndex = fOtherIndex;
		fStaticBy = fOtherBy;
		fStaticFeed = fOtherFeed;
		fOther = state;
		fOtherSrc = src;
		fOtherDst = dst;
		fOtherAddr = addr;
		fOtherIndex = index;
		fOtherBy = by;
		fOtherFeed = feed;
	}

	/** @return the index of the first range holding a port (for its binding's feed), -1 if none */
	private static int inPorts(int[] ranges, int src, int dst) {
		for (int k = 0; k < ranges.length; k += 2) {
			if (src >= ranges[k] && src <= ranges[k + 1] || dst >= ranges[k] && dst <= ranges[k + 1]) {
				return k / 2;
			}
		}
		return -1;
	}

	/** @return the index of the first group holding the destination, -1 if none */
	private static int inGroups(int[] groups, int dst) {
		for (int k = 0; k < groups.length; k += 2) {
			if (inGroup(groups[k], groups[k + 1], dst)) {
				return k / 2;
			}
		}
		return -1;
	}

	private static boolean inGroup(int addr, int prefix, int dst) {
		return Ipv4Cidr.contains(addr, prefix, dst);
	}
}

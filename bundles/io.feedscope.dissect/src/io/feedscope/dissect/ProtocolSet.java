package io.feedscope.dissect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.RecordClock;

/**
 * The protocols a {@link FeedDissector} knows, plus the user's bindings. Immutable; build with
 * {@link #builder()} or {@link #toBuilder()} (to add user bindings to a registry's set).
 * <p>
 * How a UDP datagram finds its framing protocol, first match wins:
 * <ol>
 * <li>a user port binding (source or destination port in range), then a user group binding (destination in the group);</li>
 * <li>the description's own port and group bindings;</li>
 * <li>the heuristics of every framing protocol: the highest score whose tests all hold.</li>
 * </ol>
 * The messages inside are handed to the feed protocol bound to the framing protocol: a user choice
 * ({@link Builder#carry(String, String)}) or the message protocol that says {@code carried by} it.
 */
public final class ProtocolSet {

	private final Map<String, Protocol> fProtocols;
	private final List<Protocol> fFraming;
	/** the framing protocols and, by the same index, the feed protocol each carries: read per packet */
	final Protocol[] fFramingArray;
	final @Nullable Protocol[] fFeedByFraming;
	private final Map<String, Protocol> fFeedFor;
	final int[][] fUserPorts;
	final int[][] fUserGroups;
	/** per framing and user binding (same order as the ranges), the feed the binding names or null */
	final @Nullable Protocol[][] fUserPortFeeds;
	final @Nullable Protocol[][] fUserGroupFeeds;
	/** explicit feed choices ({@link Builder#carry}), kept apart from the ones "carried by" gives */
	private final Map<String, String> fCarry;
	private final Map<String, String[]> fOrigins;
	private final List<ProtocolDiagnostic> fDiagnostics;
	/** the diagnostics given to the builder (the rest are found by the set itself and found again by a rebuilt one) */
	private final List<ProtocolDiagnostic> fGiven;
	/** the name of the messages protocol record files hold ({@link Builder#recordFeed}) */
	private final String fRecordFeedName;
	/** that protocol, null when it is not installed (or is a framing protocol): read per record */
	final @Nullable Protocol fRecordFeed;

	/** The feed a NASDAQ BinaryFILE day file holds unless the user says otherwise. */
	public static final String DEFAULT_RECORD_FEED = "itch50";

	private ProtocolSet(Builder b) {
		fProtocols = new LinkedHashMap<>(b.fProtocols);
		List<Protocol> framing = new ArrayList<>();
		for (Protocol p : fProtocols.values()) {
			if (p.isFraming()) {
				framing.add(p);
			}
		}
		fFraming = List.copyOf(framing);
		fFramingArray = framing.toArray(new Protocol[0]);
		fFeedFor = new HashMap<>();
		fCarry = new HashMap<>(b.fCarry);
		fOrigins = new HashMap<>(b.fOrigins);
		List<ProtocolDiagnostic> diags = new ArrayList<>(b.fDiagnostics);
		Map<String, List<Protocol>> claims = new LinkedHashMap<>();
		for (Protocol p : fProtocols.values()) {
			List<String> by = p.carriedBy();
			for (int i = 0; i < by.size(); i++) {
				String f = by.get(i);
				fFeedFor.putIfAbsent(f, p);
				claims.computeIfAbsent(f, k -> new ArrayList<>()).add(p);
				Protocol fp = fProtocols.get(f);
				if (fp == null || !fp.isFraming()) {
					// the framing may come from a file or plug-in not installed here: said, not an error
					int[] at = p.carriedByPosition(i);
					note(diags, new ProtocolDiagnostic(Severity.WARNING, sourceOf(p.name()), at[0], at[1], "'" + p.name()
							+ "' is carried by '" + f + "', which is " + (fp == null ? "not installed" : "not a framing protocol")
							+ " (framing protocols here: " + (framing.isEmpty() ? "none" : String.join(", ", framing.stream().map(Protocol::name).toList()))
							+ "): its messages are not decoded until a framing protocol '" + f + "' is added"));
				}
			}
		}
		for (Map.Entry<String, String> e : b.fCarry.entrySet()) {
			Protocol p = fProtocols.get(e.getValue());
			if (p != null) {
				fFeedFor.put(e.getKey(), p);
			}
		}
		// two feeds on one framing with nothing to tell them apart: the first added wins, and that is said once
		for (Map.Entry<String, List<Protocol>> c : claims.entrySet()) {
			String f = c.getKey();
			List<Protocol> feeds = c.getValue();
			boolean separated = b.fCarry.containsKey(f) || namesFeed(b.fPortFeeds.get(f)) || namesFeed(b.fGroupFeeds.get(f));
			if (feeds.size() < 2 || separated || !fProtocols.containsKey(f)) {
				continue;
			}
			Protocol won = feeds.get(0);
			for (Protocol lost : feeds.subList(1, feeds.size())) {
				int[] at = lost.carriedByPosition(lost.carriedBy().indexOf(f));
				note(diags, new ProtocolDiagnostic(Severity.WARNING, sourceOf(lost.name()), at[0], at[1], "both '" + won.name()
						+ "' (" + originOf(won.name()) + ") and '" + lost.name() + "' (" + originOf(lost.name()) + ") are carried by '" + f
						+ "': '" + won.name() + "' decodes all " + f + " traffic; to choose per feed, bind it: --bind udp.port==N," + f + "/"
						+ lost.name() + " (or ip.dst==GROUP," + f + "/" + lost.name() + "; the same in the preferences' bindings)"));
			}
		}
		fFeedByFraming = new Protocol[framing.size()];
		for (int k = 0; k < framing.size(); k++) {
			fFeedByFraming[k] = fFeedFor.get(framing.get(k).name());
		}
		fUserPorts = new int[framing.size()][];
		fUserGroups = new int[framing.size()][];
		fUserPortFeeds = new Protocol[framing.size()][];
		fUserGroupFeeds = new Protocol[framing.size()][];
		for (int k = 0; k < framing.size(); k++) {
			String n = framing.get(k).name();
			fUserPorts[k] = toArray(b.fPorts.get(n));
			fUserGroups[k] = toArray(b.fGroups.get(n));
			fUserPortFeeds[k] = feeds(n, b.fPortFeeds.get(n), diags);
			fUserGroupFeeds[k] = feeds(n, b.fGroupFeeds.get(n), diags);
		}
		fRecordFeedName = b.fRecordFeed;
		Protocol rf = fProtocols.get(b.fRecordFeed);
		fRecordFeed = rf != null && !rf.isFraming() ? rf : null;
		fDiagnostics = List.copyOf(diags);
		fGiven = List.copyOf(b.fDiagnostics);
	}

	/**
	 * @return the messages protocol whose messages the records of a record file (NASDAQ BinaryFILE, link type
	 *         FEEDSCOPE_BINARY_FILE) are, or null when the one configured is not installed
	 */
	public @Nullable Protocol recordFeed() {
		return fRecordFeed;
	}

	/** @return the name of the feed record files hold, as configured ({@link #DEFAULT_RECORD_FEED} unless told) */
	public String recordFeedName() {
		return fRecordFeedName;
	}

	/**
	 * The clock the capture layer times a record file's records with: the time of day in the field the record
	 * feed's description gives the role {@code timestamp} (ITCH 5.0: {@code itch50.timestamp}). Install it with
	 * {@code Captures.recordClock(set.recordClock())} before opening captures.
	 *
	 * @return the clock; {@link RecordClock#NONE} when the record feed is not installed or has no timestamp
	 */
	public RecordClock recordClock() {
		Protocol feed = fRecordFeed;
		if (feed == null || feed.fTimestampField < 0) {
			return RecordClock.NONE;
		}
		return record -> feed.timeOfDayNanos(record, 0, record.limit());
	}

	private static boolean namesFeed(@Nullable List<String> feeds) {
		return feeds != null && feeds.stream().anyMatch(f -> !f.isEmpty());
	}

	/** The feeds user bindings name; one that is not an installed messages protocol is said (the framing's usual feed is used). */
	private @Nullable Protocol[] feeds(String framing, @Nullable List<String> names, List<ProtocolDiagnostic> diags) {
		if (names == null) {
			return new Protocol[0];
		}
		Protocol[] out = new Protocol[names.size()];
		for (int k = 0; k < out.length; k++) {
			String n = names.get(k);
			Protocol p = n.isEmpty() ? null : fProtocols.get(n);
			if (!n.isEmpty() && (p == null || p.isFraming())) {
				note(diags, new ProtocolDiagnostic(Severity.WARNING, "bindings", 0, 0, "a binding of " + framing + " names feed '" + n
						+ "', which is not an installed messages protocol: that traffic gets " + framing + "'s usual feed"));
				p = null;
			}
			out[k] = p;
		}
		return out;
	}

	/** Adds a diagnostic unless it is there already (a set rebuilt with more bindings says things once). */
	private static void note(List<ProtocolDiagnostic> diags, ProtocolDiagnostic d) {
		if (!diags.contains(d)) {
			diags.add(d);
		}
	}

	/** @return the name diagnostics give a protocol's description (its file), from the registry, else "NAME.fsp" */
	public String sourceOf(String protocol) {
		String[] o = fOrigins.get(protocol);
		return o == null ? protocol + ".fsp" : o[0];
	}

	/**
	 * @return where a protocol came from, for people: "bundled (io.feedscope.protocols.itch50)", "user
	 *         (~/.config/feedscope/protocols/x.fsp)", "--protocol x.fsp"...; "added" when not told
	 */
	public String originOf(String protocol) {
		String[] o = fOrigins.get(protocol);
		return o == null ? "added" : o[1];
	}

	private static int[] toArray(@Nullable List<Integer> l) {
		if (l == null) {
			return new int[0];
		}
		int[] a = new int[l.size()];
		for (int k = 0; k < a.length; k++) {
			a[k] = l.get(k);
		}
		return a;
	}

	/**
	 * @return how traffic reaches a protocol, in the description's and the user's words ("carried by moldudp64";
	 *         "udp.port==26477; heuristic \"strict\" (score 80); carries itch50"), as {@code feedscope protocols} and
	 *         the workbench's protocol preferences show it
	 */
	public String bindingsText(Protocol p) {
		List<String> parts = new ArrayList<>();
		if (!p.isFraming()) {
			if (!p.carriedBy().isEmpty()) {
				parts.add("carried by " + String.join(", ", p.carriedBy()));
			}
		} else {
			for (int[] r : p.portBindings()) {
				parts.add("udp.port==" + r[0] + (r[1] != r[0] ? "-" + r[1] : ""));
			}
			for (int[] g : p.groupBindings()) {
				parts.add("ip.dst==" + (g[0] >>> 24) + "." + (g[0] >>> 16 & 255) + "." + (g[0] >>> 8 & 255) + "." + (g[0] & 255) + "/" + g[1]);
			}
			for (Map.Entry<String, Integer> h : p.heuristics().entrySet()) {
				parts.add("heuristic \"" + h.getKey() + "\" (score " + h.getValue() + ")");
			}
			Protocol feed = feedProtocol(p.name());
			parts.add(feed == null ? "carries nothing installed" : "carries " + feed.name());
		}
		return parts.isEmpty() ? "-" : String.join("; ", parts);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** @return a builder with these protocols and bindings, to add more */
	public Builder toBuilder() {
		Builder b = new Builder();
		fProtocols.values().forEach(b::add);
		b.fCarry.putAll(fCarry);
		b.fOrigins.putAll(fOrigins);
		for (int k = 0; k < fFraming.size(); k++) {
			String n = fFraming.get(k).name();
			for (int j = 0; j < fUserPorts[k].length; j += 2) {
				Protocol feed = fUserPortFeeds[k][j / 2];
				b.bindPorts(n, feed == null ? "" : feed.name(), fUserPorts[k][j], fUserPorts[k][j + 1]);
			}
			for (int j = 0; j < fUserGroups[k].length; j += 2) {
				Protocol feed = fUserGroupFeeds[k][j / 2];
				b.bindGroup(n, feed == null ? "" : feed.name(), fUserGroups[k][j], fUserGroups[k][j + 1]);
			}
		}
		b.fDiagnostics.addAll(fGiven);
		b.fRecordFeed = fRecordFeedName;
		return b;
	}

	/** @return every protocol, in the order added */
	public List<Protocol> protocols() {
		return List.copyOf(fProtocols.values());
	}

	/** @return framing protocols (those found in UDP payloads), in the order added */
	public List<Protocol> framingProtocols() {
		return fFraming;
	}

	/**
	 * The framing protocol a binding forces when it names none ({@code --bind udp.port==26477}, the preferences):
	 * taken from the installed descriptions, not named by the faces. It is the framing protocol the
	 * descriptions rank first for unknown traffic, i.e. whose best heuristic scores highest (MoldUDP64's
	 * "strict" 90 over legacy MoldUDP's 85); the first added wins a tie.
	 *
	 * @return its name, or null when no framing protocol is installed
	 */
	public @Nullable String defaultFraming() {
		Protocol best = null;
		int bestScore = Integer.MIN_VALUE;
		for (Protocol p : fFraming) {
			int score = Integer.MIN_VALUE + 1;
			for (int s : p.fHeuristicScore) {
				score = Math.max(score, s);
			}
			if (score > bestScore) {
				best = p;
				bestScore = score;
			}
		}
		return best == null ? null : best.name();
	}

	/** @return the protocol with this name, or null */
	public @Nullable Protocol protocol(String name) {
		return fProtocols.get(name);
	}

	/** @return the feed (message) protocol bound to a framing protocol, or null */
	public @Nullable Protocol feedProtocol(String framingName) {
		return fFeedFor.get(framingName);
	}

	/**
	 * @param fullName a field's full name, e.g. {@code itch50.price} or {@code moldudp64.sequence}
	 * @return its id for the fast accessors, or -1 if no protocol here has it
	 */
	public int fieldId(String fullName) {
		int dot = fullName.indexOf('.');
		if (dot > 0) {
			Protocol p = fProtocols.get(fullName.substring(0, dot));
			if (p != null) {
				return p.fieldId(fullName);
			}
		}
		return -1;
	}

	/** @return the field with this id, or null if no protocol here owns it */
	public @Nullable FieldInfo field(int fieldId) {
		for (Protocol p : fProtocols.values()) {
			if (p.owns(fieldId)) {
				return p.field(fieldId);
			}
		}
		return null;
	}

	/** @return problems met while building the set (descriptions that did not compile, ...) */
	public List<ProtocolDiagnostic> diagnostics() {
		return fDiagnostics;
	}

	/** Collects protocols and the user's bindings. */
	public static final class Builder {
		final Map<String, Protocol> fProtocols = new LinkedHashMap<>();
		final Map<String, String> fCarry = new HashMap<>();
		final Map<String, List<Integer>> fPorts = new HashMap<>();
		final Map<String, List<Integer>> fGroups = new HashMap<>();
		final Map<String, List<String>> fPortFeeds = new HashMap<>();
		final Map<String, List<String>> fGroupFeeds = new HashMap<>();
		final Map<String, String[]> fOrigins = new HashMap<>();
		final List<ProtocolDiagnostic> fDiagnostics = new ArrayList<>();
		String fRecordFeed = DEFAULT_RECORD_FEED;

		/**
		 * Chooses the feed whose messages the records of a record file (NASDAQ BinaryFILE) are: the dissector
		 * decodes each record as one message of it ({@link #DEFAULT_RECORD_FEED} unless told).
		 *
		 * @param feed a messages protocol's name
		 */
		public Builder recordFeed(String feed) {
			fRecordFeed = feed;
			return this;
		}

		/**
		 * Says where a protocol came from (for listings and diagnostics).
		 *
		 * @param protocol its name
		 * @param source the name its diagnostics give the description (file name or path)
		 * @param origin for people: "bundled (io.feedscope.protocols.itch50)", "user (PATH)", "--protocol PATH"
		 */
		public Builder origin(String protocol, String source, String origin) {
			fOrigins.put(protocol, new String[] { source, origin });
			return this;
		}

		/**
		 * Binds UDP ports low..high to a framing protocol and names the feed protocol its messages are
		 * ({@code udp.port==11002,moldudp64/xyz}), before any description binding.
		 *
		 * @param feed the messages protocol for this traffic, "" for the framing's usual one
		 */
		public Builder bindPorts(String framing, String feed, int low, int high) {
			if (!PortRange.valid(low, high)) {
				throw new IllegalArgumentException("bad port range " + low + ".." + high);
			}
			List<Integer> l = fPorts.computeIfAbsent(framing, k -> new ArrayList<>());
			l.add(low);
			l.add(high);
			fPortFeeds.computeIfAbsent(framing, k -> new ArrayList<>()).add(feed);
			return this;
		}

		/** Binds a destination group to a framing protocol carrying a given feed ("" for its usual one). */
		public Builder bindGroup(String framing, String feed, int address, int prefix) {
			if (prefix < 0 || prefix > 32) {
				throw new IllegalArgumentException("bad prefix " + prefix);
			}
			List<Integer> l = fGroups.computeIfAbsent(framing, k -> new ArrayList<>());
			l.add(address);
			l.add(prefix);
			fGroupFeeds.computeIfAbsent(framing, k -> new ArrayList<>()).add(feed);
			return this;
		}

		Builder() {
		}

		/** Adds a protocol; a later one with the same name replaces the earlier one. */
		public Builder add(Protocol p) {
			fProtocols.put(p.name(), p);
			return this;
		}

		/** Binds UDP ports low..high (source or destination) to a framing protocol, before any description binding. */
		public Builder bindPorts(String framing, int low, int high) {
			return bindPorts(framing, "", low, high);
		}

		/** Binds a destination group (address as big-endian int, prefix length) to a framing protocol. */
		public Builder bindGroup(String framing, int address, int prefix) {
			return bindGroup(framing, "", address, prefix);
		}

		/**
		 * Binds a destination group written as text.
		 *
		 * @param cidr "233.54.12.111" or "233.54.12.0/24"
		 */
		public Builder bindGroup(String framing, String cidr) {
			return bindGroup(framing, "", cidr);
		}

		/** Binds a destination group written as text ("233.54.12.0/24") to a framing carrying a feed ("" for its usual one). */
		public Builder bindGroup(String framing, String feed, String cidr) {
			Ipv4Cidr c = Ipv4Cidr.parse(cidr);
			return bindGroup(framing, feed, c.address(), c.prefix());
		}

		/** Chooses the feed protocol whose messages a framing protocol carries (overrides "carried by"). */
		public Builder carry(String framing, String feed) {
			fCarry.put(framing, feed);
			return this;
		}

		/** Records a problem to report with the set (e.g. a description that did not compile). */
		public Builder diagnostic(ProtocolDiagnostic d) {
			fDiagnostics.add(d);
			return this;
		}

		public ProtocolSet build() {
			return new ProtocolSet(this);
		}
	}
}

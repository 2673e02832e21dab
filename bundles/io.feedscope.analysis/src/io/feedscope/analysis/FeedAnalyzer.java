package io.feedscope.analysis;

import io.feedscope.dissect.PacketKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.internal.ArbitrationCheck;
import io.feedscope.analysis.internal.BurstCheck;
import io.feedscope.analysis.internal.FreezeCheck;
import io.feedscope.analysis.internal.GapsCheck;
import io.feedscope.analysis.internal.LatencyCheck;
import io.feedscope.analysis.internal.LongMap;
import io.feedscope.analysis.internal.LossCheck;
import io.feedscope.analysis.internal.MessageTimesCheck;
import io.feedscope.analysis.internal.SequenceCheck;
import io.feedscope.analysis.internal.TapsCheck;
import io.feedscope.analysis.internal.WinnerCheck;

/**
 * The streaming analysis: classifies each {@link PacketEvent} into sessions and lines, keeps the shared
 * per-line and per-session state (range lists, counters), and feeds the checks.
 * <p>
 * Use: {@link #analyze(CaptureMerger, List, AnalysisOptions)}, or create one, {@link #addCapture} each
 * capture, {@link #accept} every event in capture-time order and {@link #finish()}. Per event the work is
 * a few O(1) range-list operations at the tail of merged interval lists and one call per check whose
 * {@link CheckScope} takes the packet (a check with a scope is never called for the others, whichever path the
 * packet takes: the built-in checks straight-line, the general switch, or a check thread); nothing is allocated per
 * event in the usual case (a packet that fills holes allocates a small range list).
 * <p>
 * Lines are keyed by (destination, session, interface): a session's line is its destination (group:port),
 * and several sessions may share one destination at once (PITCH units interleaved on one group; a session
 * that replaces another is told to the checks at the end). When one group:port arrives on two capture
 * interfaces, each interface becomes its own line (the A/B-on-one-group setup); interface ids are assumed
 * to mean the same NIC in every capture opened together. The same group:port in two captures (two tap
 * points of the same line) stays one line; duplicates and reordering are judged per tap point.
 * Unicast DATA is a retransmission answer, not a line.
 * <p>
 * Not thread-safe; one instance per run.
 */
public final class FeedAnalyzer {

	/**
	 * A multicast group:port, possibly split by interface. It carries one line per session seen on it: MoldUDP64
	 * sends one session at a time, PITCH interleaves its units on one group, so lines are kept side by side and
	 * whether a session replaced another is judged at the end ({@link #sessionChanges()}).
	 */
	private static final class Destination {
		final int fIp;
		final int fPort;
		int fInterface = -1;
		final List<FeedLine> fLines = new ArrayList<>(1);
		/** per line of {@link #fLines}, a copy of its first packet (for the session change it may be) */
		final List<PacketEvent> fFirstEvents = new ArrayList<>(1);
		@Nullable FeedLine fCurrent;
		/**
		 * the session and protocol Strings of the last event that went to {@link #fCurrent}: sources hand out one
		 * String per session, so the usual packet is matched by two identity compares, without reaching into
		 * the line's session
		 */
		@Nullable String fCurrentSession;
		@Nullable String fCurrentProtocol;

		Destination(int ip, int port) {
			fIp = ip;
			fPort = port;
		}
	}

	/** all destinations of one group:port, one per interface once split */
	private static final class Group {
		final int fBaseInterface;
		final Destination fBase;
		Destination @Nullable [] fOthers;

		Group(int iface, Destination base) {
			fBaseInterface = iface;
			fBase = base;
		}
	}

	private final class Context implements CheckContext {
		final String fId;
		final int fSlot;
		/** declared options of the check (none for checks added without a descriptor) */
		final List<CheckOption> fDeclared;
		/** the option values in effect, by option name */
		final Map<String, String> fValues = new HashMap<>();
		final List<Annotation> fAnnotations = new ArrayList<>();
		int fKept;
		/** findings past {@link AnalysisOptions#findingsPerCheck()}: per check, a check thread counts its own */
		long fDropped;
		/** the check thread that runs this check, null for the calling thread's checks */
		@Nullable CheckThread fThread;
		/** the packets the check's onPacket is handed */
		final CheckScope fScope;

		Context(String id, int slot, List<CheckOption> declared, CheckScope scope) {
			fId = id;
			fSlot = slot;
			fDeclared = declared;
			fScope = scope;
			for (CheckOption o : declared) {
				fValues.put(o.name(), o.defaultValue());
			}
		}

		@Override
		public void annotate(Annotation annotation) {
			// bounded like the report's lists; the findings carry their own
			if (fAnnotations.size() < fOptions.listLimit()) {
				fAnnotations.add(annotation);
			}
		}

		@Override
		public int field(String name) {
			if (!fStarting) {
				throw new IllegalStateException("check " + fId + " declared field " + name
						+ " after start: declare message fields in start()");
			}
			int i = fFieldNames.indexOf(name);
			if (i < 0) {
				fFieldNames.add(name);
				i = fFieldNames.size() - 1;
			}
			return i;
		}

		@Override
		public String option(String name) {
			String v = fValues.get(name);
			if (v == null) {
				throw new IllegalArgumentException("check " + fId + " declares no option " + name + " (declared: "
						+ fDeclared.stream().map(CheckOption::name).toList() + ")");
			}
			return v;
		}

		@Override
		public AnalysisOptions options() {
			return fOptions;
		}

		@Override
		public List<FeedSession> sessions() {
			return java.util.Collections.unmodifiableList(fSessions);
		}

		@Override
		public String checkId() {
			return fId;
		}

		@Override
		public int captureCount() {
			return fCaptureNames.length;
		}

		@Override
		public int slot() {
			return fSlot;
		}

		@Override
		public void report(Finding finding) {
			if (fKept >= fOptions.findingsPerCheck()) {
				fDropped++;
				return;
			}
			fKept++;
			if (!fTagging) {
				fFindings.add(finding);
				return;
			}
			// check threads run: tagged with the event and the check, to be put back in the order of one thread
			CheckThread t = fThread;
			if (t != null) {
				t.fFound.add(new Tagged(t.fEventIndex, fSlot, finding));
			} else {
				fTagged.add(new Tagged(fEventIndex, fSlot, finding));
			}
		}
	}

	/**
	 * Runs kept per line in {@link FeedLine#firstDelivered()}: 65,536 runs = 1 MB per line. Two lines of
	 * equal latency can alternate message by message, which would otherwise grow with the capture.
	 */
	static final int FIRST_RUNS_LIMIT = 1 << 16;

	private final AnalysisOptions fOptions;
	private final List<FeedCheck> fChecks = new ArrayList<>();
	private final List<Context> fContexts = new ArrayList<>();
	private FeedCheck[] fCheckArray = new FeedCheck[0];
	/** per check of {@link #fCheckArray}: which built-in check it is ({@link #kindOf}), for {@link #dispatch} */
	private int[] fCheckKinds = new int[0];
	/**
	 * per check of {@link #fCheckArray}: its scope when it has one ({@link #scoped}), null for a check that sees every
	 * packet; so are the arrays of scopes beside every other array of checks below
	 */
	private @Nullable CheckScope[] fCheckScopes = new CheckScope[0];
	private final List<Finding> fFindings = new ArrayList<>();

	// check threads (checkThreads): the isolated checks run on threads of their own, each seeing every event
	// in order; their findings come back tagged and are merged into the order one thread gives
	/** a finding reported while events stream, with the event it came at and its check's slot */
	private record Tagged(long event, int check, Finding finding) {
	}

	/** events handed to the check threads; every check thread reads each batch, the last one frees it */
	private static final class Batch {
		static final int SIZE = 512;
		final PacketEvent[] fEvents = new PacketEvent[SIZE];
		final PacketRole[] fRoles = new PacketRole[SIZE];
		final @Nullable FeedSession[] fSessions = new FeedSession[SIZE];
		final @Nullable FeedLine[] fLines = new FeedLine[SIZE];
		final PacketFacts[] fFacts = new PacketFacts[SIZE];
		int fSize;
		long fFirst;
		final AtomicInteger fReaders = new AtomicInteger();

		Batch() {
			for (int i = 0; i < SIZE; i++) {
				fEvents[i] = new PacketEvent();
				fRoles[i] = PacketRole.OTHER_UNICAST;
				fFacts[i] = new PacketFacts();
			}
		}
	}

	/** tells a check thread that the events ended */
	private static final Batch END = new Batch();

	private final class CheckThread extends Thread {
		final BlockingQueue<Batch> fQueue;
		final List<FeedCheck> fMine = new ArrayList<>();
		final List<@Nullable CheckScope> fMineScopes = new ArrayList<>();
		final List<Tagged> fFound = new ArrayList<>();
		final PacketEvent.ReadOnly fThreadView = new PacketEvent.ReadOnly();
		long fEventIndex;
		volatile @Nullable Throwable fError;

		CheckThread(int n, int batches) {
			super("feedscope checks " + n);
			setDaemon(true); // never keeps a command-line JVM alive
			fQueue = new ArrayBlockingQueue<>(batches + 1);
		}

		@Override
		public void run() {
			FeedCheck[] mine = fMine.toArray(new FeedCheck[0]);
			@Nullable CheckScope[] scopes = fMineScopes.toArray(new CheckScope[0]);
			try {
				while (true) {
					Batch b = fQueue.take();
					if (b == END) {
						return;
					}
					try {
						if (fError == null) {
							for (int i = 0; i < b.fSize; i++) {
								fEventIndex = b.fFirst + i;
								PacketView view = fThreadView.of(b.fEvents[i]);
								PacketRole role = b.fRoles[i];
								for (int k = 0; k < mine.length; k++) {
									CheckScope scope = scopes[k];
									if (scope == null || scope.includes(view.protocol(), role)) {
										mine[k].onPacket(view, role, b.fSessions[i], b.fLines[i], b.fFacts[i]);
									}
								}
							}
						}
					} catch (RuntimeException | Error e) {
						fError = e; // told by the calling thread; this one goes on freeing batches
					} finally {
						if (b.fReaders.decrementAndGet() == 0) {
							fFreeBatches.add(b);
						}
					}
				}
			} catch (InterruptedException e) {
				// closed
			}
		}
	}

	private int fCheckThreadCount;
	private CheckThread[] fCheckThreads = new CheckThread[0];
	private BlockingQueue<Batch> fFreeBatches = new ArrayBlockingQueue<>(1);
	private @Nullable Batch fBatch;
	/** true while check threads run: findings are tagged ({@link Tagged}) until {@link #finish()} merges them */
	private boolean fTagging;
	private final List<Tagged> fTagged = new ArrayList<>();
	/** index of the event being dispatched, from 0 */
	private long fEventIndex;
	/** the checks this thread calls: all of them, or those left when check threads run the isolated ones */
	private FeedCheck[] fHere = new FeedCheck[0];
	private int[] fHereKinds = new int[0];
	private @Nullable CheckScope[] fHereScopes = new CheckScope[0];
	/**
	 * true when {@link #fHere} holds the built-in checks, each at most once, in the order of their kinds (the
	 * default checks' order) one after the other, and any other checks (contributed ones) before them
	 * ({@link #fOthersBefore}) or after them ({@link #fOthers}): {@link #dispatch} then calls the others before, the
	 * built-in ones one after the other, straight-line, through the fields below (null for a check not run here),
	 * then the others after, instead of a switch per check per packet. The switch's indirect jump, ten times per
	 * packet with the checks' own branches between them, is not predicted as well as a test that goes the same way
	 * every time. Contributed checks may come first: the registry lists the contributions in the order the class
	 * path gives their plug-ins, and a plug-in's name may sort before io.feedscope.analysis.
	 */
	private boolean fStraight;
	/** {@link #fStraight} with no check threads: {@link #dispatch} calls {@link #straight} and nothing else */
	private boolean fAlone;
	private FeedCheck[] fOthersBefore = new FeedCheck[0];
	private @Nullable ScopeTest[] fOthersBeforeScopes = new ScopeTest[0];
	private FeedCheck[] fOthers = new FeedCheck[0];
	private @Nullable ScopeTest[] fOthersScopes = new ScopeTest[0];

	/**
	 * A scoped check's test of the packets {@link #straight} hands it: the protocol part judged again only when the
	 * packet's protocol String is another than the last one's (sources hand out one String per protocol), the role
	 * part a mask test. Why: a contributed check scoped to another feed (PITCH's unit check in an ITCH capture) cost
	 * the checks' thread a String compare per packet, about 7 % of its time replaying a capture's events. One per
	 * check and analysis: it remembers what this thread's packets were.
	 */
	private static final class ScopeTest {
		final CheckScope fScope;
		@Nullable String fProtocol;
		boolean fProtocolIn;

		ScopeTest(CheckScope scope) {
			fScope = scope;
		}

		boolean includes(String protocol, PacketRole role) {
			if (protocol != fProtocol) {
				fProtocolIn = fScope.includesProtocol(protocol);
				fProtocol = protocol;
			}
			return fProtocolIn && fScope.includesRole(role);
		}

		static @Nullable ScopeTest[] of(@Nullable CheckScope[] scopes, int from, int to) {
			@Nullable ScopeTest[] tests = new ScopeTest[to - from];
			for (int i = from; i < to; i++) {
				CheckScope scope = scopes[i];
				tests[i - from] = scope == null ? null : new ScopeTest(scope);
			}
			return tests;
		}
	}
	/** {@link #generalPaths()}: the fast paths off, for the tests that hold them to the general code */
	private boolean fGeneral;
	private @Nullable GapsCheck fGaps;
	private @Nullable LossCheck fLoss;
	private @Nullable ArbitrationCheck fArbitration;
	private @Nullable WinnerCheck fWinner;
	private @Nullable FreezeCheck fFreezes;
	private @Nullable BurstCheck fBursts;
	private @Nullable LatencyCheck fLatency;
	private @Nullable SequenceCheck fSequence;
	private @Nullable TapsCheck fTaps;
	private @Nullable MessageTimesCheck fMessageTimes;

	private final LongMap<Group> fGroups = new LongMap<>();
	/** every destination, in order of first appearance */
	private final List<Destination> fDestinations = new ArrayList<>();
	// the last two groups looked up: the A and B lines of a session alternate packet by packet
	private long fLastGroupKey = Long.MIN_VALUE;
	private @Nullable Group fLastGroup;
	private long fPreviousGroupKey = Long.MIN_VALUE;
	private @Nullable Group fPreviousGroup;
	private final Map<String, FeedSession> fSessionsByKey = new HashMap<>();
	private final List<FeedSession> fSessions = new ArrayList<>();
	private @Nullable FeedSession fLastUnicastSession;
	private final PacketFacts fFacts = new PacketFacts();
	/** the read-only face of each event that the checks get */
	private final PacketEvent.ReadOnly fView = new PacketEvent.ReadOnly();

	private String[] fCaptureNames = new String[0];
	private String[] fCapturePaths = new String[0];
	private String[] fCaptureFormats = new String[0];
	private long[] fCaptureFrames = new long[0];
	private long[] fCaptureFirst = new long[0];
	private long[] fCaptureLast = new long[0];
	private long fFrames;
	private long fNotFeed;
	private long fMalformedCount;
	private final List<AnalysisResult.Malformed> fMalformed = new ArrayList<>();
	private boolean fStarted;
	/** true while the checks' start methods run: the only time they may declare message fields */
	private boolean fStarting;
	private final List<String> fFieldNames = new ArrayList<>();
	private boolean fFinished;

	public FeedAnalyzer(AnalysisOptions options) {
		fOptions = options;
	}

	/** Creates an analyzer running a fresh instance of every check of {@code descriptors}, options at their defaults. */
	public FeedAnalyzer(List<CheckDescriptor> descriptors, AnalysisOptions options) {
		this(descriptors, options, Map.of());
	}

	/**
	 * Creates an analyzer running a fresh instance of every check of {@code descriptors}.
	 *
	 * @param checkOptions option values by {@code CHECK_ID.OPTION} (as {@code analyze --check-option} and the
	 *        Checks preference page give them); options not given keep their declared default
	 * @throws IllegalArgumentException naming the option when one is not declared by a check of
	 *         {@code descriptors} or its value does not fit its type
	 */
	public FeedAnalyzer(List<CheckDescriptor> descriptors, AnalysisOptions options, Map<String, String> checkOptions) {
		this(options);
		Map<String, String> left = new HashMap<>(checkOptions);
		for (CheckDescriptor d : descriptors) {
			Context c = add(d.id(), d.create(), d.options(), d.scope());
			for (CheckOption o : d.options()) {
				String v = left.remove(d.id() + "." + o.name());
				if (v != null) {
					c.fValues.put(o.name(), o.validate(v));
				}
			}
		}
		if (!left.isEmpty()) {
			String key = left.keySet().stream().sorted().findFirst().orElse("");
			throw new IllegalArgumentException("no check of this run declares the option " + key);
		}
	}

	/**
	 * Turns the fast paths off (for tests, before the first event): every DATA packet takes the general range-list
	 * look-ups (the tap through {@link FeedLine#tap}, the session's coverage through its list, every list through
	 * {@link RangeList#add}) and its line through line(), the checks are called through the switch per check (every
	 * check, whatever its acts() would say), the A/B latency takes one histogram record and one worst-run step per
	 * message, and the arbitration replay takes every packet through both policies' methods, and the bursts' every packet of
	 * several messages through the norm's division. The report must be the
	 * same, byte for byte.
	 */
	FeedAnalyzer generalPaths() {
		if (fStarted) {
			throw new IllegalStateException("generalPaths() after the start");
		}
		fGeneral = true;
		return this;
	}

	/**
	 * Runs the checks that say they may ({@link FeedCheck#isolated()}) on {@code threads} threads of their own
	 * (each such check on one of them, every thread seeing every event in order) while this thread keeps the
	 * shared state and runs the others; the findings are put back in the order one thread gives, so the
	 * result is the same as without. 0 (the default, and {@code -Dfeedscope.checkThreads} for
	 * {@link #analyze}) runs every check on the calling thread. Only before the first event.
	 */
	public FeedAnalyzer checkThreads(int threads) {
		if (fStarted) {
			throw new IllegalStateException("check threads must be set before the first event");
		}
		if (threads < 0) {
			throw new IllegalArgumentException("check threads " + threads);
		}
		fCheckThreadCount = threads;
		return this;
	}

	/** @return {@code -Dfeedscope.checkThreads}, 0 when not given */
	static int defaultCheckThreads() {
		return Math.max(0, Integer.getInteger("feedscope.checkThreads", 0));
	}

	/** Adds a check that declares no options and sees every packet; only before the first event. */
	public FeedAnalyzer addCheck(String id, FeedCheck check) {
		add(id, check, List.of(), CheckScope.ALL);
		return this;
	}

	/**
	 * Adds a check that declares no options and is handed only the packets of {@code scope} (as a contribution's
	 * {@code protocols} and {@code roles} attributes say); only before the first event.
	 */
	public FeedAnalyzer addCheck(String id, FeedCheck check, CheckScope scope) {
		add(id, check, List.of(), scope);
		return this;
	}

	private Context add(String id, FeedCheck check, List<CheckOption> declared, CheckScope scope) {
		if (fStarted) {
			throw new IllegalStateException("checks must be added before the first event");
		}
		fChecks.add(check);
		Context c = new Context(id, fContexts.size(), declared, scope);
		fContexts.add(c);
		return c;
	}

	/** Declares capture {@code index} for the report; captures never declared are reported by name only. */
	public void addCapture(int index, String name, String path, String format) {
		ensureCapture(index);
		fCaptureNames[index] = name;
		fCapturePaths[index] = path;
		fCaptureFormats[index] = format;
	}

	/** Runs a whole merged set of captures through the given checks. */
	public static AnalysisResult analyze(CaptureMerger merger, List<CheckDescriptor> checks, AnalysisOptions options) {
		return analyze(merger, checks, options, Map.of());
	}

	/**
	 * Runs a whole merged set of captures through the given checks with option values.
	 *
	 * @param checkOptions option values by {@code CHECK_ID.OPTION}, see {@link #FeedAnalyzer(List, AnalysisOptions, Map)}
	 */
	public static AnalysisResult analyze(CaptureMerger merger, List<CheckDescriptor> checks, AnalysisOptions options,
			Map<String, String> checkOptions) {
		return analyze(merger, checks, options, checkOptions, defaultCheckThreads());
	}

	/**
	 * Runs a whole merged set of captures through the given checks with option values, the isolated checks on
	 * {@code checkThreads} threads of their own ({@link #checkThreads(int)}).
	 */
	public static AnalysisResult analyze(CaptureMerger merger, List<CheckDescriptor> checks, AnalysisOptions options,
			Map<String, String> checkOptions, int checkThreads) {
		FeedAnalyzer a = new FeedAnalyzer(checks, options, checkOptions).checkThreads(checkThreads);
		List<PacketSource> sources = merger.sources();
		for (int i = 0; i < sources.size(); i++) {
			PacketSource s = sources.get(i);
			a.addCapture(i, s.name(), s.path(), s.format());
		}
		List<String> fields = a.fieldsRead();
		if (!fields.isEmpty()) {
			for (PacketSource s : sources) {
				s.readFields(fields);
			}
		}
		// one capture (the command line's usual run): its events handed over without the merger's heap
		if (!merger.drainInto(a)) {
			while (merger.advance()) {
				a.accept(merger.current());
			}
		}
		return a.finish();
	}

	private void start() {
		fStarted = true;
		fCheckArray = fChecks.toArray(new FeedCheck[0]);
		fCheckKinds = new int[fCheckArray.length];
		fCheckScopes = new CheckScope[fCheckArray.length];
		for (int i = 0; i < fCheckArray.length; i++) {
			CheckScope scope = scoped(fContexts.get(i).fScope);
			fCheckScopes[i] = scope;
			// a built-in check given a scope is called as any other check is, through the scope's test
			fCheckKinds[i] = scope == null ? kindOf(fCheckArray[i]) : OTHER;
		}
		fStarting = true;
		try {
			for (int i = 0; i < fCheckArray.length; i++) {
				if (fGeneral && fCheckArray[i] instanceof LatencyCheck l) {
					l.perMessage();
				}
				if (fGeneral && fCheckArray[i] instanceof ArbitrationCheck a) {
					a.generalPaths();
				}
				if (fGeneral && fCheckArray[i] instanceof BurstCheck b) {
					b.generalPaths();
				}
				fCheckArray[i].start(fContexts.get(i));
			}
		} finally {
			fStarting = false;
		}
		fHere = fCheckArray;
		fHereKinds = fCheckKinds;
		fHereScopes = fCheckScopes;
		startCheckThreads();
		chooseStraight();
	}

	/** Sets {@link #fStraight} and the check fields from {@link #fHere} (see there). */
	private void chooseStraight() {
		// other checks first, then built-in checks in their kinds' order, then only other checks
		int first = 0;
		while (first < fHereKinds.length && fHereKinds[first] == OTHER) {
			first++;
		}
		int end = first;
		while (end < fHereKinds.length && fHereKinds[end] != OTHER) {
			end++;
		}
		boolean inOrder = true;
		for (int i = first; i < fHereKinds.length; i++) {
			inOrder &= i < end ? i == first || fHereKinds[i] > fHereKinds[i - 1] : fHereKinds[i] == OTHER;
		}
		fStraight = inOrder && !fGeneral;
		fAlone = fStraight && fCheckThreads.length == 0;
		if (!fStraight) {
			return;
		}
		fOthersBefore = Arrays.copyOfRange(fHere, 0, first);
		fOthersBeforeScopes = ScopeTest.of(fHereScopes, 0, first);
		fOthers = Arrays.copyOfRange(fHere, end, fHere.length);
		fOthersScopes = ScopeTest.of(fHereScopes, end, fHere.length);
		for (FeedCheck c : fHere) {
			if (c instanceof GapsCheck x) {
				fGaps = x;
			} else if (c instanceof LossCheck x) {
				fLoss = x;
			} else if (c instanceof ArbitrationCheck x) {
				fArbitration = x;
			} else if (c instanceof WinnerCheck x) {
				fWinner = x;
			} else if (c instanceof FreezeCheck x) {
				fFreezes = x;
			} else if (c instanceof BurstCheck x) {
				fBursts = x;
			} else if (c instanceof LatencyCheck x) {
				fLatency = x;
			} else if (c instanceof SequenceCheck x) {
				fSequence = x;
			} else if (c instanceof TapsCheck x) {
				fTaps = x;
			} else if (c instanceof MessageTimesCheck x) {
				fMessageTimes = x;
			}
		}
	}

	/** Hands the isolated checks to check threads, round robin, when asked for; the others stay here. */
	private void startCheckThreads() {
		List<Integer> isolated = new ArrayList<>();
		for (int i = 0; i < fCheckArray.length; i++) {
			if (fCheckArray[i].isolated()) {
				isolated.add(i);
			}
		}
		int n = Math.min(fCheckThreadCount, isolated.size());
		if (n == 0) {
			return;
		}
		int batches = 2 * n + 4;
		fFreeBatches = new ArrayBlockingQueue<>(batches);
		for (int i = 0; i < batches; i++) {
			fFreeBatches.add(new Batch());
		}
		fCheckThreads = new CheckThread[n];
		for (int t = 0; t < n; t++) {
			fCheckThreads[t] = new CheckThread(t + 1, batches);
		}
		List<FeedCheck> here = new ArrayList<>();
		List<Integer> hereKinds = new ArrayList<>();
		List<@Nullable CheckScope> hereScopes = new ArrayList<>();
		for (int i = 0, k = 0; i < fCheckArray.length; i++) {
			if (isolated.contains(i)) {
				CheckThread t = fCheckThreads[k++ % n];
				t.fMine.add(fCheckArray[i]);
				t.fMineScopes.add(fCheckScopes[i]);
				fContexts.get(i).fThread = t;
			} else {
				here.add(fCheckArray[i]);
				hereKinds.add(fCheckKinds[i]);
				hereScopes.add(fCheckScopes[i]);
			}
		}
		fHere = here.toArray(new FeedCheck[0]);
		fHereKinds = hereKinds.stream().mapToInt(Integer::intValue).toArray();
		fHereScopes = hereScopes.toArray(new CheckScope[0]);
		fTagging = true;
		for (CheckThread t : fCheckThreads) {
			t.start();
		}
	}

	/** Copies the event for the check threads; hands the batch over when full. */
	private void publish(PacketEvent e, PacketRole role, @Nullable FeedSession s, @Nullable FeedLine line) {
		Batch b = fBatch;
		if (b == null) {
			b = takeBatch();
			b.fFirst = fEventIndex;
			fBatch = b;
		}
		int i = b.fSize++;
		b.fEvents[i].copyFrom(e);
		b.fRoles[i] = role;
		b.fSessions[i] = s;
		b.fLines[i] = line;
		b.fFacts[i].copyFrom(fFacts);
		if (b.fSize == Batch.SIZE) {
			handOver(b);
			fBatch = null;
		}
	}

	private Batch takeBatch() {
		try {
			Batch b = fFreeBatches.take();
			b.fSize = 0;
			return b;
		} catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while handing events to the check threads", ex);
		}
	}

	private void handOver(Batch b) {
		for (CheckThread t : fCheckThreads) {
			Throwable error = t.fError;
			if (error != null) {
				throw failed(error);
			}
		}
		b.fReaders.set(fCheckThreads.length);
		for (CheckThread t : fCheckThreads) {
			t.fQueue.add(b); // room for every batch there is: never blocks
		}
	}

	private static RuntimeException failed(Throwable error) {
		if (error instanceof Error err) {
			throw err;
		}
		return (RuntimeException) error;
	}

	/** Ends the check threads and puts their findings and this thread's in the order one thread gives. */
	private void joinCheckThreads() {
		if (fCheckThreads.length == 0) {
			return;
		}
		Batch b = fBatch;
		if (b != null && b.fSize > 0) {
			handOver(b);
		}
		fBatch = null;
		for (CheckThread t : fCheckThreads) {
			t.fQueue.add(END);
		}
		try {
			for (CheckThread t : fCheckThreads) {
				t.join();
			}
		} catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the check threads", ex);
		}
		List<Tagged> all = new ArrayList<>(fTagged);
		for (CheckThread t : fCheckThreads) {
			Throwable error = t.fError;
			if (error != null) {
				throw failed(error);
			}
			all.addAll(t.fFound);
		}
		all.sort(Comparator.comparingLong(Tagged::event).thenComparingInt(Tagged::check));
		for (Tagged t : all) {
			fFindings.add(t.finding());
		}
		fTagged.clear();
		fTagging = false;
	}

	/**
	 * Starts the checks (if not yet) and returns the message fields they declared
	 * ({@link CheckContext#field(String)}): give them to the sources ({@link PacketSource#readFields}) before
	 * the first event is read. Call after {@link #addCapture}.
	 *
	 * @return full field names; index = the slot the checks were given
	 */
	public List<String> fieldsRead() {
		if (!fStarted) {
			start();
		}
		return List.copyOf(fFieldNames);
	}

	/** Takes the next event in capture-time order. The event is not kept. */
	public void accept(PacketEvent e) {
		if (!fStarted) {
			start();
		}
		int c = e.captureIndex();
		if (c >= fCaptureFrames.length) {
			ensureCapture(c);
		}
		if (fCaptureFrames[c]++ == 0) {
			fCaptureFirst[c] = e.timeNanos();
			if (fCaptureNames[c].isEmpty()) {
				fCaptureNames[c] = e.captureName();
			}
		}
		fCaptureLast[c] = e.timeNanos();
		fFrames++;
		switch (e.kind()) {
		case DATA -> {
			if (e.unicast()) {
				FeedSession s = unicastSession(e);
				s.fRetransmissionPackets++;
				touch(s, e.timeNanos());
				retransmission(e, s);
				dispatch(e, PacketRole.RETRANSMISSION, s, null);
			} else {
				// the usual packet's line without a call (line() is too large for the client compiler to inline):
				// the current line of its destination, one of the last two groups looked up (the A and B lines
				// alternate), on the group's first interface and of the same session and protocol Strings; what
				// line() gives (FastPathsTest holds them together)
				long key = ((e.fDestinationIp & 0xffffffffL) << 16) | (e.fDestinationPort & 0xffff);
				Group g = key == fLastGroupKey ? fLastGroup : key == fPreviousGroupKey ? fPreviousGroup : null;
				FeedLine line = null;
				if (g != null && e.fInterfaceId == g.fBaseInterface && !fGeneral) {
					Destination d = g.fBase;
					if (e.fSession == d.fCurrentSession && e.fProtocol == d.fCurrentProtocol) {
						line = d.fCurrent;
					}
				}
				if (line == null) {
					line = line(e);
				}
				data(e, line);
				dispatch(e, PacketRole.LINE_DATA, line.session(), line);
			}
		}
		case ANSWER -> {
			// an adapter that judged the addressing itself: a retransmission server's answer
			FeedSession s = unicastSession(e);
			s.fRetransmissionPackets++;
			touch(s, e.timeNanos());
			dispatch(e, PacketRole.RETRANSMISSION, s, null);
		}
		case UNSEQUENCED -> dispatch(e, PacketRole.UNSEQUENCED, null, null);
		case HEARTBEAT, END_OF_SESSION -> {
			if (e.unicast()) {
				FeedSession s = unicastSession(e);
				dispatch(e, PacketRole.OTHER_UNICAST, s, null);
			} else {
				FeedLine line = line(e);
				FeedSession s = line.session();
				if (e.kind() == PacketKind.HEARTBEAT) {
					line.fHeartbeats++;
				} else {
					line.fEndOfSession++;
				}
				line.fHeartbeatNext = Math.max(line.fHeartbeatNext, e.firstSeq());
				s.fAnnouncedNext = Math.max(s.fAnnouncedNext, e.firstSeq());
				touch(line, e.timeNanos());
				dispatch(e, e.kind() == PacketKind.HEARTBEAT ? PacketRole.LINE_HEARTBEAT
						: PacketRole.LINE_END_OF_SESSION, s, line);
			}
		}
		case REQUEST -> {
			FeedSession s = unicastSession(e);
			s.fRequests++;
			touch(s, e.timeNanos());
			dispatch(e, PacketRole.REQUEST, s, null);
		}
		case MALFORMED -> {
			fMalformedCount++;
			if (fMalformed.size() < fOptions.listLimit()) {
				fMalformed.add(new AnalysisResult.Malformed(c, e.frame(), e.timeNanos(), e.problem()));
			}
			dispatch(e, PacketRole.MALFORMED, null, null);
		}
		case NOT_FEED -> fNotFeed++;
		}
	}

	// the built-in checks, told apart once at the start (kindOf) so that dispatch calls each through a call
	// site of its own final class: one interface call site for ten checks is megamorphic (an itable stub per
	// call, nothing inlined), and this runs ten times per packet on the checks' thread, the stage that limits
	// a run on two cores
	private static final int OTHER = 0;
	private static final int GAPS = 1;
	private static final int LOSS = 2;
	private static final int ARBITRATION = 3;
	private static final int WINNER = 4;
	private static final int FREEZES = 5;
	private static final int BURSTS = 6;
	private static final int LATENCY = 7;
	private static final int SEQUENCE = 8;
	private static final int TAPS = 9;
	private static final int MESSAGE_TIMES = 10;

	/** @return the scope when it leaves some packets out, null when the check sees every packet */
	private static @Nullable CheckScope scoped(CheckScope scope) {
		return scope.all() ? null : scope;
	}

	private static int kindOf(FeedCheck c) {
		return c instanceof GapsCheck ? GAPS
				: c instanceof LossCheck ? LOSS
						: c instanceof ArbitrationCheck ? ARBITRATION
								: c instanceof WinnerCheck ? WINNER
										: c instanceof FreezeCheck ? FREEZES
												: c instanceof BurstCheck ? BURSTS
														: c instanceof LatencyCheck ? LATENCY
																: c instanceof SequenceCheck ? SEQUENCE
																		: c instanceof TapsCheck ? TAPS
																				: c instanceof MessageTimesCheck ? MESSAGE_TIMES : OTHER;
	}

	/**
	 * Hands the packet to the checks. Small enough for the client compiler to inline (the usual run: no check threads,
	 * the built-in checks one after the other, {@link #fAlone}), so that accept calls {@link #straight} itself.
	 */
	private void dispatch(PacketEvent e, PacketRole role, @Nullable FeedSession s, @Nullable FeedLine line) {
		if (fAlone) {
			straight(e, role, s, line);
		} else {
			dispatchAll(e, role, s, line);
		}
	}

	/** {@link #dispatch} with check threads to feed or the checks in an order of their own (or the fast paths off) */
	private void dispatchAll(PacketEvent e, PacketRole role, @Nullable FeedSession s, @Nullable FeedLine line) {
		if (fCheckThreads.length > 0) {
			publish(e, role, s, line);
		}
		if (fStraight) {
			straight(e, role, s, line);
			return;
		}
		PacketView view = fView.of(e);
		PacketFacts f = fFacts;
		FeedCheck[] checks = fHere;
		int[] kinds = fHereKinds;
		@Nullable CheckScope[] scopes = fHereScopes;
		for (int i = 0; i < checks.length; i++) {
			FeedCheck c = checks[i];
			switch (kinds[i]) {
			case GAPS -> ((GapsCheck) c).onPacket(view, role, s, line, f);
			case LOSS -> ((LossCheck) c).onPacket(view, role, s, line, f);
			case ARBITRATION -> ((ArbitrationCheck) c).onPacket(view, role, s, line, f);
			case WINNER -> ((WinnerCheck) c).onPacket(view, role, s, line, f);
			case FREEZES -> ((FreezeCheck) c).onPacket(view, role, s, line, f);
			case BURSTS -> ((BurstCheck) c).onPacket(view, role, s, line, f);
			case LATENCY -> ((LatencyCheck) c).onPacket(view, role, s, line, f);
			case SEQUENCE -> ((SequenceCheck) c).onPacket(view, role, s, line, f);
			case TAPS -> ((TapsCheck) c).onPacket(view, role, s, line, f);
			case MESSAGE_TIMES -> ((MessageTimesCheck) c).onPacket(view, role, s, line, f);
			default -> {
				CheckScope scope = scopes[i];
				if (scope == null || scope.includes(e.fProtocol, role)) {
					c.onPacket(view, role, s, line, f);
				}
			}
			}
		}
		fEventIndex++;
	}

	/**
	 * {@link #dispatch} when {@link #fStraight}: each check present, in the kinds' order, called only when it has
	 * something to do with the packet: each built-in check's {@code acts} (small enough for the client compiler to
	 * inline) is the entry test of its onPacket, or a weaker one, so a check not called would have returned at once
	 * (the general path calls every check; FastPathsTest holds the two together). Most packets need neither the
	 * sequence check (no reset, duplicate or late packet), nor the message times (network captures), nor the taps
	 * (one capture), nor, for the line that follows, the loss and winner checks (nothing new for the session).
	 */
	private void straight(PacketEvent e, PacketRole role, @Nullable FeedSession s, @Nullable FeedLine line) {
		PacketView view = fView.of(e);
		PacketFacts f = fFacts;
		FeedCheck[] before = fOthersBefore;
		for (int i = 0; i < before.length; i++) {
			ScopeTest scope = fOthersBeforeScopes[i];
			if (scope == null || scope.includes(e.fProtocol, role)) {
				before[i].onPacket(view, role, s, line, f);
			}
		}
		GapsCheck gaps = fGaps;
		if (gaps != null && GapsCheck.acts(role)) {
			gaps.onPacket(view, role, s, line, f);
		}
		LossCheck loss = fLoss;
		if (loss != null && LossCheck.acts(role, f)) {
			loss.onPacket(view, role, s, line, f);
		}
		ArbitrationCheck arbitration = fArbitration;
		if (arbitration != null && ArbitrationCheck.acts(role, f)) {
			arbitration.onPacket(view, role, s, line, f);
		}
		WinnerCheck winner = fWinner;
		if (winner != null && WinnerCheck.acts(role, f)) {
			winner.onPacket(view, role, s, line, f);
		}
		FreezeCheck freezes = fFreezes;
		if (freezes != null && line != null) { // its entry test
			freezes.onPacket(view, role, s, line, f);
		}
		BurstCheck bursts = fBursts;
		if (bursts != null && line != null) { // its entry test
			bursts.onPacket(view, role, s, line, f);
		}
		LatencyCheck latency = fLatency;
		if (latency != null && LatencyCheck.acts(role)) {
			latency.onPacket(view, role, s, line, f);
		}
		SequenceCheck sequence = fSequence;
		if (sequence != null && SequenceCheck.acts(view, role, f)) {
			sequence.onPacket(view, role, s, line, f);
		}
		TapsCheck taps = fTaps;
		if (taps != null && taps.acts(role)) {
			taps.onPacket(view, role, s, line, f);
		}
		MessageTimesCheck messageTimes = fMessageTimes;
		if (messageTimes != null && messageTimes.acts(view, role)) {
			messageTimes.onPacket(view, role, s, line, f);
		}
		FeedCheck[] others = fOthers;
		for (int i = 0; i < others.length; i++) {
			ScopeTest scope = fOthersScopes[i];
			if (scope == null || scope.includes(e.fProtocol, role)) {
				others[i].onPacket(view, role, s, line, f);
			}
		}
		fEventIndex++;
	}

	private static void touch(FeedSession s, long t) {
		if (s.fFirstTime == Long.MIN_VALUE) {
			s.fFirstTime = t;
		}
		s.fLastTime = t;
	}

	private static void touch(FeedLine line, long t) {
		if (line.fFirstTime == Long.MIN_VALUE) {
			line.fFirstTime = t;
		}
		line.fLastTime = t;
		touch(line.session(), t);
	}

	/** The core bookkeeping of a DATA packet on a line; fills {@link #fFacts} with the state before it. */
	private void data(PacketEvent e, FeedLine line) {
		PacketFacts f = fFacts;
		FeedSession s = line.session();
		int count = e.messageCount();
		long from = e.firstSeq();
		long to = from + count - 1;
		touch(line, e.timeNanos());
		line.fPackets++;
		line.fMessages += count;
		if (count > line.fMaxMessagesPerPacket) {
			line.fMaxMessagesPerPacket = count;
		}
		if (count <= 0) {
			f.reset();
			return;
		}
		// per tap point: duplicates and reordering
		// the tap at hand without a call (FeedLine.tap is too large for the client compiler to inline)
		FeedLine.Tap[] taps = line.fTaps;
		int capture = e.captureIndex();
		FeedLine.Tap tap = capture < taps.length && !fGeneral ? taps[capture] : null;
		if (tap == null) {
			tap = line.tap(capture);
		}
		RangeList td = tap.fDelivered;
		RangeList ld = line.fDelivered;
		// the line's only tap point so far keeps no list of its own: the line's is the same (FeedLine.Tap)
		boolean soleTap = td == ld;
		if (soleTap && from > tap.fMax && !fGeneral) {
			// the usual packet: the line's next messages at its only tap point, beyond all it delivered (the tap's
			// highest is the line's then): no duplicate, not late, every message new for the line; and for the
			// session either all new (this line is ahead) or all within what another line delivered (this line
			// follows). What the general code below works out with its range-list look-ups (FastPathsTest holds the
			// two together), here with no call but the first delivery's: every fact set once rather than reset and
			// set again, the line's and the session's lists extended in place when the packet follows on from their
			// last interval. The client compiler (the launcher's) inlines none of PacketFacts.reset, RangeList.add,
			// RangeList.countIn or session(): they were four or five calls per packet on the checks' thread.
			long max = tap.fMax;
			f.tapMaxBefore = max;
			f.lineMaxBefore = max;
			f.newForLine = count;
			f.duplicatesAtTap = 0;
			f.reorderedAtTap = false;
			f.copyFromOtherTap = false;
			f.newForSession = 0;
			f.firstNewForSession = Long.MIN_VALUE;
			f.lastNewForSession = Long.MIN_VALUE;
			tap.fMax = to;
			int n = ld.fSize;
			if (n > 0 && from == ld.fTo[n - 1] + 1) {
				ld.fTo[n - 1] = to;
			} else {
				ld.add(from, to);
			}
			RangeList sd = s.fDelivered;
			int sn = sd.fSize;
			long smax = sn == 0 ? Long.MIN_VALUE : sd.fTo[sn - 1];
			f.sessionMaxBefore = smax;
			if (from > smax) {
				// all new for the session: this line is ahead of the others
				firstDelivery(e, line, from, to);
				if (sn > 0 && from == smax + 1) {
					sd.fTo[sn - 1] = to;
				} else {
					sd.add(from, to);
				}
			} else if (to > smax || from < sd.fFrom[sn - 1]) {
				// neither all new nor all within the session's last interval
				session(e, line, s, from, to, count);
			}
			// else every message came from another line before: nothing new for the session
			return;
		}
		f.reset();
		f.tapMaxBefore = tap.fMax;
		long seenAtTap = td.countIn(from, to);
		f.duplicatesAtTap = (int) seenAtTap;
		if (seenAtTap > 0) {
			line.fDuplicateMessages += seenAtTap;
			if (seenAtTap == count) {
				line.fDuplicatePackets++;
			}
		}
		if (seenAtTap < count && tap.fMax != Long.MIN_VALUE) {
			long firstNew = td.firstMissing(from, to);
			if (firstNew != Long.MIN_VALUE && firstNew < tap.fMax) {
				f.reorderedAtTap = true;
				line.fReorderedPackets++;
			}
		}
		if (!soleTap) {
			td.add(from, to);
		}
		if (to > tap.fMax) {
			tap.fMax = to;
		}
		// per line (still without this packet when the tap's list is the line's)
		f.lineMaxBefore = ld.isEmpty() ? Long.MIN_VALUE : ld.max();
		f.newForLine = (int) (count - (soleTap ? seenAtTap : ld.countIn(from, to)));
		f.copyFromOtherTap = f.newForLine == 0 && seenAtTap == 0;
		ld.add(from, to);
		session(e, line, s, from, to, count);
	}

	/** The per-session part of {@link #data}: which messages of [from, to] are delivered here first. */
	private void session(PacketEvent e, FeedLine line, FeedSession s, long from, long to, int count) {
		PacketFacts f = fFacts;
		RangeList sd = s.fDelivered;
		long max = sd.isEmpty() ? Long.MIN_VALUE : sd.max();
		f.sessionMaxBefore = max;
		// the usual packet lies beyond all the session had: nothing of it covered, no look-up
		long covered = from > max && !fGeneral ? 0 : sd.countIn(from, to);
		if (covered < count) {
			if (covered == 0) {
				firstDelivery(e, line, from, to);
			} else if (to > max && covered == max - from + 1) {
				firstDelivery(e, line, max + 1, to);
			} else {
				RangeList missing = sd.missingIn(from, to);
				for (int i = 0; i < missing.size(); i++) {
					firstDelivery(e, line, missing.from(i), missing.to(i));
				}
			}
			sd.add(from, to);
		}
	}

	private void firstDelivery(PacketEvent e, FeedLine line, long from, long to) {
		PacketFacts f = fFacts;
		int n = (int) (to - from + 1);
		if (f.newForSession == 0) {
			f.firstNewForSession = from;
		}
		f.lastNewForSession = to; // called in ascending order
		f.newForSession += n;
		line.fFirstDeliveredCount += n;
		FeedSession s = line.session();
		s.fFirstDeliveredTotal += n;
		RangeList runs = line.fFirstDelivered;
		int before = runs.fSize;
		if (before > 0 && from == runs.fTo[before - 1] + 1 && !fGeneral) {
			// the line's run of first deliveries goes on (see usual): extended in place, without add's call
			runs.fTo[before - 1] = to;
		} else if (before < FIRST_RUNS_LIMIT || from <= runs.max() + 1) {
			runs.add(from, to);
		} else {
			line.fFirstDeliveredTruncated = true;
		}
		int base = (int) (from - e.firstSeq());
		if (!e.messageTypeLetters()) {
			s.fTypeLetters = false;
		}
		RangeList answered = s.fTypedByRetransmission;
		if (!answered.isEmpty() && answered.countIn(from, to) > 0) {
			// a retransmission answer delivered some of these first: their types are counted already
			for (int i = 0; i < n; i++) {
				if (!answered.contains(from + i)) {
					s.countMessageType(e.messageType(base + i));
				}
			}
			return;
		}
		long[] counts = s.fMessageTypes;
		// the event's own array (base + n is within its count): no call per message under C1
		int[] types = e.fMessageTypes;
		for (int i = 0; i < n; i++) {
			int type = types[base + i];
			if (type >= 0 && type < counts.length) {
				counts[type]++;
			} else {
				s.countMessageType(type);
				counts = s.fMessageTypes;
			}
		}
	}

	/**
	 * Counts the message types of what a retransmission answer delivered before any line did (or that no
	 * line ever delivers): a message is counted once however it arrived.
	 */
	private static void retransmission(PacketEvent e, FeedSession s) {
		int count = e.messageCount();
		if (count <= 0) {
			return;
		}
		long from = e.firstSeq();
		long to = from + count - 1;
		RangeList answered = s.fTypedByRetransmission;
		RangeList missing = s.fDelivered.missingIn(from, to);
		if (!e.messageTypeLetters()) {
			s.fTypeLetters = false;
		}
		for (int i = 0; i < missing.size(); i++) {
			for (long q = missing.from(i); q <= missing.to(i); q++) {
				if (!answered.contains(q)) {
					s.countMessageType(e.messageType((int) (q - from)));
				}
			}
			answered.add(missing.from(i), missing.to(i));
		}
	}

	private FeedSession session(String protocol, String name) {
		String key = protocol + '\u0000' + name;
		FeedSession s = fSessionsByKey.get(key);
		if (s == null) {
			s = new FeedSession(protocol, name, fCheckArray.length);
			fSessionsByKey.put(key, s);
			fSessions.add(s);
		}
		return s;
	}

	private FeedSession unicastSession(PacketEvent e) {
		FeedSession s = fLastUnicastSession;
		if (s == null || !sameName(s.session(), e.session()) || !s.protocol().equals(e.protocol())) {
			s = session(e.protocol(), e.session());
			fLastUnicastSession = s;
		}
		return s;
	}

	private static boolean sameName(String a, String b) {
		return a == b || a.equals(b);
	}

	private FeedLine line(PacketEvent e) {
		long key = ((e.destinationIp() & 0xffffffffL) << 16) | (e.destinationPort() & 0xffff);
		Group g = fLastGroup;
		if (key != fLastGroupKey || g == null) {
			Group previous = fPreviousGroup;
			if (key == fPreviousGroupKey && previous != null) {
				g = previous;
			} else {
				g = fGroups.get(key);
				if (g == null) {
					g = new Group(e.interfaceId(), new Destination(e.destinationIp(), e.destinationPort()));
					fGroups.put(key, g);
					fDestinations.add(g.fBase);
				}
			}
			fPreviousGroup = fLastGroup;
			fPreviousGroupKey = fLastGroupKey;
			fLastGroup = g;
			fLastGroupKey = key;
		}
		Destination d = g.fBase;
		if (e.interfaceId() != g.fBaseInterface) {
			d = splitDestination(g, e);
		}
		FeedLine line = d.fCurrent;
		String session = e.session();
		String protocol = e.protocol();
		if (line != null && session == d.fCurrentSession && protocol == d.fCurrentProtocol) {
			return line;
		}
		if (line == null || !sameSession(line, e)) {
			line = null;
			// lines are keyed by (destination, session, interface): interleaved sessions (PITCH units) each keep theirs
			List<FeedLine> lines = d.fLines;
			for (int i = 0; i < lines.size(); i++) {
				FeedLine l = lines.get(i);
				if (sameSession(l, e)) {
					line = l;
					break;
				}
			}
		}
		if (line == null) {
			FeedSession s = session(protocol, session);
			line = new FeedLine(s, s.fLines.size(), d.fIp, d.fPort, d.fInterface, fCheckArray.length);
			s.addLine(line);
			d.fLines.add(line);
			d.fFirstEvents.add(new PacketEvent().copyFrom(e));
		}
		d.fCurrent = line;
		d.fCurrentSession = session;
		d.fCurrentProtocol = protocol;
		return line;
	}

	private static boolean sameSession(FeedLine l, PacketEvent e) {
		FeedSession s = l.session();
		return sameName(s.session(), e.session()) && s.protocol().equals(e.protocol());
	}

	/**
	 * Tells the checks where a session replaced another on a destination: the next session began after the
	 * previous one's last packet there. Sessions that overlap in time on one destination (PITCH units on one
	 * group) are carried side by side, not changes. Called once, at the end, in time order.
	 */
	private void sessionChanges() {
		record Change(PacketEvent event, FeedLine previous, FeedLine next) {
		}
		List<Change> changes = new ArrayList<>();
		for (Destination d : fDestinations) {
			for (int i = 1; i < d.fLines.size(); i++) {
				FeedLine previous = d.fLines.get(i - 1);
				FeedLine next = d.fLines.get(i);
				PacketEvent first = d.fFirstEvents.get(i);
				if (previous.fLastTime < first.timeNanos()) {
					changes.add(new Change(first, previous, next));
				}
			}
		}
		changes.sort(Comparator.comparingLong((Change c) -> c.event().timeNanos()).thenComparingInt(c -> c.event().captureIndex())
				.thenComparingInt(c -> c.event().frame()));
		for (Change c : changes) {
			for (FeedCheck check : fCheckArray) {
				check.onSessionChange(fView.of(c.event()), c.previous(), c.next());
			}
		}
	}

	private Destination splitDestination(Group g, PacketEvent e) {
		int iface = e.interfaceId();
		Destination[] others = g.fOthers;
		if (others == null || iface >= others.length) {
			others = others == null ? new Destination[Math.max(4, iface + 1)]
					: Arrays.copyOf(others, Math.max(iface + 1, others.length * 2));
			g.fOthers = others;
		}
		Destination d = others[iface];
		if (d == null) {
			d = new Destination(e.destinationIp(), e.destinationPort());
			d.fInterface = iface;
			others[iface] = d;
			fDestinations.add(d);
			if (g.fBase.fInterface < 0) {
				// the group turned out to arrive on two NICs: the first one's lines now need the interface too
				g.fBase.fInterface = g.fBaseInterface;
				for (FeedLine l : g.fBase.fLines) {
					l.interfaceId(g.fBaseInterface);
				}
			}
		}
		return d;
	}

	private void ensureCapture(int index) {
		if (index < fCaptureFrames.length) {
			return;
		}
		int n = index + 1;
		int old = fCaptureNames.length;
		fCaptureNames = Arrays.copyOf(fCaptureNames, n);
		fCapturePaths = Arrays.copyOf(fCapturePaths, n);
		fCaptureFormats = Arrays.copyOf(fCaptureFormats, n);
		for (int i = old; i < n; i++) {
			fCaptureNames[i] = "";
			fCapturePaths[i] = "";
			fCaptureFormats[i] = "";
		}
		fCaptureFrames = Arrays.copyOf(fCaptureFrames, n);
		fCaptureFirst = Arrays.copyOf(fCaptureFirst, n);
		fCaptureLast = Arrays.copyOf(fCaptureLast, n);
	}

	/**
	 * Ends the input: names the lines (A = most messages delivered first), finishes the checks and
	 * returns the result. Call once.
	 */
	public AnalysisResult finish() {
		if (fFinished) {
			throw new IllegalStateException("finish() called twice");
		}
		if (!fStarted) {
			start();
		}
		fFinished = true;
		joinCheckThreads();
		sessionChanges();
		for (FeedSession s : fSessions) {
			nameLines(s);
		}
		for (FeedCheck check : fCheckArray) {
			check.finish();
		}
		List<AnalysisResult.Capture> captures = new ArrayList<>();
		for (int i = 0; i < fCaptureFrames.length; i++) {
			captures.add(new AnalysisResult.Capture(i, fCaptureNames[i], fCapturePaths[i], fCaptureFormats[i],
					fCaptureFrames[i], fCaptureFirst[i], fCaptureLast[i]));
		}
		List<Finding> findings = new ArrayList<>(fFindings);
		findings.sort(Comparator.comparing(Finding::severity).reversed().thenComparingLong(Finding::startNanos));
		List<String> ids = new ArrayList<>();
		List<Annotation> annotations = new ArrayList<>();
		long dropped = 0;
		for (Context c : fContexts) {
			ids.add(c.fId);
			annotations.addAll(c.fAnnotations);
			dropped += c.fDropped;
		}
		return new AnalysisResult(captures, fFrames, fNotFeed, fMalformedCount, fMalformed, fSessions, findings,
				dropped, fChecks, ids, annotations);
	}

	/** A is the line that delivered first for the most messages; ties go to the earlier line. */
	static void nameLines(FeedSession s) {
		s.sortLines(Comparator.comparingLong(FeedLine::firstDeliveredCount).reversed()
				.thenComparingLong(FeedLine::firstTimeNanos).thenComparingInt(FeedLine::index));
		for (int i = 0; i < s.fLines.size(); i++) {
			s.fLines.get(i).name(i < 26 ? String.valueOf((char) ('A' + i)) : "L" + (i + 1));
		}
	}
}

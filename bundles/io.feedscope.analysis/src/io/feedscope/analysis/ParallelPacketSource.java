package io.feedscope.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.FrameChunk;
import io.feedscope.capture.FrameChunks;
import io.feedscope.capture.PacketLayers;
import io.feedscope.capture.StreamedCapture;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.LearnedBindings;
import io.feedscope.dissect.Protocol;
import io.feedscope.dissect.ProtocolSet;

/**
 * One capture read and dissected by several threads, delivered as the single-threaded
 * {@link DissectedPacketSource} delivers it: the same events, in the same order, so the checks (on the
 * consuming thread) cannot tell the difference.
 * <p>
 * Stages: {@code threads} workers each claim the next chunk of frames ({@link #defaultChunkFrames}), walk its records
 * ({@link FrameChunks}: a header per frame and a copy of the chunk's bytes, the only serial part of reading, done under
 * a lock so that the chunks are claimed in file order), then dissect its frames into events; the consumer
 * ({@link #advance()}) takes the chunks in walk order; while the one it needs next is not ready, it claims and
 * dissects the next chunk itself (so the checks' thread lends its spare time to dissection when that is the
 * slower stage). Memory stays flat: a fixed set of chunks circulates.
 * <p>
 * <b>Why the thread that dissects a chunk walks it too</b> (not a walking thread of its own, as before): on
 * this kind of machine a cache line written or first read by one core costs the next core that reads it
 * ~110-150 ns (measured: a pointer chase over lines another vCPU wrote, against 4-6 ns from the core's own
 * cache). The walk reads each record's header, i.e. the first line of each frame, from the page cache; a
 * walker of its own paid that miss and the dissecting thread then paid it again fetching the same lines from
 * the walker's core, and a third thread shared two cores (record walk 37-61 ns/frame of CPU on top of the
 * dissection) and had to be scheduled before anyone could dissect: under other load the checks' thread waited
 * for it (15 M frames, 2 cores: 1.1-2.9 s of waiting with a walker, 0.04-0.7 s without). Measured on a loaded
 * machine, the CPU per frame is the same within its noise. For the same reason the consumer never writes into
 * a worker's events unless a value differs ({@link PacketEvent#setCapture}, {@link #settle}): a line it dirties
 * must come back across cores before the worker can refill the chunk.
 * <p>
 * <b>Why the events are the serial ones.</b> Dissecting a frame depends on one thing besides its bytes:
 * the UDP ports learned from earlier frames of the capture ({@link io.feedscope.dissect.LearnedBindings}:
 * once a heuristic recognized a feed on a port, later frames on it are bound to that feed, so a broken one
 * is reported as broken). A worker only knows what it learned from the chunks it read itself. So each
 * worker notes, per frame, what its learned bindings said for the frame's two ports and whether the frame
 * taught one; the consumer keeps the bindings of the serial pass (its own dissector, fed in frame order
 * with the frames that teach) and dissects a frame again, in order, when the worker's view of its ports
 * differs from the serial one, or when the frame teaches. That is a few frames per chunk at the start of a
 * worker's view of a feed, and nothing once it knows the feed's ports. Sessions are handed out as one
 * String per session, as the serial source does.
 * <p>
 * The analysis of one capture takes the events a chunk at a time ({@link #drain}, through
 * {@link CaptureMerger#drainInto}) rather than through {@link #advance()} per frame.
 * <p>
 * A failure of reading or dissecting is rethrown by {@link #advance()} (or {@link #drain}) after the events
 * before it.
 */
public final class ParallelPacketSource extends WrappingSource {

	static final int CHUNK = 4096;
	/** frames per chunk in a capture file of {@link #LARGE_FILE} bytes or more */
	static final int LARGE_CHUNK = 16384;
	static final long LARGE_FILE = 1L << 30;

	private static final class Work {
		final FrameChunk fChunk;
		final PacketEvent[] fEvents;
		/** destination port << 16 | source port of a UDP frame, -1 when the frame's dissection uses no port */
		final int[] fPorts;
		/** what the worker's learned bindings said for the two ports before the frame */
		final @Nullable Protocol[] fLearnedDst;
		final @Nullable Protocol[] fLearnedSrc;
		/** true when a heuristic bound the frame: the serial pass would have learned its port from it */
		final boolean[] fTeach;
		boolean fLast;
		/** timing: the consumer dissected this chunk itself (its events are in the consumer's own cache) */
		boolean fByConsumer;
		@Nullable
		Throwable fError;
		/** guarded by this: the worker finished the chunk */
		boolean fDone;

		Work(int size) {
			fChunk = new FrameChunk(size);
			// the events are made by the thread that first dissects into them (dissectChunk), not here: the
			// constructor runs on the checks' thread before any worker starts, and making a 16384-frame source's
			// took it ~100 ms of CPU there, nearly all first touches of new heap pages on this kind of virtual
			// machine (4-10 ms with -XX:+AlwaysPreTouch)
			fEvents = new PacketEvent[size];
			fPorts = new int[size];
			fLearnedDst = new Protocol[size];
			fLearnedSrc = new Protocol[size];
			fTeach = new boolean[size];
		}

		synchronized void done() {
			fDone = true;
			notifyAll();
		}

		synchronized boolean isDone() {
			return fDone;
		}

		synchronized void awaitDone() throws InterruptedException {
			while (!fDone) {
				wait();
			}
		}
	}

	/** put in the free works when the walk ended: whoever takes it puts it back and stops claiming */
	private static final Work STOP = new Work(1);

	private final DissectedPacketSource fOrigin;
	private final ProtocolSet fProtocols;
	private final FrameChunks fChunks;
	private final int fThreads;
	private final BlockingQueue<Work> fFree;
	private final BlockingQueue<Work> fOrder;
	private final Thread[] fWorkers;
	/** guards the walk: {@link FrameChunks#next} and the order of {@link #fOrder} */
	private final Object fWalkLock = new Object();
	/** guarded by fWalkLock: the walk ended (the last chunk is in {@link #fOrder}) */
	private boolean fWalkEnded;
	private volatile boolean fClosed;
	/** the message fields the checks read ({@link #readFields}): every worker's dissection reads them too */
	private java.util.List<String> fFieldNames = java.util.List.of();
	private boolean fEnded;
	private @Nullable Work fCurrent;
	private int fIndex;

	// the consumer's: the serial pass's learned bindings and a reader for frames dissected again
	private final DissectedPacketSource fSerial;
	private final LearnedBindings fLearned;
	private final FrameChunks.Reader fReader;
	private final Map<String, String> fSessions = new HashMap<>();
	private String fLastRaw = "";
	private String fLastSession = "";
	/**
	 * the ports of the last frame {@link #settle} looked up, and what the serial pass's learned bindings said for
	 * them: they change only when the serial dissector dissects (it is the one that learns), so a run of frames of
	 * the same conversation is checked with two compares instead of two look-ups in the 64 KB port table per
	 * frame; -1 after a dissection
	 */
	private int fSettledPorts = -1;
	private @Nullable Protocol fSettledDst;
	private @Nullable Protocol fSettledSrc;
	/**
	 * the entry looked up before {@link #fSettledPorts}'s, kept beside it: the lines of an A/B feed are two
	 * conversations whose frames alternate, so with one entry every frame was a change of ports and two look-ups;
	 * with two, {@link #drain} swaps them. Cleared with the other after a dissection, which may have learned what
	 * it says (-1)
	 */
	private int fOtherPorts = -1;
	private @Nullable Protocol fOtherDst;
	private @Nullable Protocol fOtherSrc;
	private long fRedissected;
	// the consumer's own dissecting source and reader, for the chunks it dissects itself (awaitHelping)
	private @Nullable DissectedPacketSource fHelper;
	private FrameChunks.@Nullable Reader fHelperReader;
	private long fHelped;
	/** timing: the consumer's CPU spent dissecting chunks itself (awaitHelping), not running the checks */
	private long fHelpCpu;
	// -Dfeedscope.timing=true: where the time goes (CPU per stage, the consumer's waits)
	private static final boolean TIMING = Boolean.getBoolean("feedscope.timing");
	/**
	 * -Dfeedscope.chunkLoad=false, for tests and benchmarks: every frame read as a buffer of its own
	 * ({@link FrameChunks.Reader#data}) rather than from its chunk's array ({@link FrameChunks.Reader#load}), so that
	 * the two paths can be compared in one JVM
	 */
	static boolean LOAD = !"false".equals(System.getProperty("feedscope.chunkLoad"));
	/** -Dfeedscope.consumerHelps=false, for benchmarks: the consumer only waits for the workers (with 0 it must help) */
	private static final boolean HELP = !"false".equals(System.getProperty("feedscope.consumerHelps"));
	/** timing: CPU spent walking records, by every thread that walked (it is part of their dissecting CPU too) */
	private final java.util.concurrent.atomic.AtomicLong fWalkCpu = new java.util.concurrent.atomic.AtomicLong();
	private final java.util.concurrent.atomic.AtomicLong fDissectCpu = new java.util.concurrent.atomic.AtomicLong();
	private long fWaitNanos;
	/**
	 * timing, per side of the hand-off: the workers' walk CPU, their CPU dissecting apart from it and the frames they
	 * dissected, and how often and how long they waited for a free work (the consumer holding every chunk); the
	 * consumer's walk CPU (part of {@link #fHelpCpu}), and how often and how long it waited for the chunk it needed
	 * next. Split so that the dissecting CPU per frame of each thread compares with the other's in the same run.
	 */
	private final java.util.concurrent.atomic.AtomicLong fWorkerWalkCpu = new java.util.concurrent.atomic.AtomicLong();
	private final java.util.concurrent.atomic.AtomicLong fWorkerFrames = new java.util.concurrent.atomic.AtomicLong();
	private final java.util.concurrent.atomic.AtomicLong fWorkerFreeWaits = new java.util.concurrent.atomic.AtomicLong();
	private final java.util.concurrent.atomic.AtomicLong fWorkerFreeWaitNanos = new java.util.concurrent.atomic.AtomicLong();
	private long fHelperWalkCpu;
	/** timing: how long each side waited for the walk lock, the other side walking (in the consumer's help time) */
	private final java.util.concurrent.atomic.AtomicLong fWorkerLockNanos = new java.util.concurrent.atomic.AtomicLong();
	private long fHelperLockNanos;
	private long fWaits;
	private long fMaxWaitNanos;
	private long fHandOffs;
	private long fTakeWaits;
	private long fTakeWaitNanos;
	/**
	 * timing: the consumer's CPU from taking a chunk to letting it go (its checks and settling, not its dissecting)
	 * and the chunk's frames, [0] for chunks a worker dissected, [1] for those the consumer dissected itself: the
	 * difference per frame is what reading events written on another core costs the checks
	 */
	private final long[] fCheckCpuBy = new long[2];
	private final long[] fCheckFramesBy = new long[2];
	private long fChunkCpu;
	private long fFrames;
	private long fStartNanos;
	/** the consumer's (checks' thread's) CPU time at the first advance: its own CPU is the serial stage's cost */
	private long fStartCpu;

	/**
	 * Chunks of {@link #defaultChunkFrames} frames ({@code -Dfeedscope.chunkFrames=N} for benchmarks), {@code 2 * threads + 4}
	 * of them circulating ({@code -Dfeedscope.works=N}): the consumer can run that many chunks minus two ahead of a
	 * worker that the machine's other work holds off its core.
	 *
	 * @param origin the source to read in several threads: a pcap/pcapng file it streams, or an indexed capture
	 *        it owns; owned (closed) by this one from now on, its problems ({@link DissectedPacketSource#streamProblems()})
	 *        those found by this reading
	 * @param threads the dissecting threads besides the consumer's own help (see {@link #awaitHelping}); 0 has the
	 *        consumer walk and dissect every chunk itself, with no thread of the source's own
	 * @throws IOException if the streamed file cannot be mapped
	 */
	public ParallelPacketSource(DissectedPacketSource origin, int threads) throws IOException {
		this(origin, threads, Math.max(1, Integer.getInteger("feedscope.chunkFrames", defaultChunkFrames(fileBytes(origin)))));
	}

	/**
	 * Frames per chunk for a capture file of that size. Why two sizes: every chunk costs a hand-off (two queue
	 * operations, its events settled on the other core), which a larger chunk shares among more frames (a 10 GB
	 * capture on 2 cores: 9.4 s whole process with 4096, 7.2-9.0 s with 16384, 8.6 s with 32768), while a short
	 * capture needs many chunks for both cores to start at once (the 39 MB 30 s capture: 0.49 s with 4096, 0.59 s with
	 * 16384; 447 MB: no difference).
	 *
	 * @param fileBytes the capture file's size (0 when unknown)
	 * @return {@value #LARGE_CHUNK} from {@value #LARGE_FILE} bytes on, else {@value #CHUNK}
	 */
	static int defaultChunkFrames(long fileBytes) {
		return fileBytes >= LARGE_FILE ? LARGE_CHUNK : CHUNK;
	}

	private static long fileBytes(DissectedPacketSource origin) {
		CaptureFile capture = origin.capture();
		StreamedCapture stream = origin.streamed();
		try {
			return capture != null ? Files.size(capture.path()) : stream != null ? Files.size(stream.path()) : 0;
		} catch (IOException | RuntimeException e) {
			// the size only tunes the chunks; reading says what is wrong with the file
			return 0;
		}
	}

	/**
	 * @param chunkFrames frames per chunk: small ones make tests cross many chunk boundaries
	 * @see #ParallelPacketSource(DissectedPacketSource, int)
	 */
	public ParallelPacketSource(DissectedPacketSource origin, int threads, int chunkFrames) throws IOException {
		super(checked(origin, threads, chunkFrames));
		fOrigin = origin;
		fProtocols = origin.protocols();
		CaptureFile capture = origin.capture();
		StreamedCapture stream = origin.streamed();
		if (capture != null) {
			fChunks = FrameChunks.of(capture);
		} else if (stream != null) {
			fChunks = FrameChunks.open(stream.path());
		} else {
			throw new IllegalArgumentException("a source that reads no capture");
		}
		fThreads = threads;
		// a pair for the consumer's own dissecting (awaitHelping) too
		int works = Math.max(2, Integer.getInteger("feedscope.works", 2 * threads + 4));
		fFree = new ArrayBlockingQueue<>(works + 1); // + STOP
		fOrder = new ArrayBlockingQueue<>(works);
		for (int i = 0; i < works; i++) {
			fFree.add(new Work(chunkFrames));
		}
		fSerial = new DissectedPacketSource(fProtocols);
		LearnedBindings learned = fSerial.dissector().learned();
		if (learned == null) {
			throw new IllegalStateException("the serial dissector learns no ports");
		}
		fLearned = learned;
		fReader = fChunks.reader();
		fWorkers = new Thread[threads];
		for (int i = 0; i < threads; i++) {
			Thread t = new Thread(this::dissect, "feedscope dissect " + (i + 1) + " " + origin.name());
			t.setDaemon(true); // never keeps a command-line JVM alive
			fWorkers[i] = t;
		}
	}

	private static DissectedPacketSource checked(DissectedPacketSource origin, int threads, int chunkFrames) {
		if (threads < 0 || chunkFrames < 1) {
			throw new IllegalArgumentException("threads " + threads + ", chunk " + chunkFrames);
		}
		return origin;
	}

	/**
	 * @param source a source
	 * @param threads dissecting threads
	 * @return the source read by {@code threads} threads when it reads a capture of its own (the CLI's), else
	 *         null (the workbench's captures are the capture set's, read under a lease by {@link ReadAheadSource})
	 */
	public static @Nullable PacketSource tryWrap(PacketSource source, int threads) {
		if (source instanceof DissectedPacketSource d && d.ownsCapture() && (d.capture() != null || d.streamed() != null)) {
			try {
				return new ParallelPacketSource(d, threads);
			} catch (IOException | RuntimeException e) {
				// not mappable (a file that vanished): the single reader says what is wrong, if anything
			}
		}
		return null;
	}

	/**
	 * @return the dissecting threads the analysis of a capture uses by default ({@code -Dfeedscope.threads=N} sets
	 *         it): one per processor but the one the checks' thread needs for itself. The checks run serially on
	 *         the consuming thread and cost about as much per frame as reading and dissecting it; with as many
	 *         dissecting threads as processors (plus the record walk, then a thread of its own), that thread
	 *         shared its core and was the stage that limited the whole run (2 cores gave 1.2x of 1, measured with
	 *         -Dfeedscope.timing).
	 */
	public static int defaultThreads() {
		return threads(Runtime.getRuntime().availableProcessors() - 1);
	}

	/**
	 * @param otherwise the threads a command uses when {@code -Dfeedscope.threads} is not given (or not a number)
	 * @return {@code -Dfeedscope.threads=N}, at least 1: the one switch for analyze's and decode's threads
	 */
	public static int threads(int otherwise) {
		String p = System.getProperty("feedscope.threads");
		if (p != null) {
			try {
				return Math.max(1, Integer.parseInt(p.trim()));
			} catch (NumberFormatException e) {
				// the default
			}
		}
		return Math.max(1, otherwise);
	}

	/** @return true when {@code -Dfeedscope.threads} was given (1 then means one reader, no parallel dissection) */
	static boolean threadsGiven() {
		return System.getProperty("feedscope.threads") != null;
	}

	/**
	 * Walks the next chunk's records into a free work and puts it in {@link #fOrder}, under the walk lock so the
	 * chunks are in file order there; the caller dissects it ({@link #dissectChunk}).
	 *
	 * @param wait true to wait for a free work (a worker), false to give up when none is free (the consumer,
	 *        which frees them itself)
	 * @return the work to dissect, or null at the end of the walk (or, not waiting, when no work is free)
	 */
	private @Nullable Work claim(boolean wait) throws InterruptedException {
		Work w = fFree.poll();
		if (w == null && wait) {
			long t0 = TIMING ? System.nanoTime() : 0;
			w = fFree.take();
			if (TIMING) {
				fWorkerFreeWaits.incrementAndGet();
				fWorkerFreeWaitNanos.addAndGet(System.nanoTime() - t0);
			}
		}
		if (w == null) {
			return null;
		}
		if (w == STOP) {
			fFree.add(STOP); // for the other threads
			return null;
		}
		long l0 = TIMING ? System.nanoTime() : 0;
		synchronized (fWalkLock) {
			if (TIMING) {
				long l = System.nanoTime() - l0;
				if (wait) {
					fWorkerLockNanos.addAndGet(l);
				} else {
					fHelperLockNanos += l;
				}
			}
			if (fWalkEnded) {
				fFree.add(w);
				return null;
			}
			w.fError = null;
			long c0 = TIMING ? cpuNanos() : 0;
			boolean more;
			try {
				more = fChunks.next(w.fChunk);
			} catch (RuntimeException | Error e) {
				w.fError = e;
				more = false;
			}
			if (TIMING) {
				long walk = cpuNanos() - c0;
				fWalkCpu.addAndGet(walk);
				if (wait) {
					fWorkerWalkCpu.addAndGet(walk);
				} else {
					fHelperWalkCpu += walk;
				}
			}
			w.fLast = !more;
			synchronized (w) {
				w.fDone = !more;
			}
			fOrder.add(w); // room for every work there is: never blocks
			if (!more) {
				fWalkEnded = true;
				fFree.add(STOP); // wakes the workers waiting for a work
				w.done();
				return null;
			}
		}
		return w;
	}

	private void dissect() {
		DissectedPacketSource d = new DissectedPacketSource(fProtocols);
		d.readFields(fFieldNames); // the workers start at the first advance, after readFields
		LearnedBindings learned = d.dissector().learned();
		FrameChunks.Reader reader = fChunks.reader();
		try {
			Work w;
			while (!fClosed && (w = claim(true)) != null) {
				w.fByConsumer = false;
				dissectChunk(w, d, learned, reader);
				if (TIMING) {
					fWorkerFrames.addAndGet(w.fChunk.size());
				}
			}
		} catch (InterruptedException e) {
			// closed
		} finally {
			if (TIMING) {
				fDissectCpu.addAndGet(cpuNanos());
			}
		}
	}

	/** Dissects a chunk's frames into its events with a dissecting source of the calling thread's own. */
	private void dissectChunk(Work w, DissectedPacketSource d, @Nullable LearnedBindings learned, FrameChunks.Reader reader) {
		try {
			FrameChunk c = w.fChunk;
			if (LOAD && reader.load(c)) {
				// the chunk's bytes copied at once into its array, each frame dissected from there: array loads, no
				// buffer per frame (a view of the mapping per frame, and its reads, were a third of the dissecting
				// CPU under C1, the launcher's compiler; see FrameChunks.Reader#load)
				byte[] bytes = c.bytes();
				PacketEvent[] events = w.fEvents;
				for (int i = 0, n = c.size(); i < n; i++) {
					PacketEvent e = events[i];
					if (e == null) {
						e = events[i] = new PacketEvent();
					}
					FeedPacket p = d.dissect(e, bytes, c.byteOffset(i), c.frame(i), c.timestampNanos(i),
							c.interfaceId(i), c.linkType(i), c.capturedLength(i), c.originalLength(i));
					note(w, i, p, learned);
				}
				return;
			}
			PacketEvent[] events = w.fEvents;
			for (int i = 0, n = c.size(); i < n; i++) {
				PacketEvent e = events[i];
				if (e == null) {
					e = events[i] = new PacketEvent();
				}
				FeedPacket p = d.dissect(e, reader.data(c, i), c.frame(i), c.timestampNanos(i), c.interfaceId(i),
						c.linkType(i), c.capturedLength(i), c.originalLength(i));
				note(w, i, p, learned);
			}
		} catch (RuntimeException | Error e) {
			w.fError = e;
		} finally {
			w.done();
		}
	}

	/**
	 * Waits until chunk {@code w} is dissected, meanwhile claiming and dissecting the next chunks itself (while a
	 * work is free), with a dissecting source of the consumer's own (a worker like the others for {@link #settle}).
	 * Balances the stages whatever their costs: when the checks are the slower stage, the chunks are ready
	 * before they are needed and this only waits; when dissection is, the checks' thread lends its spare time
	 * to it instead of waiting.
	 *
	 * @param w the chunk needed next, or null when none is in order yet
	 * @return nanoseconds spent dissecting (not waiting)
	 */
	private long awaitHelping(@Nullable Work w) throws InterruptedException {
		long busy = 0;
		if (!HELP && fThreads > 0) {
			if (w != null) {
				awaitTimed(w);
			}
			return 0;
		}
		while (w == null ? fOrder.isEmpty() : !w.isDone()) {
			long t0 = TIMING ? System.nanoTime() : 0;
			long c0 = TIMING ? cpuNanos() : 0;
			Work other = claim(false);
			if (other == null) {
				if (w != null) {
					awaitTimed(w); // no work free, or the walk ended: a worker is on this one
				}
				break;
			}
			DissectedPacketSource d = fHelper;
			if (d == null) {
				d = new DissectedPacketSource(fProtocols);
				d.readFields(fFieldNames);
				fHelper = d;
			}
			FrameChunks.Reader reader = fHelperReader;
			if (reader == null) {
				reader = fChunks.reader();
				fHelperReader = reader;
			}
			other.fByConsumer = true;
			dissectChunk(other, d, d.dissector().learned(), reader);
			fHelped += other.fChunk.size();
			busy += TIMING ? System.nanoTime() - t0 : 0;
			fHelpCpu += TIMING ? cpuNanos() - c0 : 0;
		}
		return busy;
	}

	/** Waits for a worker to finish chunk w, counting the wait (timing). */
	private void awaitTimed(Work w) throws InterruptedException {
		if (!TIMING) {
			w.awaitDone();
			return;
		}
		if (w.isDone()) {
			return;
		}
		long t0 = System.nanoTime();
		w.awaitDone();
		long t = System.nanoTime() - t0;
		fWaits++;
		fMaxWaitNanos = Math.max(fMaxWaitNanos, t);
	}

	/** Notes what the frame's dissection took from the worker's learned ports (see the class comment). */
	private void note(Work w, int i, FeedPacket p, @Nullable LearnedBindings learned) {
		PacketLayers.Kind k = p.layers().kind();
		if (learned == null || k != PacketLayers.Kind.UDP && k != PacketLayers.Kind.NO_LINK) {
			w.fPorts[i] = -1;
			return;
		}
		int dst = p.destinationPort() & 0xffff;
		int src = p.sourcePort() & 0xffff;
		w.fPorts[i] = dst << 16 | src;
		// a heuristic binds only when no port was learned: both were unknown before this frame
		boolean heuristic = p.boundByHeuristic();
		w.fTeach[i] = heuristic;
		w.fLearnedDst[i] = heuristic ? null : learned.protocol(dst, fProtocols);
		w.fLearnedSrc[i] = heuristic ? null : learned.protocol(src, fProtocols);
	}

	/** Passes the fields to every dissecting thread and to the in-order re-dissection; before the first advance. */
	@Override
	void fieldsRead(java.util.List<String> names) {
		fFieldNames = java.util.List.copyOf(names);
		fSerial.readFields(fFieldNames);
	}

	@Override
	public boolean advance() {
		Work w = fCurrent;
		if (w != null && fIndex + 1 < w.fChunk.size()) {
			fIndex++;
			settle(w, fIndex);
			return true;
		}
		w = nextChunk();
		if (w == null) {
			return false;
		}
		fIndex = 0;
		settle(w, 0);
		return true;
	}

	/**
	 * Lets the current chunk go and takes the next one that has frames, in walk order (see {@link #advance()}): the
	 * hand-off, once per chunk.
	 *
	 * @return the chunk, now {@link #fCurrent}, its events not settled yet; null at the end
	 */
	private @Nullable Work nextChunk() {
		if (fEnded) {
			return null;
		}
		if (!started()) {
			markStarted();
			fStartNanos = System.nanoTime();
			fStartCpu = TIMING ? cpuNanos() : 0;
			for (Thread t : fWorkers) {
				t.start();
			}
		}
		Work w = fCurrent;
		while (true) {
			if (w != null) {
				if (TIMING) {
					int by = w.fByConsumer ? 1 : 0;
					fCheckCpuBy[by] += cpuNanos() - fChunkCpu;
					fCheckFramesBy[by] += w.fChunk.size();
				}
				fCurrent = null;
				fFree.add(w);
			}
			try {
				long t0 = TIMING ? System.nanoTime() : 0;
				// nothing in order yet: the consumer walks and dissects the next chunk itself rather than wait
				long busy = fOrder.isEmpty() ? awaitHelping(null) : 0;
				w = fOrder.poll();
				if (w == null) {
					long t1 = TIMING ? System.nanoTime() : 0;
					w = fOrder.take();
					if (TIMING) {
						long t = System.nanoTime() - t1;
						fTakeWaits++;
						fTakeWaitNanos += t;
					}
				}
				busy += awaitHelping(w);
				if (TIMING) {
					fWaitNanos += System.nanoTime() - t0 - busy; // dissecting is work, not waiting
					fFrames += w.fChunk.size();
					fHandOffs++;
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while reading " + fOrigin.name(), e);
			}
			Throwable error = w.fError;
			if (error != null) {
				fEnded = true;
				if (error instanceof RuntimeException re) {
					throw re;
				}
				throw (Error) error;
			}
			if (w.fLast) {
				fEnded = true;
				fOrigin.problemsRead(fChunks.problems());
				if (TIMING) {
					timing();
				}
				return null;
			}
			fCurrent = w;
			if (TIMING) {
				fChunkCpu = cpuNanos();
			}
			if (w.fChunk.size() > 0) {
				return w;
			}
		}
	}

	/**
	 * Events settled ahead of the checks in {@link #drain}, 128 at a time ({@code -Dfeedscope.settleAhead=N} for
	 * benchmarks; 1 and 1024 measured no better under C1): a tight loop over a batch of events that a dissecting thread wrote on another core fetches
	 * their cache lines many at once (each one fetched alone, by the checks reading the event, costs the checks'
	 * thread the whole ~110-150 ns of a line moving across cores, see the class comment); few enough that they are
	 * still in this core's cache when the checks read them.
	 */
	static final int SETTLE_AHEAD = Math.max(1, Integer.getInteger("feedscope.settleAhead", 128));
	/** what {@link #drain}'s settling read of each event, kept so that no compiler drops the reads */
	private int fTouched;

	/**
	 * Hands every event of this source to the analysis, in order, the whole run in one call: what
	 * {@code while (merger.advance()) analyzer.accept(merger.current())} does with a merger of this one source, a
	 * chunk at a time: no calls through the merger and the source's interface per frame (the client compiler, the
	 * launcher's, inlines none of them), and the chunk's events settled a batch ahead of the checks
	 * ({@link #SETTLE_AHEAD}). ParallelPacketSourceTest holds the reports of this path to the serial reading's.
	 *
	 * @param analyzer the analysis, its fields asked for already ({@link #readFields})
	 * @param captureIndex the capture index the merger would stamp (0: the merger's only source)
	 * @param name the capture name the merger would stamp
	 * @return the frames whose timestamp is earlier than their predecessor's ({@link CaptureMerger#outOfOrderFrames()})
	 */
	long drain(FeedAnalyzer analyzer, int captureIndex, String name) {
		long outOfOrder = 0;
		long last = Long.MIN_VALUE;
		int ahead = SETTLE_AHEAD;
		Work w;
		while ((w = nextChunk()) != null) {
			PacketEvent[] events = w.fEvents;
			for (int from = 0, n = w.fChunk.size(); from < n; from += ahead) {
				int to = Math.min(n, from + ahead);
				int touched = 0;
				int[] ports = w.fPorts;
				for (int i = from; i < to; i++) {
					PacketEvent e = events[i];
					// settle's usual frame without its call (which the client compiler does not inline): ports that
					// the serial pass judges as the worker did, and the session String of the frame before, handed out
					// as the serial source hands it out (ParallelPacketSourceTest holds the reports to the serial one)
					int p = ports[i];
					if (p != fSettledPorts && p == fOtherPorts && p != -1) {
						swapSettled(); // the other line's frame
					}
					String raw = e.fSession;
					if ((p == -1 || p == fSettledPorts && !w.fTeach[i] && fSettledDst == w.fLearnedDst[i]
							&& fSettledSrc == w.fLearnedSrc[i]) && raw == fLastRaw) {
						String session = fLastSession;
						if (raw != session) {
							e.fSession = session; // only when it differs: see the class comment
						}
					} else {
						settle(w, i);
					}
					// the event's last fields and its first message type: the lines settle did not read
					touched += e.fMessageCount + e.fMessageTypes[0] + (e.fUnicast ? 1 : 0);
				}
				fTouched += touched;
				for (int i = from; i < to; i++) {
					PacketEvent e = events[i];
					e.setCapture(captureIndex, name);
					long t = e.fTimeNanos;
					if (t < last) {
						outOfOrder++;
					}
					last = t;
					fIndex = i;
					analyzer.accept(e);
				}
			}
		}
		return outOfOrder;
	}

	/** Makes the i-th event of the chunk the serial pass's (see the class comment), in frame order. */
	private void settle(Work w, int i) {
		int ports = w.fPorts[i];
		PacketEvent e = w.fEvents[i];
		if (ports != -1) {
			if (ports != fSettledPorts) {
				if (ports == fOtherPorts) {
					swapSettled();
				} else {
					fOtherPorts = fSettledPorts;
					fOtherDst = fSettledDst;
					fOtherSrc = fSettledSrc;
					fSettledDst = fLearned.protocol(ports >>> 16, fProtocols);
					fSettledSrc = fLearned.protocol(ports & 0xffff, fProtocols);
					fSettledPorts = ports;
				}
			}
			if (w.fTeach[i] || fSettledDst != w.fLearnedDst[i] || fSettledSrc != w.fLearnedSrc[i]) {
				FrameChunk c = w.fChunk;
				ByteBuffer data = fReader.data(c, i);
				fSerial.dissect(e, data, c.frame(i), c.timestampNanos(i), c.interfaceId(i), c.linkType(i),
						c.capturedLength(i), c.originalLength(i));
				// the serial dissector may have learned a port: neither entry may be trusted any more
				fSettledPorts = -1;
				fOtherPorts = -1;
				fRedissected++;
			}
		}
		String raw = e.session();
		if (!raw.isEmpty()) {
			if (raw != fLastRaw) {
				fLastRaw = raw;
				fLastSession = fSessions.computeIfAbsent(raw, s -> s);
			}
			String session = fLastSession;
			if (raw != session) {
				e.setSession(session); // only when it differs: see the class comment
			}
		}
	}

	/** Makes the other entry the settled one and the settled one the other (see {@link #fOtherPorts}). */
	private void swapSettled() {
		int ports = fSettledPorts;
		Protocol dst = fSettledDst;
		Protocol src = fSettledSrc;
		fSettledPorts = fOtherPorts;
		fSettledDst = fOtherDst;
		fSettledSrc = fOtherSrc;
		fOtherPorts = ports;
		fOtherDst = dst;
		fOtherSrc = src;
	}

	private static long cpuNanos() {
		java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
		return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : 0;
	}

	/**
	 * Prints where the time of the reading went (feedscope.timing): the CPU of the record walk and of the
	 * dissecting threads, the consumer's (the checks' thread's) own CPU, and how long it waited for dissected
	 * chunks: when it hardly waits, the checks are what limits the analysis, not reading or dissecting. CPU
	 * per stage, unlike the waits, holds on a machine that other work loads: the slowest stage's CPU is the
	 * floor of the run's wall time on enough cores.
	 */
	private void timing() {
		// the workers add their CPU when they stop: wait a moment for them (they are finishing their last take)
		for (Thread t : fWorkers) {
			try {
				t.join(100);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		long wall = System.nanoTime() - fStartNanos;
		long consumerCpu = cpuNanos() - fStartCpu;
		double f = Math.max(1, fFrames);
		System.err.printf(java.util.Locale.ROOT,
				"timing: parallel reading of %s: %d frames, %d dissecting threads; record walk %.0f ms CPU (%.1f ns/frame, part of the dissecting threads';"
						+ " copying the file's bytes %.1f ns/frame of it, %.1f bytes/frame copied),"
						+ " dissection %.0f ms CPU (%.1f ns/frame), checks' thread %.0f ms CPU (%.1f ns/frame) and waited %.0f ms of %.0f ms,"
						+ " %d frames dissected by the checks' thread itself (%.0f ms CPU), %d frames dissected again in order;"
						+ " the checks' thread without its dissecting: %.1f ns/frame (on chunks a worker dissected %.1f, on those it dissected itself %.1f);"
						+ " all dissecting CPU (the threads' and the checks' thread's, walk included) %.1f ns/frame%n",
				fOrigin.name(), fFrames, fThreads, fWalkCpu.get() / 1e6, fWalkCpu.get() / f, fChunks.copyCpuNanos() / f,
				fChunks.copiedBytes() / f, fDissectCpu.get() / 1e6,
				fDissectCpu.get() / f, consumerCpu / 1e6, consumerCpu / f, fWaitNanos / 1e6, wall / 1e6, fHelped,
				fHelpCpu / 1e6, fRedissected, (consumerCpu - fHelpCpu) / f, fCheckCpuBy[0] / Math.max(1.0, fCheckFramesBy[0]),
				fCheckCpuBy[1] / Math.max(1.0, fCheckFramesBy[1]), (fDissectCpu.get() + fHelpCpu) / f);
		long workerFrames = fWorkerFrames.get();
		long workerWalk = fWorkerWalkCpu.get();
		System.err.printf(java.util.Locale.ROOT,
				"timing: hand-offs of %s: %d chunks; the workers walked %d frames (%.1f ns/frame of theirs) and dissected them"
						+ " in %.1f ns/frame besides, waited for a free chunk %d times (%.0f ms) and for the walk %.0f ms; the checks'"
						+ " thread walked %d frames (%.1f ns/frame) and dissected them in %.1f ns/frame besides, waited for the walk"
						+ " %.0f ms, for the next chunk %d times (%.0f ms in all, longest %.2f ms), found none in order %d times (%.0f ms)%n",
				fOrigin.name(), fHandOffs, workerFrames, workerWalk / Math.max(1.0, workerFrames),
				(fDissectCpu.get() - workerWalk) / Math.max(1.0, workerFrames), fWorkerFreeWaits.get(),
				fWorkerFreeWaitNanos.get() / 1e6, fWorkerLockNanos.get() / 1e6, fHelped, fHelperWalkCpu / Math.max(1.0, fHelped),
				(fHelpCpu - fHelperWalkCpu) / Math.max(1.0, fHelped), fHelperLockNanos / 1e6, fWaits, fWaitNanos / 1e6, fMaxWaitNanos / 1e6, fTakeWaits, fTakeWaitNanos / 1e6);
	}

	@Override
	public PacketEvent current() {
		Work w = fCurrent;
		if (w == null || fIndex >= w.fChunk.size()) {
			throw new IllegalStateException("no current event: advance() first");
		}
		return w.fEvents[fIndex];
	}

	/** @return the frames dissected again in order because a worker's learned ports differed (see the class comment) */
	public long redissected() {
		return fRedissected;
	}

	/** @return the frames the consumer dissected itself because no worker had started their chunk ({@link #awaitHelping}) */
	public long dissectedByConsumer() {
		return fHelped;
	}

	/** @return the dissecting threads */
	public int threads() {
		return fThreads;
	}

	@Override
	public void close() {
		fClosed = true;
		if (started()) {
			for (Thread t : fWorkers) {
				t.interrupt();
			}
			try {
				for (Thread t : fWorkers) {
					t.join();
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			fChunks.close();
		} catch (IOException e) {
			// a read-only mapping: nothing to lose
		}
		fOrigin.close();
	}
}

package io.feedscope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.analysis.ParallelPacketSource;
import io.feedscope.capture.CaptureFile;
import io.feedscope.dissect.FeedDissector;
import io.feedscope.dissect.FeedPacket;
import io.feedscope.dissect.ProtocolSet;
import io.feedscope.filter.packet.PacketRecord;

/**
 * {@code decode} on several threads, printing exactly what {@link DecodeCommand#decodeSerial} prints, on stdout
 * and on stderr.
 * <p>
 * Why it can: decoding a frame depends on that frame alone (decode's dissector learns no ports, and a writer
 * keeps nothing between packets that reaches the output: its prefix is remade at each
 * {@link RecordWriter#startPacket()}, its address, layout and key caches hold what the same input always
 * renders to). So the frames, in the order {@link FrameMerge} gives them (file order for one capture), are cut
 * into chunks of consecutive frames; a worker thread dissects a chunk with its own {@link FeedDissector} and
 * renders it with its own writer into a byte buffer, keeping the chunk's stderr lines beside; this thread hands
 * out the chunks and writes the buffers and lines back in chunk order. Which frames share a chunk does not
 * matter to the bytes: a chunk boundary only decides which thread renders a frame.
 * <p>
 * What is not per frame is done here, in order: the frame merge; a CSV's header, chosen by its first message
 * (the frames up to that message are decoded on this thread, then the workers continue with forks of the
 * writer that know the choice); and the lines said once per protocol ("messages are left out"), which workers
 * only propose and this thread prints at the first proposal in frame order. At most {@code 2 x threads} chunks
 * are in flight, so memory stays a few chunks' records whatever the capture's size.
 * <p>
 * <b>Frames of a feed that carries state from frame to frame</b> ({@link io.feedscope.dissect.Protocol#carriesStreamState()}:
 * PITCH's time of a message is a Time message's seconds, set in an earlier frame of its stream, plus its own
 * offset) are the exception: a worker meeting one drops its chunk, and this thread decodes that whole chunk, in
 * order, with the one dissector ({@link #fOrdered}) that sees every such frame of the run and so knows each
 * stream's state as the serial path does. Chunks without such frames leave that state as it is (only those frames
 * change it), so skipping them there loses nothing. A capture of such a feed is thus decoded on this thread, and
 * an ITCH capture with PITCH installed (the product) on every core.
 * <p>
 * <b>Why the first frames are decoded here, on one thread</b> ({@link #WARM}): until the JIT has compiled the
 * dissection and the writers, their code runs interpreted or in C1's profiling tier, which updates counters
 * shared by every thread running it, and the compiler threads need a core of their own to get on. Started on
 * every core at once, the workers shared two cores with the compilers and ran the profiling code side by side
 * for longer. Measured on 2 cores under other helpers' load (3.4 M frames, workers rendering JSON to a stream that
 * only counts, thread CPU): one thread's chunks of 2048 frames fall from ~12 ms to ~1.5 ms over the first ~50
 * chunks; two threads' stayed at 7-9 ms for ~90 chunks, and the first tenth of the capture took them 1.3-2.2x
 * the CPU it took one thread in the same round (924-1464 ms against 582-730, 5 rounds), the other nine tenths the
 * same within the noise; with the first 64 chunks on one thread, 593-1142 ms (5 rounds: under that load the noise is
 * as large as the effect). So this thread decodes the first frames alone, as the serial
 * path does, and only then hands chunks out. A fixed number of frames, not a measure of when the code is compiled:
 * a rule that waited for this thread's time per frame to stop falling ended the start too early, on the plateau of
 * C1's code while C2 compiled (seen under load: 2048-frame groups at 16-30 ms for ~25 groups, then 10, 7, 3.5
 * and 1.8 ms), and what the compiler threads are doing is not visible from Java.
 */
final class ParallelDecode {

	/** frames per chunk: enough that handing one out costs nothing next to decoding it, few enough to bound memory */
	private static final int CHUNK = 2048;

	private final List<CaptureFile> fCaptures;
	private final List<String> fNames;
	private final ProtocolSet fSet;
	private final RecordWriter fWriter;
	private final PrintStream fErr;
	private final int fThreads;
	private final int fChunkFrames;
	/** true if a protocol of the set carries state from frame to frame: workers then look at each frame's feed */
	private final boolean fStateful;
	/** the dissector of every frame decoded on this thread, in frame order (see the class comment) */
	private @Nullable FeedDissector fOrdered;
	private final long fWarmFrames;

	/**
	 * @param writer the output's writer (its stream is the output); its forks render the workers' chunks
	 * @param threads worker threads, at least 1
	 * @param chunkFrames frames per chunk, at least 1
	 */
	ParallelDecode(List<CaptureFile> captures, List<String> names, ProtocolSet set, RecordWriter writer, PrintStream err,
			int threads, int chunkFrames) {
		this(captures, names, set, writer, err, threads, chunkFrames, warmFrames());
	}

	/**
	 * @param warmFrames frames decoded on the calling thread before the workers start (at least: a CSV's frames
	 *        up to its first message are too), or -1 for the default ({@link #WARM}, at most a quarter of the
	 *        frames)
	 */
	ParallelDecode(List<CaptureFile> captures, List<String> names, ProtocolSet set, RecordWriter writer, PrintStream err,
			int threads, int chunkFrames, long warmFrames) {
		fCaptures = captures;
		fNames = names;
		fSet = set;
		fWriter = writer;
		fErr = err;
		fThreads = Math.max(1, threads);
		fChunkFrames = Math.max(1, chunkFrames);
		fWarmFrames = Math.max(-1, warmFrames);
		fStateful = set.protocols().stream().anyMatch(io.feedscope.dissect.Protocol::carriesStreamState);
	}

	/** @return the dissector of the frames decoded on this thread, made at its first frame */
	private FeedDissector ordered() {
		FeedDissector d = fOrdered;
		if (d == null) {
			d = new FeedDissector(fSet);
			fOrdered = d;
		}
		return d;
	}

	/**
	 * @return the threads decode uses: {@code -Dfeedscope.threads=N} (as for analyze; 1 is the serial path),
	 *         otherwise one per processor (the workers do nearly all the work; this thread mostly waits)
	 */
	static int threads() {
		return ParallelPacketSource.threads(Runtime.getRuntime().availableProcessors());
	}

	/** @return frames per chunk; {@code -Dfeedscope.decode.chunk=N} sets it (tests use small chunks: many boundaries) */
	static int chunkFrames() {
		return Math.max(1, Integer.getInteger("feedscope.decode.chunk", CHUNK));
	}

	/**
	 * Frames decoded on the calling thread before the workers start, by default (at most a quarter of the frames, so
	 * that a short capture still runs on every core for most of it). See the class comment for why; this many because
	 * (measured on 2 cores, 3.4 M frames, under the load of other builds) one thread's chunks of 2048 frames reach
	 * their compiled speed after 50 to 100 chunks, and more frames here only cost the second core's help.
	 */
	static final long WARM = 1 << 17;

	/**
	 * @return frames decoded on the calling thread before the workers start: {@code -Dfeedscope.decode.warm=N} (tests
	 *         place the hand-over; benchmarks compare), otherwise -1: {@link #WARM}, at most a quarter of the frames
	 */
	static long warmFrames() {
		return Math.max(-1, Long.getLong("feedscope.decode.warm", -1));
	}

	/** Consecutive frames of the merge, as decode would take them one by one. */
	private static final class Chunk {
		final int[] fCapture;
		final int[] fFrame;
		final long[] fTime;
		int fSize;

		Chunk(int capacity) {
			fCapture = new int[capacity];
			fFrame = new int[capacity];
			fTime = new long[capacity];
		}
	}

	/** A "said once" line proposed by a worker; printed if its protocol was not said before in frame order. */
	private record Once(String feedName, String line) {
	}

	/**
	 * A decoded chunk: its records' bytes, its stderr lines (String or {@link Once}) in order, and whether any frame
	 * was feed data; or, with {@code ordered}, none of that: the chunk holds a frame of a feed that carries state
	 * from frame to frame and is decoded in order on the writing thread.
	 */
	private record Done(Chunk chunk, Buffer bytes, List<Object> said, boolean sawFeed, boolean ordered) {
	}

	/**
	 * Buffers that held chunks already written, for the next chunks: a chunk's records are up to a megabyte or
	 * so, and a new array per chunk plus the copy {@code ByteArrayOutputStream.toByteArray} makes are work the
	 * workers need not do (the parallel run took ~1.4 s more CPU than the serial one on 6.4 M messages; this
	 * did not measurably remove that on the shared machine). At most the chunks in flight plus one per worker
	 * exist.
	 */
	private final java.util.concurrent.ConcurrentLinkedQueue<Buffer> fFree = new java.util.concurrent.ConcurrentLinkedQueue<>();

	/** One worker thread's tools, made on that thread at its first chunk. */
	private final class Worker {
		final FeedDissector fDissector = new FeedDissector(fSet);
		final Sink fOut = new Sink();
		final RecordWriter fRecords = fWriter.fork(fOut);
		// not used: there is no filter on this path, but frame(...) takes one
		final PacketRecord fRecord = new PacketRecord(fSet);
	}

	/** A growing byte array, used by one thread at a time (no locks, unlike ByteArrayOutputStream). */
	private static final class Buffer {
		byte[] fBytes = new byte[1 << 16];
		int fSize;

		void write(byte[] b, int off, int len) {
			if (fSize + len > fBytes.length) {
				fBytes = java.util.Arrays.copyOf(fBytes, Math.max(fBytes.length * 2, fSize + len));
			}
			System.arraycopy(b, off, fBytes, fSize, len);
			fSize += len;
		}
	}

	/** What a worker's writer writes to: the buffer of the chunk it is decoding (the writer's stream is fixed). */
	private static final class Sink extends OutputStream {
		Buffer fTo = new Buffer();
		private final byte[] fOne = new byte[1];

		@Override
		public void write(int b) {
			fOne[0] = (byte) b;
			fTo.write(fOne, 0, 1);
		}

		@Override
		public void write(byte @Nullable [] b, int off, int len) {
			if (b != null) { // OutputStream leaves the parameter unconstrained; the writers never pass null
				fTo.write(b, off, len);
			}
		}
	}

	/**
	 * Decodes every frame of the captures.
	 *
	 * @return true if any frame was feed data (even malformed)
	 * @throws IOException if the output cannot be written
	 */
	boolean run() throws IOException {
		FrameMerge merge = new FrameMerge(fCaptures);
		DecodeCommand.Say say = DecodeCommand.Say.to(fErr);
		RecordWriter rw = fWriter;
		rw.begin();
		boolean sawFeed = false;
		boolean more = merge.next();
		long warm = fWarmFrames;
		if (warm < 0) {
			long total = 0;
			for (CaptureFile c : fCaptures) {
				total += c.frameCount();
			}
			warm = Math.min(WARM, total / 4);
		}
		if (more && (!rw.forkable() || warm > 0)) {
			// decoded here as the serial path does: while the JIT warms (see the class comment), and a CSV before
			// its first message (its header is not chosen yet)
			FeedDissector d = ordered();
			PacketRecord record = new PacketRecord(fSet);
			long decoded = 0;
			do {
				sawFeed |= DecodeCommand.frame(fCaptures.get(merge.capture()), fNames.get(merge.capture()), merge.frame(),
						merge.time(), d, record, null, rw, say);
				decoded++;
				more = merge.next();
			} while (more && (!rw.forkable() || decoded < warm));
		}
		// what this thread wrote stays in the writer's line (up to 64 KB, as serially) until the first chunk's stderr
		// lines are out (emit)
		if (more) {
			sawFeed |= parallel(merge, say);
		}
		rw.finish();
		return sawFeed;
	}

	/** The frames from the merge's current one to the end, chunk by chunk on the workers, written in order. */
	private boolean parallel(FrameMerge merge, DecodeCommand.Say say) throws IOException {
		ExecutorService pool = Executors.newFixedThreadPool(fThreads, r -> {
			Thread t = new Thread(r, "feedscope-decode");
			t.setDaemon(true); // a failure on this thread must not leave the JVM waiting for workers
			return t;
		});
		ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
		ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
		int most = 2 * fThreads;
		boolean sawFeed = false;
		try {
			boolean more = true;
			while (more) {
				Chunk c = new Chunk(fChunkFrames);
				while (more && c.fSize < fChunkFrames) {
					c.fCapture[c.fSize] = merge.capture();
					c.fFrame[c.fSize] = merge.frame();
					c.fTime[c.fSize] = merge.time();
					c.fSize++;
					more = merge.next();
				}
				if (inFlight.size() >= most) {
					sawFeed |= emit(inFlight.removeFirst(), say);
				}
				inFlight.addLast(pool.submit(() -> decode(c, workers.get())));
			}
			while (!inFlight.isEmpty()) {
				sawFeed |= emit(inFlight.removeFirst(), say);
			}
		} finally {
			pool.shutdownNow();
		}
		return sawFeed;
	}

	/** On a worker: the chunk's frames decoded as the serial path decodes them, into the worker's buffer. */
	private Done decode(Chunk c, Worker w) throws IOException {
		List<Object> said = new ArrayList<>();
		DecodeCommand.Say say = new DecodeCommand.Say() {
			@Override
			public void line(String line) {
				said.add(line);
			}

			@Override
			public void leftOut(String feedName, String line) {
				said.add(new Once(feedName, line));
			}
		};
		Buffer into = fFree.poll();
		if (into == null) {
			into = new Buffer();
		}
		w.fOut.fTo = into;
		boolean sawFeed = false;
		for (int i = 0; i < c.fSize; i++) {
			int k = c.fCapture[i];
			CaptureFile cf = fCaptures.get(k);
			FeedPacket p = w.fDissector.dissect(cf, c.fFrame[i]);
			if (fStateful) {
				io.feedscope.dissect.Protocol feed = p.feedProtocol();
				if (feed != null && feed.carriesStreamState()) {
					// what this worker rendered of the chunk is dropped: the writing thread decodes it all in order
					w.fRecords.flushLine();
					into.fSize = 0;
					fFree.add(into);
					return new Done(c, into, List.of(), false, true);
				}
			}
			sawFeed |= DecodeCommand.frame(cf, fNames.get(k), c.fFrame[i], c.fTime[i], p, w.fRecord, null, w.fRecords, say);
		}
		w.fRecords.flushLine();
		return new Done(c, into, said, sawFeed, false);
	}

	/** Writes a chunk's records and stderr lines (waiting for it if need be). */
	private boolean emit(Future<Done> f, DecodeCommand.Say say) throws IOException {
		Done d;
		try {
			d = f.get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		} catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException re) {
				throw re;
			}
			if (cause instanceof Error err) {
				throw err;
			}
			throw new IllegalStateException(cause);
		}
		if (d.ordered()) {
			Chunk c = d.chunk();
			FeedDissector od = ordered();
			PacketRecord record = new PacketRecord(fSet);
			boolean sawFeed = false;
			for (int i = 0; i < c.fSize; i++) {
				int k = c.fCapture[i];
				sawFeed |= DecodeCommand.frame(fCaptures.get(k), fNames.get(k), c.fFrame[i], c.fTime[i], od, record, null,
						fWriter, say);
			}
			return sawFeed;
		}
		// stderr first: the serial path prints a frame's lines at once and its records when its line buffer fills
		// (64 KB) or at the end, so a capture of one chunk whose records fit in 64 KB (the small ones) shows all of
		// stderr before stdout in a shared terminal or file (2>&1), as before. Order within each stream is the
		// serial one always; between the two streams, beyond that, stdout comes in chunks here and in 64 KB there.
		for (Object o : d.said()) {
			if (o instanceof Once once) {
				say.leftOut(once.feedName(), once.line());
			} else {
				say.line((String) o);
			}
		}
		// what this thread decoded itself (a CSV's frames up to its first message) goes before the workers' records
		fWriter.flushLine();
		OutputStream out = fWriter.fOut;
		Buffer b = d.bytes();
		out.write(b.fBytes, 0, b.fSize);
		b.fSize = 0;
		fFree.add(b);
		if (out instanceof PrintStream p && p.checkError()) {
			// as RecordWriter.flushLine: a closed pipe (| head) stops the decode
			throw new IOException("output closed");
		}
		return d.sawFeed();
	}
}

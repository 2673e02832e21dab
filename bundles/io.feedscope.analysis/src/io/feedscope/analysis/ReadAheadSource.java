package io.feedscope.analysis;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.CaptureClosedException;
import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureLease;

/**
 * Reads and dissects a capture on a thread of its own, one batch of events ahead of the checks.
 * <p>
 * Why: reading and dissecting a frame costs about as much as the checks do with it, and the two are
 * independent stages (data flows one way: frames &rarr; dissection &rarr; checks), so on a machine with two
 * cores the analysis of a capture takes about the time of the slower stage instead of the sum. The
 * events the checks see are the same, in the same order: the wrapped source is read front to back by
 * one thread, and each event is copied into a batch handed over through a queue (which also makes the
 * copies visible to the consuming thread).
 * <p>
 * Memory stays flat: {@value #BATCHES} batches of {@value #BATCH} events circulate between the two
 * threads. A failure of the wrapped source (an unchecked exception) is rethrown by {@link #advance()};
 * {@link #close()} stops the reading thread before closing the wrapped source.
 * <p>
 * <b>Closing the capture meanwhile.</b> When the wrapped source reads an indexed capture (a
 * {@link DissectedPacketSource} over a {@link CaptureFile}, the workbench's case, where the capture set owns
 * the capture and may close it while an analysis runs), the reading thread holds a {@link CaptureLease} on
 * it while it reads: {@link CaptureFile#close()} cancels the lease (and interrupts the reading thread if it
 * waits for the consumer), the reading thread stops within an event and gives the lease back, and
 * {@link #advance()} delivers the events read before, then throws {@link CaptureClosedException}. So the
 * capture is never released under a reader, and the consumer never waits for events that will not come.
 */
public final class ReadAheadSource extends WrappingSource {

	static final int BATCH = 2048;
	static final int BATCHES = 4;

	private static final class Batch {
		final PacketEvent[] fEvents = new PacketEvent[BATCH];
		int fSize;
		boolean fLast;
		@Nullable Throwable fError;

		Batch() {
			for (int i = 0; i < BATCH; i++) {
				fEvents[i] = new PacketEvent();
			}
		}
	}

	private final PacketSource fInner;
	/** the capture the inner source reads, to lease while reading; null if none (streamed) */
	private final @Nullable CaptureFile fCapture;
	/** one more than the batches: a last batch (an error) always fits, even after an interrupt */
	private final BlockingQueue<Batch> fFull = new ArrayBlockingQueue<>(BATCHES + 1);
	private final BlockingQueue<Batch> fFree = new ArrayBlockingQueue<>(BATCHES);
	private final Thread fThread;
	private volatile boolean fClosed;
	private @Nullable Batch fBatch;
	private int fIndex;
	private boolean fEnded;

	/** @param inner the source to read ahead; owned (and closed) by this one from now on */
	public ReadAheadSource(PacketSource inner) {
		super(inner);
		fInner = inner;
		fCapture = inner instanceof DissectedPacketSource d ? d.capture() : null;
		for (int i = 0; i < BATCHES; i++) {
			fFree.add(new Batch());
		}
		fThread = new Thread(this::produce, "feedscope read-ahead " + inner.name());
		// a reader must never keep a command-line JVM alive
		fThread.setDaemon(true);
	}

	/** Passes the fields on to the source read ahead; before the first {@link #advance()}. */
	@Override
	void fieldsRead(java.util.List<String> names) {
		fInner.readFields(names);
	}

	/**
	 * @param source a source to read
	 * @return when that can help (more than one processor, or the system property {@code feedscope.threads}
	 *         above 1): a source that reads a capture of its own (the CLI's) read and dissected by several
	 *         threads ({@link ParallelPacketSource}, {@link ParallelPacketSource#defaultThreads()} of them), any
	 *         other read ahead on a thread of its own; else the source itself; either way the caller closes what
	 *         it gets
	 */
	public static PacketSource wrap(PacketSource source) {
		int threads = ParallelPacketSource.defaultThreads();
		// default on 2+ cores: parallel even with one dissecting thread (it walks and dissects, the checks' thread
		// walks and dissects the next chunks itself while it would wait);
		// -Dfeedscope.threads=1 asks for the single reader one batch ahead
		boolean inParallel = ParallelPacketSource.threadsGiven() ? threads > 1 : Runtime.getRuntime().availableProcessors() > 1;
		if (inParallel) {
			PacketSource parallel = ParallelPacketSource.tryWrap(source, threads);
			if (parallel != null) {
				return parallel;
			}
		}
		return Runtime.getRuntime().availableProcessors() > 1 ? new ReadAheadSource(source) : source;
	}

	private void produce() {
		Batch b = null;
		CaptureLease lease = null;
		try {
			CaptureFile capture = fCapture;
			if (capture != null) {
				// a close of the capture interrupts a wait for the consumer: the lease must not outlive it
				Thread self = Thread.currentThread();
				lease = capture.lease(self::interrupt);
			}
			boolean more = true;
			while (more && !fClosed) {
				b = fFree.take();
				b.fSize = 0;
				while (b.fSize < BATCH && (more = fInner.advance())) {
					b.fEvents[b.fSize++].copyFrom(fInner.current());
					if (lease != null && lease.isCanceled()) {
						throw closed(capture);
					}
				}
				b.fLast = !more;
				fFull.put(b);
				b = null;
			}
		} catch (InterruptedException e) {
			if (lease != null && lease.isCanceled() && !fClosed) {
				// the capture closes: the consumer is told, after the events read before
				deliverLast(b, closed(fCapture));
			}
			// else closed while waiting: nobody reads any more
		} catch (RuntimeException | Error e) {
			// the events read before the failure are delivered first, then the failure
			deliverLast(b, e);
		} finally {
			if (lease != null) {
				lease.close();
			}
		}
	}

	private static CaptureClosedException closed(@Nullable CaptureFile capture) {
		return new CaptureClosedException((capture == null ? "capture" : capture.name()) + " was closed while being read");
	}

	/** Hands the consumer a last batch: the events of b (if any), then the error; never blocks. */
	private void deliverLast(@Nullable Batch b, Throwable error) {
		Batch last = b != null ? b : new Batch();
		last.fLast = true;
		last.fError = error;
		fFull.offer(last); // BATCHES + 1 places: there is room for it
	}

	@Override
	public boolean advance() {
		if (fEnded) {
			return false;
		}
		if (!started()) {
			markStarted();
			fThread.start();
		}
		Batch b = fBatch;
		if (b != null && fIndex + 1 < b.fSize) {
			fIndex++;
			return true;
		}
		while (true) {
			if (b != null) {
				if (b.fLast) {
					fEnded = true;
					Throwable error = b.fError;
					if (error instanceof RuntimeException re) {
						throw re;
					}
					if (error instanceof Error er) {
						throw er;
					}
					return false;
				}
				fFree.add(b);
			}
			try {
				b = fFull.take();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while reading " + fInner.name(), e);
			}
			fBatch = b;
			if (b.fSize > 0) {
				fIndex = 0;
				return true;
			}
		}
	}

	@Override
	public PacketEvent current() {
		Batch b = fBatch;
		if (b == null || fIndex >= b.fSize) {
			throw new IllegalStateException("no current event: advance() first");
		}
		return b.fEvents[fIndex];
	}

	/** @return the wrapped source (read by another thread until the end or {@link #close()}) */
	public PacketSource inner() {
		return fInner;
	}

	@Override
	public void close() {
		fClosed = true;
		if (fThread.isAlive()) {
			fThread.interrupt();
			try {
				fThread.join();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		fInner.close();
	}
}

package io.feedscope.capture.live;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.GrowingCapture;

/**
 * A running capture: the capture process, a thread reading its sync pipe (files, packet counts, drops,
 * errors) and a thread following the files it writes into one {@link LiveCapture}. {@link #stop()} ends the
 * capture process as Wireshark does (SIGTERM: dumpcap writes out what it buffered, closes the file and reports
 * its drops), then reads the files to their end. Drops are known while the capture runs from the statistics
 * block that ends each ring file (dumpcap's and the pcap4j process' alike) and from the pcap4j process' R
 * messages, and finally from the D message at the end.
 */
public final class LiveSession implements Closeable {
	/** how often the file being written is read for new frames */
	private static final long FOLLOW_MILLIS = 50;
	private static final long START_SECONDS = 15;

	private final CaptureService fService;
	private final CaptureSpec fSpec;
	private final Process fProcess;
	private final LiveCapture fCapture;
	private final AtomicLong fPackets = new AtomicLong();
	private volatile long fDrops = -1;
	private volatile @Nullable String fError;
	private final List<Path> fFiles = new CopyOnWriteArrayList<>();
	private final ConcurrentLinkedQueue<Path> fNewFiles = new ConcurrentLinkedQueue<>();
	private final CountDownLatch fStarted = new CountDownLatch(1);
	private final CountDownLatch fFollowed = new CountDownLatch(1);
	private volatile boolean fPipeEnded;
	private final Thread fReader;
	private final Thread fFollower;
	/** a second's packet count, for the rate */
	private long fRateTime = System.nanoTime();
	private long fRatePackets;
	private double fRate;

	LiveSession(CaptureService service, CaptureSpec spec, List<String> command) throws CaptureException {
		fService = service;
		fSpec = spec;
		fCapture = new LiveCapture(spec.directory(), spec.device() + " (live)");
		try {
			fProcess = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
			fProcess.getOutputStream().close();
		} catch (IOException e) {
			throw new CaptureException("cannot run " + command.get(0) + ": " + e.getMessage());
		}
		fReader = new Thread(this::readPipe, "feedscope-capture-pipe-" + spec.device());
		fReader.setDaemon(true);
		fFollower = new Thread(this::follow, "feedscope-capture-follow-" + spec.device());
		fFollower.setDaemon(true);
		fReader.start();
		fFollower.start();
	}

	/** Waits for the first file or a failure; on failure the process is gone and the message says why. */
	void awaitStart() throws CaptureException {
		try {
			if (!fStarted.await(START_SECONDS, TimeUnit.SECONDS)) {
				stopQuietly();
				throw new CaptureException(fService.processName() + " did not start capturing on " + fSpec.device() + " within " + START_SECONDS
						+ " s");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			stopQuietly();
			throw new CaptureException("interrupted while starting the capture");
		}
		String error = fError;
		if (fFiles.isEmpty()) {
			stopQuietly();
			throw new CaptureException(error != null ? error
					: fService.processName() + " ended without capturing on " + fSpec.device() + " (exit code " + exitCode() + ")");
		}
	}

	private int exitCode() {
		try {
			fProcess.waitFor(5, TimeUnit.SECONDS);
			return fProcess.isAlive() ? -1 : fProcess.exitValue();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void readPipe() {
		SyncPipe pipe = new SyncPipe(new ExitSafeStream(fProcess));
		try {
			for (SyncPipe.Message m = pipe.next(); m != null; m = pipe.next()) {
				switch (m.indicator()) {
				case 'F' -> {
					Path p = Path.of(m.text());
					if (!fFiles.isEmpty()) {
						// a ring switch: the capture process closed the previous file with its statistics block
						ringDrops(fFiles.get(fFiles.size() - 1));
					}
					fFiles.add(p);
					fNewFiles.add(p);
					fStarted.countDown();
				}
				case 'P' -> fPackets.addAndGet(parseLong(m.text()));
				case 'D' -> fDrops = parseLong(m.text().replaceFirst(":.*", ""));
				// the pcap4j capture process' drops so far, whenever they change (dumpcap does not send it)
				case 'R' -> fDrops = Math.max(fDrops, parseLong(m.text()));
				case 'B' -> fError = "capture filter '" + fSpec.filter() + "' is wrong for " + fSpec.device() + ": "
						+ m.text().replaceFirst("^\\d+:", "");
				case 'E', '?' -> fError = fService.explain(m.text(), fSpec.device());
				default -> {
					// S and others: nothing to show
				}
				}
			}
		} catch (IOException e) {
			if (fError == null) {
				fError = fService.processName() + "'s sync pipe could not be read: " + e.getMessage();
			}
		} finally {
			fPipeEnded = true;
			fStarted.countDown();
		}
	}

	/** The drops so far from the statistics block that ends a closed ring file (dumpcap writes one there). */
	private void ringDrops(Path closed) {
		long drops = PcapngStatistics.drops(closed);
		if (drops >= 0) {
			fDrops = Math.max(fDrops, drops);
		}
	}

	/**
	 * The process' error stream, read to the end even across its exit: when the process ends, the JDK moves
	 * what is still in the pipe into a buffer and closes the pipe, so a read under way fails with "Stream
	 * closed"; read again after the exit, the stream serves that buffer (dumpcap's last messages: the drops,
	 * an error).
	 */
	private static final class ExitSafeStream extends java.io.FilterInputStream {
		private final Process fP;

		ExitSafeStream(Process p) {
			super(p.getErrorStream());
			fP = p;
		}

		/** A read failed: once the process has ended and the JDK has swapped in the rest, read again. */
		private interface Read {
			int read() throws IOException;
		}

		private int retry(IOException first, Read read) throws IOException {
			try {
				if (!fP.waitFor(10, TimeUnit.SECONDS)) {
					throw first;
				}
				// the exit status is set before the streams are swapped: a few tries
				for (int i = 0; i < 50; i++) {
					try {
						return read.read();
					} catch (IOException e) {
						Thread.sleep(20);
					}
				}
			} catch (InterruptedException ie) {
				Thread.currentThread().interrupt();
			}
			throw first;
		}

		/** The end: genuine, or the JDK closed the pipe under the read and holds the rest in its buffer. */
		private int atEnd(Read read) throws IOException {
			try {
				return retry(new java.io.EOFException(), read);
			} catch (java.io.EOFException e) {
				return -1;
			}
		}

		@Override
		public int read() throws IOException {
			int r;
			try {
				r = super.read();
			} catch (IOException e) {
				return retry(e, super::read);
			}
			return r >= 0 ? r : atEnd(super::read);
		}

		@Override
		public int read(byte @Nullable [] b, int off, int len) throws IOException {
			int r;
			try {
				r = super.read(b, off, len);
			} catch (IOException e) {
				return retry(e, () -> super.read(b, off, len));
			}
			return r >= 0 ? r : atEnd(() -> super.read(b, off, len));
		}
	}

	private static long parseLong(String s) {
		try {
			return Long.parseLong(s.strip());
		} catch (NumberFormatException e) {
			return 0;
		}
	}

	/** Follows the file being written; a new file finishes the previous one (dumpcap closed it). */
	private void follow() {
		GrowingCapture current = null;
		try {
			while (true) {
				boolean ended = fPipeEnded; // read before the queue: a file reported before the end is in it
				for (Path p = fNewFiles.poll(); p != null; p = fNewFiles.poll()) {
					if (current != null) {
						current.finish();
					}
					try {
						current = GrowingCapture.follow(p, 5_000);
						fCapture.addPart(current);
					} catch (IOException e) {
						// the ring went round before the file could be opened: what it held is gone
						current = null;
						fError = p + " could not be followed (" + e.getMessage() + "); a larger ring keeps files longer";
					}
				}
				if (current != null) {
					current.poll();
				}
				if (ended) {
					if (current != null) {
						current.finish();
					}
					break;
				}
				Thread.sleep(FOLLOW_MILLIS);
			}
		} catch (IOException e) {
			fError = "the capture file could not be read: " + e.getMessage();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			fFollowed.countDown();
		}
	}

	/** @return the frames captured so far, one capture over all ring files; see {@link LiveCapture#refresh()} */
	public LiveCapture capture() {
		return fCapture;
	}

	public CaptureSpec spec() {
		return fSpec;
	}

	/** @return true while the capture process runs */
	public boolean isRunning() {
		return fProcess.isAlive();
	}

	/** @return packets, rate, drops, files, error: what the capture process reported */
	public synchronized CaptureStatus status() {
		long now = System.nanoTime();
		long packets = fPackets.get();
		if (now - fRateTime >= 900_000_000L) {
			fRate = (packets - fRatePackets) * 1e9 / (now - fRateTime);
			fRateTime = now;
			fRatePackets = packets;
		}
		boolean running = fProcess.isAlive();
		return new CaptureStatus(packets, running ? fRate : 0, fDrops, List.copyOf(fFiles), running, fError);
	}

	/**
	 * Waits for the capture to end by itself ({@link CaptureSpec#durationSeconds()}) or by {@link #stop()}, and
	 * for its files to be read to the end.
	 *
	 * @return true if it ended within the time
	 */
	public boolean awaitEnd(long millis) throws InterruptedException {
		long deadline = System.nanoTime() + millis * 1_000_000L;
		if (!fProcess.waitFor(millis, TimeUnit.MILLISECONDS)) {
			return false;
		}
		return fFollowed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	/**
	 * Stops the capture: SIGTERM to the capture process (it flushes and closes its file and reports drops),
	 * then waits until the files are read to their end; {@link #capture()} is complete afterwards.
	 */
	public void stop() throws IOException {
		// SIGTERM through the handle: Process.destroy() would also close our end of the sync pipe, losing
		// dumpcap's last messages (its drops)
		fProcess.toHandle().destroy();
		try {
			if (!fProcess.waitFor(10, TimeUnit.SECONDS)) {
				fProcess.destroyForcibly();
				fProcess.waitFor(5, TimeUnit.SECONDS);
			}
			fReader.join(5_000);
			fFollowed.await(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new java.io.InterruptedIOException("interrupted while stopping the capture");
		}
		fCapture.refresh();
	}

	private void stopQuietly() {
		try {
			stop();
		} catch (IOException e) {
			// already failing: the caller reports the first cause
		}
	}

	/** Stops the capture if it runs; the capture ({@link #capture()}) stays open: its owner closes it. */
	@Override
	public void close() throws IOException {
		if (fProcess.isAlive()) {
			stop();
		}
	}

	/** @return the files written, oldest first */
	public List<Path> files() {
		return new ArrayList<>(fFiles);
	}
}

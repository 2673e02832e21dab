package io.feedscope.capture.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.feedscope.capture.CaptureFile;
import io.feedscope.capture.CaptureProblem;
import io.feedscope.capture.IndexMonitor;
import io.feedscope.capture.RecordClock;

/**
 * Detects the format and opens the matching reader: gzip by its magic (then the rest on the
 * decompressed copy), pcap and pcapng by their magic, BinaryFILE by its extension or by a strict look
 * at its first messages.
 */
public final class CaptureOpener {

	private CaptureOpener() {
	}

	public static CaptureFile open(Path file, IndexMonitor monitor) throws IOException {
		return open(file, monitor, RecordClock.NONE);
	}

	/** @param clock times the records of a record file (BinaryFILE); other formats ignore it */
	public static CaptureFile open(Path file, IndexMonitor monitor, RecordClock clock) throws IOException {
		return open(file, monitor, MappedFile.CHUNK_SHIFT, MappedFile.OVERLAP, GzipCache.standard(), clock);
	}

	/** With the cache for gzip copies given, for tests of the cache. */
	static CaptureFile open(Path file, IndexMonitor monitor, GzipCache cache) throws IOException {
		return open(file, monitor, MappedFile.CHUNK_SHIFT, MappedFile.OVERLAP, cache, RecordClock.NONE);
	}

	/** With the mapping's chunk size and overlap given, for tests of the chunk boundaries. */
	static CaptureFile open(Path file, IndexMonitor monitor, int chunkShift, int overlap) throws IOException {
		return open(file, monitor, chunkShift, overlap, GzipCache.standard(), RecordClock.NONE);
	}

	private static CaptureFile open(Path file, IndexMonitor monitor, int chunkShift, int overlap, GzipCache cache,
			RecordClock clock) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IOException(file + ": no such file");
		}
		String name = file.getFileName().toString();
		byte[] head = new byte[2];
		int n;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(head, 0, 2);
		}
		if (n == 2 && GzipCache.isGzip(head[0], head[1])) {
			long compressed = Files.size(file);
			GzipCache.Entry entry;
			try {
				entry = cache.acquire(file, Progress.scaled(monitor, 0, compressed, 2 * compressed));
			} catch (InterruptedIOException e) {
				throw e;
			} catch (IOException e) {
				throw new IOException(file + ": gzip file that cannot be decompressed (" + e.getMessage() + ")", e);
			}
			try {
				List<CaptureProblem> problems = entry.damage() == null ? List.of()
						: List.of(new CaptureProblem(file, entry.damageOffset(), 0,
								entry.damage() + "; the capture is read up to there"));
				MappedFile mapped = new MappedFile(entry.file(), chunkShift, overlap);
				return detect(mapped, new Opened(mapped, file, name, problems, entry,
						Progress.scaled(monitor, compressed, compressed, 2 * compressed)), GzipCache.stripGz(name), clock);
			} catch (IOException | RuntimeException e) {
				entry.close();
				throw e;
			}
		}
		MappedFile mapped = new MappedFile(file, chunkShift, overlap);
		return detect(mapped, new Opened(mapped, file, name, List.of(), null, monitor), name, clock);
	}

	/** Publishes the final state (problems found after the last report too) and tells the monitor. */
	private static CaptureFile finish(AbstractCapture capture, Opened opened) {
		capture.publish();
		opened.monitor().published(capture, capture.frameCount());
		return capture;
	}

	/**
	 * @param detectName the name to judge the extension by (without .gz)
	 * @param clock times the records of a record file
	 */
	private static CaptureFile detect(MappedFile mapped, Opened opened, String detectName, RecordClock clock)
			throws IOException {
		Path file = opened.path();
		try {
			Progress.checkCanceled(opened.monitor(), file);
			// magic first: a pcap named like a day file is still a pcap
			int magic = mapped.size() < 4 ? 0 : mapped.getInt(0, ByteOrder.BIG_ENDIAN);
			if (CaptureParser.isMagic(magic)) {
				return finish(new ParsedCapture(opened), opened);
			}
			if (BinaryFile.hasExtension(detectName) || BinaryFile.looksLikeBinaryFile(mapped)) {
				return finish(new BinaryFile(opened, clock), opened);
			}
			if (mapped.size() < 4) {
				throw new IOException(file + ": too short to be a capture (" + mapped.size() + " bytes"
						+ (opened.release() != null ? " after decompression" : "") + ")");
			}
			throw new IOException(file + ": not a capture FeedScope reads (first bytes " + String.format("%08x", magic)
					+ (opened.release() != null ? " after decompression" : "") + ")");
		} catch (IOException | RuntimeException e) {
			mapped.close();
			throw e;
		}
	}
}

package io.feedscope.capture.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.feedscope.capture.CaptureInterface;
import io.feedscope.capture.CaptureSection;
import io.feedscope.capture.GrowingCapture;
import io.feedscope.capture.IndexMonitor;

/**
 * {@link GrowingCapture}: the indexed reader ({@link ParsedCapture}'s loop, the same {@link CaptureParser})
 * over a {@link GrowingInput}, with the parser in follow mode until {@link #finish()}.
 */
public final class FollowingCapture extends AbstractCapture implements GrowingCapture {
	/** pcap's global header; a pcapng section header is longer, and the parser waits for the rest */
	private static final int HEADER = 24;

	private final GrowingInput fInput;
	private final CaptureParser fParser;
	private final Object fLock = new Object();
	private volatile boolean fFinished;

	private FollowingCapture(Opened opened, GrowingInput input) throws IOException {
		super(opened, CaptureParser.formatOf(input));
		fInput = input;
		CaptureParser parser = CaptureParser.create(input, new CaptureParser.Sink() {
			@Override
			public void problem(long offset, int frame, String message) {
				FollowingCapture.this.problem(offset, frame, message);
			}

			@Override
			public void addInterface(CaptureInterface i) {
				FollowingCapture.this.addInterface(i);
			}

			@Override
			public void addSection(CaptureSection s) {
				fSections.add(s);
			}
		}, CaptureParser.RecordHook.NONE);
		if (parser == null) {
			throw new IOException(opened.path() + ": not a pcap or pcapng file");
		}
		fParser = parser;
		parser.follow(true);
		poll();
	}

	/** See {@link GrowingCapture#follow(Path, long)}. */
	public static FollowingCapture open(Path file, long waitMillis) throws IOException {
		long deadline = System.nanoTime() + waitMillis * 1_000_000L;
		// the writer creates the file, then writes its header: wait for both
		while (!Files.isRegularFile(file) || Files.size(file) < HEADER) {
			if (System.nanoTime() >= deadline) {
				throw new IOException(file + (Files.isRegularFile(file)
						? ": no capture header after " + waitMillis + " ms (" + Files.size(file) + " bytes)"
						: ": no such file after " + waitMillis + " ms"));
			}
			try {
				Thread.sleep(10);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException(file + ": interrupted while waiting for the capture header");
			}
		}
		MappedFile map = new MappedFile(file);
		try {
			int magic = map.getInt(0, ByteOrder.BIG_ENDIAN);
			if (!CaptureParser.isMagic(magic)) {
				throw new IOException(file + ": not a pcap or pcapng file (first bytes " + String.format("%08x", magic) + ")");
			}
			GrowingInput input = new GrowingInput(map);
			Path name = file.getFileName();
			return new FollowingCapture(new Opened(map, file, name == null ? file.toString() : name.toString(),
					List.of(), input, IndexMonitor.NONE), input);
		} catch (IOException | RuntimeException e) {
			map.close();
			throw e;
		}
	}

	@Override
	public int poll() throws IOException {
		synchronized (fLock) {
			if (!fFinished) {
				fParser.grownTo(fInput.remap());
				index(fParser);
				publish();
			}
			return frameCount();
		}
	}

	@Override
	public void finish() throws IOException {
		synchronized (fLock) {
			if (fFinished) {
				return;
			}
			fParser.grownTo(fInput.remap());
			fParser.follow(false); // a record still cut now stays cut: damage, reported
			index(fParser);
			fFinished = true;
			publish();
		}
	}

	@Override
	public boolean isFinished() {
		return fFinished;
	}

	/** From the current mapping: the first one ends where the file ended when following began. */
	@Override
	public ByteBuffer frameData(int frame) {
		return fInput.slice(fIndex.offset(frame), fIndex.capturedLength(frame));
	}
}

package io.feedscope.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import io.feedscope.capture.internal.CaptureParser;
import io.feedscope.capture.internal.StreamInput;

/**
 * A pcap or pcapng file read once, front to back, one frame at a time ({@link Captures#stream(Path)}), for
 * analyses of captures of any size: memory stays flat (one read buffer and one frame buffer, both reused)
 * where an indexed {@link CaptureFile} keeps about 25 bytes per frame on the heap (1.5 GB for 60 million
 * frames). No random access.
 * <p>
 * The parsing is the indexed reader's, record for record (one parser, two front ends): frame numbers,
 * timestamps, interfaces, link types, lengths, comments and problems (message, file offset, frame) are
 * the ones {@link Captures#open(Path)} gives for the same file. Damage that stops the indexed reader ends
 * the stream at the same frame; damage it skips (a packet block on an undefined interface) is skipped here
 * too. Problems are complete once {@link #next()} returned false. gzip and BinaryFILE are not streamed
 * ({@link Captures#canStream(Path)} tells): open those with {@link Captures#open(Path)}.
 * <p>
 * Not thread-safe: one reading thread.
 */
public final class StreamedCapture implements Closeable {

	private final Path fPath;
	private final StreamInput fIn;
	private final CaptureParser fParser;
	private final List<CaptureProblem> fProblems = new ArrayList<>();
	private final List<CaptureInterface> fInterfaces = new ArrayList<>();
	private final List<CaptureSection> fSections = new ArrayList<>();
	private boolean fEnded;

	// the current frame's bytes
	private byte[] fFrame = new byte[65536];
	private ByteBuffer fFrameBuffer = ByteBuffer.wrap(fFrame);

	private StreamedCapture(Path path, StreamInput in) throws IOException {
		fPath = path;
		fIn = in;
		if (in.size() < 4) {
			throw new IOException(path + ": too short to be a capture (" + in.size() + " bytes)");
		}
		CaptureParser parser = CaptureParser.create(in, new CaptureParser.Sink() {
			@Override
			public void problem(long offset, int frame, String message) {
				fProblems.add(new CaptureProblem(fPath, offset, frame, message));
			}

			@Override
			public void addInterface(CaptureInterface i) {
				fInterfaces.add(i);
			}

			@Override
			public void addSection(CaptureSection s) {
				fSections.add(s);
			}
		}, CaptureParser.RecordHook.NONE);
		if (parser == null) {
			throw new IOException(path + ": not a pcap or pcapng file (first bytes "
					+ String.format("%08x", CaptureParser.magic(in)) + ")");
		}
		fParser = parser;
	}

	/** See {@link Captures#stream(Path)}. */
	static StreamedCapture open(Path file) throws IOException {
		StreamInput in = new StreamInput(file);
		try {
			return new StreamedCapture(file, in);
		} catch (IOException | RuntimeException e) {
			in.close();
			throw e;
		}
	}

	/** See {@link Captures#canStream(Path)}. */
	static boolean canStream(Path file) {
		try (StreamInput in = new StreamInput(file)) {
			return CaptureParser.isMagic(CaptureParser.magic(in));
		} catch (IOException | UncheckedIOException e) {
			return false;
		}
	}

	public Path path() {
		return fPath;
	}

	public String name() {
		Path n = fPath.getFileName();
		return n == null ? fPath.toString() : n.toString();
	}

	public CaptureFormat format() {
		return fParser.format();
	}

	/**
	 * @return what could not be read, with file offset and frame, as far as the file was read; the same
	 *         list as {@link CaptureFile#problems()} once {@link #next()} returned false
	 */
	public List<CaptureProblem> problems() {
		return fProblems;
	}

	/** @return the interfaces met so far, numbered as {@link CaptureFile#interfaces()} numbers them */
	public List<CaptureInterface> interfaces() {
		return fInterfaces;
	}

	/** @return the pcapng sections met so far */
	public List<CaptureSection> sections() {
		return fSections;
	}

	/**
	 * Moves to the next frame.
	 *
	 * @return false at the end of the file, or at damage that stops reading (then listed in
	 *         {@link #problems()}); false from then on
	 */
	public boolean next() {
		if (fEnded) {
			return false;
		}
		try {
			if (!fParser.next()) {
				fEnded = true;
				return false;
			}
			int length = fParser.frameCapturedLength();
			if (fFrame.length < length) {
				fFrame = new byte[Math.max(length, fFrame.length * 2)];
				fFrameBuffer = ByteBuffer.wrap(fFrame);
			}
			fIn.copy(fParser.frameOffset(), fFrame, 0, length);
			fFrameBuffer.limit(length).position(0);
			return true;
		} catch (IOException | UncheckedIOException e) {
			// the file could not be read (an I/O error, or it shrank): what was read stands
			fProblems.add(new CaptureProblem(fPath, fParser.position(), fParser.frames() + 1,
					"read error (" + e.getMessage() + "); reading stops here"));
			fEnded = true;
			return false;
		}
	}

	/** @return 1-based number of the current frame */
	public int frame() {
		return fParser.frames();
	}

	/** @return capture time in nanoseconds since the Unix epoch; 0 if {@link #hasTimestamp()} is false */
	public long timestampNanos() {
		return fParser.frameTime();
	}

	/** @return false if the file holds no time for the frame (pcapng Simple Packet Block) */
	public boolean hasTimestamp() {
		return fParser.frameHasTime();
	}

	public int capturedLength() {
		return fParser.frameCapturedLength();
	}

	public int originalLength() {
		return fParser.frameOriginalLength();
	}

	/** @return the frame's link-layer type, a {@link LinkType} constant */
	public int linkType() {
		return fParser.frameLinkType();
	}

	/** @return the pcapng interface id within the frame's section (0 for pcap), as {@link CaptureFile#interfaceId(int)} */
	public int interfaceId() {
		return fParser.frameLocalInterface();
	}

	/** @return the frame's interface, as {@link CaptureFile#frameInterface(int)} */
	public CaptureInterface frameInterface() {
		return fInterfaces.get(fParser.frameInterface());
	}

	/** @return the frame's comment (several joined with a newline), or null */
	public @Nullable String comment() {
		return fParser.frameComment();
	}

	/** @return the current frame's bytes, position 0, limit the captured length; reused by the next frame */
	public ByteBuffer data() {
		return fFrameBuffer;
	}

	@Override
	public void close() throws IOException {
		fIn.close();
	}
}
